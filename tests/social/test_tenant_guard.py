"""The session guard of core/database.py: the safety net under the services' own checks.

A session bound to a tenant adds `tenant_id = :tenant` to every ORM query on a
tenant-scoped model, so even a query written without a tenant filter cannot read
or change another firm's rows. A session bound to no tenant refuses such queries,
unless it was opened as a system session.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, select, text, update

from core.database import TenantScopeError, bind_tenant
from social.actor import Actor
from social.models import Comment, Post, Space, Tenant, User
from social.services import comments, people
from tests.factories import identity, make_post, make_space
from tests.social.conftest import building_session


@dataclass(frozen=True)
class TwoFirms:
    a_tenant: int
    b_tenant: int
    a_post_id: int
    b_post_id: int
    a_admin: people.Identity
    b_admin: people.Identity


@pytest.fixture(scope="module")
def two_firms(module_database) -> TwoFirms:
    """Built once; no test below commits anything, so each sees it as built."""
    a_admin = identity("firm-a.fr", "Alice Admin")
    b_admin = identity("firm-b.fr", "Bob Boss")
    with building_session(module_database) as db:
        a = Actor.of(people.enroll_user(db, a_admin))
        b = Actor.of(people.enroll_user(db, b_admin))
        a_post = make_post(db, a, make_space(db, a, "Général"), "Chez A")
        b_post = make_post(db, b, make_space(db, b, "Général"), "Chez B")
        comments.add_comment(db, a, a_post.discussion_id, "Comment in A")
        db.commit()
    return TwoFirms(a.tenant_id, b.tenant_id, a_post.id, b_post.id, a_admin, b_admin)


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
        database, two_firms):
    with database.session(two_firms.b_tenant, write=True) as session:
        updated = session.execute(update(Post).values(body_md="overwritten")).rowcount
        deleted = session.execute(delete(Space)).rowcount

        # Raw SQL is not guarded: it shows every firm's rows, inside this same transaction.
        bodies = dict(session.execute(text("SELECT id, body_md FROM posts")).all())
        space_tenants = session.scalars(text("SELECT tenant_id FROM spaces")).all()
        session.rollback()

    assert (updated, deleted) == (1, 1)
    assert bodies == {two_firms.a_post_id: "Chez A"}  # B's post went with its space
    assert space_tenants == [two_firms.a_tenant]


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
        user = people.enroll_user(session, two_firms.b_admin)
        assert session.info["tenant_id"] == two_firms.b_tenant == user.tenant_id
        assert [post.id for post in session.scalars(select(Post))] == [two_firms.b_post_id]
        session.rollback()


def test_a_system_session_reads_every_firm_even_after_someone_signs_in_through_it(
        database, two_firms):
    with database.system_session() as session:
        people.enroll_user(session, two_firms.b_admin)
        people.enroll_user(session, two_firms.a_admin)
        tenants = set(session.scalars(select(Post.tenant_id)))
        session.rollback()
    assert tenants == {two_firms.a_tenant, two_firms.b_tenant}
