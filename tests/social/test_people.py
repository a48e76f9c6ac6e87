"""People of a firm: enrolment, the admin role, deactivation, and what a deactivated person may do
(nothing at all)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from social.actor import Actor
from social.errors import Conflict, Forbidden, InvalidInput
from social.models import AuditEntry, TenantRole, User
from social.services import (audit, comments, feeds, files, overviews, people, posts, profiles,
                             publishing, reactions, spaces, writing)
from social.views import PostView
from tests.factories import (Firm, deactivate, drive_file, identity, make_firm, make_person,
                             make_post, make_space, user_row)
from tests.social.conftest import building_session


def test_the_first_person_of_a_firm_becomes_its_admin_and_the_next_ones_members(db):
    first = people.enroll_user(db, identity("atelier.fr", "Alice Admin"))
    second = people.enroll_user(db, identity("atelier.fr", "Bob Membre"))
    elsewhere = people.enroll_user(db, identity("cabinet.fr", "Chloé Chef"))

    assert (first.role, second.role, elsewhere.role) == ("admin", "member", "admin")
    assert first.tenant_id == second.tenant_id != elsewhere.tenant_id


def test_signing_in_again_finds_the_same_person_and_refreshes_their_name(db):
    me = identity("atelier.fr", "Alice Admin")
    first = people.enroll_user(db, me)

    again = people.enroll_user(db, people.Identity(me.subject, me.email.upper(), "ATELIER.FR",
                                                   name="Alice Dupont-Admin"))

    assert again.id == first.id and again.name == "Alice Dupont-Admin"
    assert again.name_folded == "alice dupont-admin" and again.email == me.email
    assert db.scalars(select(User.id).where(User.tenant_id == first.tenant_id)).all() == \
        [first.id]


def test_people_get_distinct_handles_from_their_email(db):
    firm = make_firm(db, "atelier.fr")
    one = make_person(db, firm, "Léa Martin", email="lea.martin@atelier.fr")
    two = make_person(db, firm, "Léa Martin", email="lea.martin@other-mail.fr")
    three = make_person(db, firm, "Léa Martin", email="lea-martin@atelier.fr")

    assert [user_row(db, person).handle for person in (one, two, three)] == [
        "lea.martin", "lea.martin2", "lea-martin"]


@dataclass(frozen=True)
class Firmwide:
    firm: Firm
    lea: Actor
    paul: Actor


@pytest.fixture(scope="module")
def firmwide(module_database) -> Firmwide:
    with building_session(module_database) as db:
        firm = make_firm(db, "firm-a.fr")
        return Firmwide(firm, make_person(db, firm, "Léa Martin"),
                        make_person(db, firm, "Paul Petit"))


@pytest.fixture
def db(firmwide, rolled_back_db):
    """The tests of this module share one firm (and one departed colleague, below), built
    once; what each test changes is rolled back after it."""
    return rolled_back_db


def test_an_admin_names_another_admin_and_that_is_audited(db, firmwide):
    user = people.set_tenant_role(db, firmwide.firm.admin, firmwide.lea.user_id, "admin")

    assert user.role == "admin" and user_row(db, firmwide.lea).role == "admin"
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "user.role_changed"))
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.details) == (
        firmwide.firm.admin.user_id, "user", str(firmwide.lea.user_id),
        {"before": "member", "after": "admin"})


def test_a_member_cannot_change_anyones_role(db, firmwide):
    with pytest.raises(Forbidden):
        people.set_tenant_role(db, firmwide.lea, firmwide.lea.user_id, "admin")
    with pytest.raises(Forbidden):
        people.set_tenant_role(db, firmwide.lea, firmwide.paul.user_id, "guest")

    assert (user_row(db, firmwide.lea).role, user_row(db, firmwide.paul).role) == ("member",
                                                                                    "member")


def test_an_unknown_firm_role_is_refused(db, firmwide):
    with pytest.raises(InvalidInput):
        people.set_tenant_role(db, firmwide.firm.admin, firmwide.lea.user_id, "superuser")


def test_the_last_admin_cannot_step_down(db, firmwide):
    admin = firmwide.firm.admin

    with pytest.raises(Conflict):
        people.set_tenant_role(db, admin, admin.user_id, "member")

    assert user_row(db, admin).role == "admin"


def test_the_last_admin_cannot_be_deactivated(db, firmwide):
    admin = firmwide.firm.admin

    with pytest.raises(Conflict):
        people.deactivate_user(db, admin, admin.user_id)

    assert user_row(db, admin).is_active


def test_an_admin_may_step_down_once_another_admin_is_named(db, firmwide):
    admin = firmwide.firm.admin
    people.set_tenant_role(db, admin, firmwide.lea.user_id, "admin")

    people.set_tenant_role(db, admin, admin.user_id, "member")

    assert user_row(db, admin).role == "member"
    with pytest.raises(Conflict):  # Léa is now the last one
        people.set_tenant_role(db, Actor.of(user_row(db, firmwide.lea)), firmwide.lea.user_id,
                               "member")


def test_a_deactivated_admin_does_not_count_as_an_admin_left(db, firmwide):
    admin = firmwide.firm.admin
    people.set_tenant_role(db, admin, firmwide.lea.user_id, "admin")
    people.deactivate_user(db, admin, firmwide.lea.user_id)

    with pytest.raises(Conflict):
        people.set_tenant_role(db, admin, admin.user_id, "member")

    assert user_row(db, admin).role == "admin"


def test_deactivating_and_reactivating_a_person_is_audited_and_keeps_their_posts(db, firmwide):
    admin = firmwide.firm.admin
    space_id = make_space(db, admin, "Général", members=(firmwide.lea,))
    post = make_post(db, firmwide.lea, space_id, "Mon dernier post")

    gone = people.deactivate_user(db, admin, firmwide.lea.user_id)

    assert not gone.is_active
    kept = posts.get_post(db, firmwide.paul, post.id)
    assert (kept.body_md, kept.author.id) == ("Mon dernier post", firmwide.lea.user_id)
    assert firmwide.lea.user_id not in {
        e.person.id for e in profiles.search_directory(db, firmwide.paul).items}
    again = people.enroll_user(db, identity_of(db, firmwide.lea))
    assert not again.is_active  # signing in again does not reactivate anyone

    back = people.reactivate_user(db, admin, firmwide.lea.user_id)

    assert back.is_active
    assert posts.create_post(db, Actor.of(back), space_id, "Me revoilà").author.id == back.id
    actions = db.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "user").order_by(AuditEntry.id)).all()
    assert actions == ["user.deactivated", "user.reactivated"]


def identity_of(db, person: Actor) -> people.Identity:
    user = user_row(db, person)
    return people.Identity(user.google_sub, user.email, "firm-a.fr", name=user.name)


def test_a_member_cannot_deactivate_anyone(db, firmwide):
    with pytest.raises(Forbidden):
        people.deactivate_user(db, firmwide.lea, firmwide.paul.user_id)

    assert user_row(db, firmwide.paul).is_active


# A deactivated person is refused everywhere, even as an admin and an owner.

@dataclass(frozen=True)
class Departed:
    gone: Actor          # was an admin, owner of a space, author of a post and a comment
    colleague: Actor
    space_id: int
    post: PostView
    comment_id: int
    handle: str


@pytest.fixture(scope="module")
def departed(module_database) -> Departed:
    with building_session(module_database) as db:
        firm = make_firm(db, "depart.fr")
        dan = make_person(db, firm, "Dan Departed", role=TenantRole.ADMIN)
        colleague = make_person(db, firm, "Léa Martin")
        space_id = make_space(db, dan, "Son espace", members=(colleague,))
        post = make_post(db, dan, space_id, "Au revoir #depart", (drive_file(),))
        comment = comments.add_comment(db, dan, post.discussion_id, "Merci à tous")
        reactions.react(db, dan, post.discussion_id)
        spaces.join_space(db, colleague, make_space(db, dan, "Privé", visibility="private"))
        return Departed(deactivate(db, firm, dan), colleague, space_id, post, comment.id,
                        user_row(db, dan).handle)


REFUSED = {
    "spaces.create_space": lambda db, d: spaces.create_space(db, d.gone, name="Nouveau"),
    "spaces.list_spaces": lambda db, d: spaces.list_spaces(db, d.gone),
    "spaces.get_space": lambda db, d: spaces.get_space(db, d.gone, d.space_id),
    "spaces.list_members": lambda db, d: spaces.list_members(db, d.gone, d.space_id),
    "spaces.join_space": lambda db, d: spaces.join_space(db, d.gone, d.space_id),
    "spaces.leave_space": lambda db, d: spaces.leave_space(db, d.gone, d.space_id),
    "spaces.invite_member": lambda db, d: spaces.invite_member(db, d.gone, d.space_id,
                                                                d.colleague.user_id),
    "spaces.invite_guest": lambda db, d: spaces.invite_guest(db, d.gone, d.space_id,
                                                              email="x@client.example"),
    "spaces.list_join_requests": lambda db, d: spaces.list_join_requests(db, d.gone,
                                                                          d.space_id),
    "spaces.answer_join_request": lambda db, d: spaces.answer_join_request(
        db, d.gone, d.space_id, d.colleague.user_id, accept=True),
    "spaces.remove_member": lambda db, d: spaces.remove_member(db, d.gone, d.space_id,
                                                                d.colleague.user_id),
    "spaces.set_member_role": lambda db, d: spaces.set_member_role(
        db, d.gone, d.space_id, d.colleague.user_id, "owner"),
    "spaces.rename_space": lambda db, d: spaces.rename_space(db, d.gone, d.space_id,
                                                              name="Renommé"),
    "spaces.set_space_archived": lambda db, d: spaces.set_space_archived(db, d.gone,
                                                                          d.space_id, True),
    "posts.create_post": lambda db, d: posts.create_post(db, d.gone, d.space_id, "Encore"),
    "posts.get_post": lambda db, d: posts.get_post(db, d.gone, d.post.id),
    "posts.edit_post": lambda db, d: posts.edit_post(db, d.gone, d.post.id, "Modifié"),
    "posts.post_history": lambda db, d: posts.post_history(db, d.gone, d.post.id),
    "posts.delete_post": lambda db, d: posts.delete_post(db, d.gone, d.post.id),
    "posts.set_pinned": lambda db, d: posts.set_pinned(db, d.gone, d.post.id, True),
    "posts.set_featured": lambda db, d: posts.set_featured(db, d.gone, d.post.id, True),
    "comments.add_comment": lambda db, d: comments.add_comment(db, d.gone, d.post.discussion_id,
                                                                "Encore"),
    "comments.list_comments": lambda db, d: comments.list_comments(db, d.gone,
                                                                    d.post.discussion_id),
    "comments.get_comment": lambda db, d: comments.get_comment(db, d.gone, d.comment_id),
    "comments.edit_comment": lambda db, d: comments.edit_comment(db, d.gone, d.comment_id,
                                                                  "Modifié"),
    "comments.comment_history": lambda db, d: comments.comment_history(db, d.gone,
                                                                        d.comment_id),
    "comments.delete_comment": lambda db, d: comments.delete_comment(db, d.gone, d.comment_id),
    "reactions.react": lambda db, d: reactions.react(db, d.gone, d.post.discussion_id, "tada"),
    "reactions.unreact": lambda db, d: reactions.unreact(db, d.gone, d.post.discussion_id),
    "reactions.reactions_of": lambda db, d: reactions.reactions_of(db, d.gone,
                                                                    d.post.discussion_id),
    "files.open_file_discussion": lambda db, d: files.open_file_discussion(db, d.gone,
                                                                            drive_file()),
    "files.file_overview": lambda db, d: files.file_overview(db, d.gone, drive_file()),
    "files.comment_on_file": lambda db, d: files.comment_on_file(db, d.gone, drive_file(),
                                                                  "Vu"),
    "files.react_to_file": lambda db, d: files.react_to_file(db, d.gone, drive_file()),
    "files.unreact_to_file": lambda db, d: files.unreact_to_file(db, d.gone, drive_file()),
    "feeds.space_feed": lambda db, d: feeds.space_feed(db, d.gone, d.space_id),
    "feeds.pinned_posts": lambda db, d: feeds.pinned_posts(db, d.gone, d.space_id),
    "feeds.home_feed": lambda db, d: feeds.home_feed(db, d.gone),
    "feeds.tag_feed": lambda db, d: feeds.tag_feed(db, d.gone, "depart"),
    "profiles.get_profile by id": lambda db, d: profiles.get_profile(
        db, d.gone, user_id=d.colleague.user_id),
    "profiles.get_profile by handle": lambda db, d: profiles.get_profile(db, d.gone,
                                                                          handle=d.handle),
    "profiles.get_profile by unknown handle": lambda db, d: profiles.get_profile(
        db, d.gone, handle="nobody.here"),
    "profiles.update_profile": lambda db, d: profiles.update_profile(db, d.gone,
                                                                      job_title="Retraité"),
    "profiles.search_directory": lambda db, d: profiles.search_directory(db, d.gone),
    "people.set_tenant_role": lambda db, d: people.set_tenant_role(db, d.gone,
                                                                    d.colleague.user_id,
                                                                    "admin"),
    "people.deactivate_user": lambda db, d: people.deactivate_user(db, d.gone,
                                                                    d.colleague.user_id),
    "people.reactivate_user": lambda db, d: people.reactivate_user(db, d.gone,
                                                                    d.gone.user_id),
    "people.update_preferences": lambda db, d: people.update_preferences(db, d.gone,
                                                                          language="en"),
    "writing.preview_markdown": lambda db, d: writing.preview_markdown(db, d.gone, "Hello"),
    "audit.list_audit": lambda db, d: audit.list_audit(db, d.gone),
    "overviews.home_overview": lambda db, d: overviews.home_overview(db, d.gone),
    "overviews.space_overview": lambda db, d: overviews.space_overview(db, d.gone, d.space_id),
    "overviews.thread_overview": lambda db, d: overviews.thread_overview(db, d.gone, d.post.id),
    "publishing.publish_files": lambda db, d: publishing.publish_files(
        db, d.gone, d.space_id, "Encore", [drive_file()], [], confirmed=True),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_deactivated_person_is_refused_everywhere(db, departed, name):
    with pytest.raises(Forbidden):
        REFUSED[name](db, departed)

    db.rollback()
    kept = posts.get_post(db, departed.colleague, departed.post.id)
    assert (kept.body_md, kept.reactions.total, kept.comment_count, kept.pinned) == (
        "Au revoir #depart", 1, 1, False)
    assert user_row(db, departed.colleague).role == "member"
