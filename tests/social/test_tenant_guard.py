"""The session guard of core/database.py: the safety net under the services' own checks.

A session bound to a tenant adds `tenant_id = :tenant` to every ORM query on a
tenant-scoped model, so even a query written without a tenant filter cannot read
or change another firm's rows. A session bound to no tenant refuses such queries,
unless it was opened as a system session.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, select, update

from core.database import TenantScopeError, bind_tenant
from social.models import Comment, Post, Space, Tenant, User
from social.services import comments, people
from tests.factories import identity, make_firm, make_post, make_space


@dataclass(frozen=True)
class TwoFirms:
    a_tenant: int
    b_tenant: int
    a_post_id: int
    b_post_id: int


@pytest.fixture
def two_firms(db) -> TwoFirms:
    a, b = make_firm(db, "firm-a.fr", "Alice Admin"), make_firm(db, "firm-b.fr", "Bob Boss")
    a_post = make_post(db, a.admin, make_space(db, a.admin, "Général"), "Chez A")
    b_post = make_post(db, b.admin, make_space(db, b.admin, "Général"), "Chez B")
    comments.add_comment(db, a.admin, a_post.discussion_id, "Comment in A")
    db.commit()  # SQLite: let the other sessions of these tests take the write lock
    return TwoFirms(a.tenant_id, b.tenant_id, a_post.id, b_post.id)


def test_a_session_bound_to_a_firm_reads_none_of_another_firms_rows_without_any_filter(
        database, two_firms):
    with database.session(two_firms.b_tenant) as session:
        assert [post.id for post in session.scalars(select(Post))] == [two_firms.b_post_id]
        assert session.get(Post, two_firms.a_post_id) is None
        assert session.scalar(select(func.count()).select_from(Post)) == 1
        assert session.scalars(select(Comment)).all() == []
        assert {user.tenant_id for user in session.scalars(select(User))} == \
            {two_firms.b_tenant}
        joined = session.execute(select(Post.id, Space.name)
                                 .join(Space, Space.id == Post.space_id)).all()
        assert joined == [(two_firms.b_post_id, "Général")]


def test_a_session_bound_to_a_firm_updates_and_deletes_only_that_firms_rows(
        database, db, two_firms):
    with database.session(two_firms.b_tenant, write=True) as session:
        session.execute(update(Post).values(body_md="overwritten"))
        session.execute(delete(Space))
        session.commit()

    db.expire_all()
    assert db.scalar(select(Post.body_md).where(Post.id == two_firms.a_post_id)) == "Chez A"
    assert db.scalars(select(Space.tenant_id)).all() == [two_firms.a_tenant]


@pytest.mark.parametrize("statement", [
    pytest.param(select(Post), id="select(Post)"),
    pytest.param(select(Post.id, Post.body_md), id="select(Post.id, Post.body_md)"),
    pytest.param(select(func.count()).select_from(User), id="count(*) from users"),
    pytest.param(select(Tenant.id).join(User, User.tenant_id == Tenant.id),
                 id="tenants joined to users"),
    pytest.param(select(Tenant.id).where(Tenant.id.in_(select(Post.tenant_id))),
                 id="tenants with posts, as a subquery"),
    pytest.param(update(Post).values(body_md="x"), id="update(Post)"),
    pytest.param(delete(Comment), id="delete(Comment)"),
])
def test_a_session_bound_to_no_firm_refuses_any_query_on_firm_data(database, two_firms,
                                                                   statement):
    with database.session() as session:
        with pytest.raises(TenantScopeError):
            session.execute(statement)


def test_a_session_bound_to_no_firm_may_still_look_up_firms_themselves(database, two_firms):
    with database.session() as session:
        domains = session.scalars(select(Tenant.domain).order_by(Tenant.domain)).all()
    assert domains == ["firm-a.fr", "firm-b.fr"]


def test_a_session_cannot_be_rebound_to_another_firm(database, two_firms):
    with database.session(two_firms.a_tenant) as session:
        bind_tenant(session, two_firms.a_tenant)  # the same firm again is fine
        with pytest.raises(TenantScopeError):
            bind_tenant(session, two_firms.b_tenant)
        assert session.scalar(select(func.count()).select_from(Post)) == 1


def test_signing_in_binds_a_request_session_to_the_persons_firm(database, two_firms):
    with database.session(write=True) as session:
        user = people.enroll_user(session, identity("firm-b.fr", "Zoé Durand"))
        assert session.info["tenant_id"] == two_firms.b_tenant == user.tenant_id
        assert [post.id for post in session.scalars(select(Post))] == [two_firms.b_post_id]


def test_a_system_session_reads_every_firm_even_after_someone_signs_in_through_it(
        database, two_firms):
    with database.system_session() as session:
        people.enroll_user(session, identity("firm-b.fr", "Zoé Durand"))
        people.enroll_user(session, identity("firm-c.fr", "Chloé Chef"))
        tenants = set(session.scalars(select(Post.tenant_id)))
    assert tenants == {two_firms.a_tenant, two_firms.b_tenant}
