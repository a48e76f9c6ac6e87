"""The life of a space: creating, joining, leaving, inviting, roles, renaming, archiving."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from social.actor import Actor
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.models import AuditEntry, JoinRequest, TenantRole, User
from social.services import comments, feeds, people, posts, reactions, spaces
from tests.factories import (Firm, make_firm, make_guest, make_person, make_post, make_space,
                             set_space_role)
from tests.social.conftest import building_session


@dataclass(frozen=True)
class Club:
    firm: Firm
    owner: Actor
    moderator: Actor
    member: Actor
    outsider: Actor
    space_id: int


@pytest.fixture(scope="module")
def club(module_database) -> Club:
    with building_session(module_database) as db:
        firm = make_firm(db)
        owner = make_person(db, firm, "Olivia Owner")
        moderator = make_person(db, firm, "Marc Moderator")
        member = make_person(db, firm, "Mia Member")
        outsider = make_person(db, firm, "Noé Outsider")
        space_id = make_space(db, owner, "Club théâtre", kind="interest",
                              members=(moderator, member))
        set_space_role(db, owner, space_id, moderator, "moderator")
        return Club(firm, owner, moderator, member, outsider, space_id)


@pytest.fixture
def db(club, rolled_back_db):
    """The tests of this module share one club, built once; what each test changes is
    rolled back after it."""
    return rolled_back_db


def roles(db, actor: Actor, space_id: int) -> dict[int, str]:
    return {m.person.id: m.role for m in spaces.list_members(db, actor, space_id).items}


def audit_of(db, action: str) -> list[AuditEntry]:
    return db.scalars(select(AuditEntry).where(AuditEntry.action == action)
                      .order_by(AuditEntry.id)).all()


# Creating

def test_whoever_creates_a_space_owns_it(db, club):
    view = spaces.create_space(db, club.member, name="  Fans de   Barbara ",
                               description="On écoute.", kind="interest", visibility="private")

    assert (view.name, view.kind, view.visibility, view.my_role) == (
        "Fans de Barbara", "interest", "private", "owner")
    assert view.member_count == 1
    entry = audit_of(db, "space.created")[-1]
    assert (entry.actor_id, entry.target_id, entry.details) == (
        club.member.user_id, str(view.id), {"visibility": "private"})


@pytest.mark.parametrize("name", ["Club théâtre", "club theatre", "CLUB THÉÂTRE",
                                  " Club  théâtre "])
def test_two_spaces_of_a_firm_cannot_share_a_name_whatever_the_case_and_accents(db, club, name):
    with pytest.raises(Conflict):
        spaces.create_space(db, club.member, name=name)


def test_two_firms_may_each_have_a_space_of_the_same_name(db, club):
    other = make_firm(db, "firm-b.fr", "Bob Boss")

    view = spaces.create_space(db, other.admin, name="Club théâtre")

    assert view.name == "Club théâtre"


@pytest.mark.parametrize("changes", [
    {"name": ""}, {"name": "   "}, {"name": "x" * 81}, {"name": "Ok", "visibility": "hidden"},
    {"name": "Ok", "kind": "party"}, {"name": "Ok", "description": "x" * 2001},
])
def test_a_space_with_invalid_settings_is_refused(db, club, changes):
    with pytest.raises(InvalidInput):
        spaces.create_space(db, club.member, **changes)


def test_a_guest_cannot_create_a_space(db, club):
    guest = make_guest(db, club.firm, club.owner, club.space_id, "Gus Client")

    with pytest.raises(Forbidden):
        spaces.create_space(db, guest, name="Mon espace")


# Joining and leaving

def test_joining_a_public_space_then_leaving_it(db, club):
    joined = spaces.join_space(db, club.outsider, club.space_id)
    assert (joined.my_role, joined.member_count) == ("member", 4)

    spaces.leave_space(db, club.outsider, club.space_id)

    after = spaces.get_space(db, club.outsider, club.space_id)
    assert (after.my_role, after.member_count) == (None, 3)
    with pytest.raises(Forbidden):
        posts.create_post(db, club.outsider, club.space_id, "Still here?")
    assert audit_of(db, "space.left")[-1].actor_id == club.outsider.user_id


def test_the_last_owner_cannot_leave_until_another_owner_is_named(db, club):
    with pytest.raises(Conflict):
        spaces.leave_space(db, club.owner, club.space_id)
    assert roles(db, club.owner, club.space_id)[club.owner.user_id] == "owner"

    spaces.set_member_role(db, club.owner, club.space_id, club.member.user_id, "owner")
    spaces.leave_space(db, club.owner, club.space_id)

    assert club.owner.user_id not in roles(db, club.member, club.space_id)


def test_the_last_owner_cannot_be_demoted_nor_removed(db, club):
    with pytest.raises(Conflict):
        spaces.set_member_role(db, club.owner, club.space_id, club.owner.user_id, "member")
    with pytest.raises(Conflict):
        spaces.remove_member(db, club.owner, club.space_id, club.owner.user_id)

    assert roles(db, club.owner, club.space_id)[club.owner.user_id] == "owner"


def test_an_owner_may_step_down_once_there_is_another_owner(db, club):
    spaces.set_member_role(db, club.owner, club.space_id, club.moderator.user_id, "owner")

    spaces.set_member_role(db, club.owner, club.space_id, club.owner.user_id, "member")

    assert roles(db, club.member, club.space_id)[club.owner.user_id] == "member"
    assert roles(db, club.member, club.space_id)[club.moderator.user_id] == "owner"


# Private spaces: join requests

def test_a_join_request_accepted_makes_a_member(db, club):
    private = make_space(db, club.owner, "Bureau", visibility="private",
                         members=(club.moderator,))
    set_space_role(db, club.owner, private, club.moderator, "moderator")
    spaces.join_space(db, club.outsider, private)

    pending = spaces.list_join_requests(db, club.moderator, private)
    spaces.answer_join_request(db, club.moderator, private, club.outsider.user_id, accept=True)

    assert [(p.person.id, p.role) for p in pending] == [(club.outsider.user_id, "requested")]
    assert roles(db, club.owner, private)[club.outsider.user_id] == "member"
    assert spaces.list_join_requests(db, club.moderator, private) == []
    assert feeds.space_feed(db, club.outsider, private).items == []  # may read now
    added = audit_of(db, "space.member_added")[-1]
    assert (added.actor_id, added.details) == (club.moderator.user_id,
                                               {"user_id": club.outsider.user_id,
                                                "role": "member"})


def test_a_join_request_declined_leaves_no_trace_and_no_access(db, club):
    private = make_space(db, club.owner, "Bureau", visibility="private")
    spaces.join_space(db, club.outsider, private)

    spaces.answer_join_request(db, club.owner, private, club.outsider.user_id, accept=False)

    assert club.outsider.user_id not in roles(db, club.owner, private)
    assert db.scalars(select(JoinRequest)).all() == []
    assert not spaces.get_space(db, club.outsider, private).pending_request
    with pytest.raises(Forbidden):
        feeds.space_feed(db, club.outsider, private)


def test_only_moderators_and_owners_see_and_answer_join_requests(db, club):
    private = make_space(db, club.owner, "Bureau", visibility="private",
                         members=(club.member,))
    spaces.join_space(db, club.outsider, private)

    with pytest.raises(Forbidden):
        spaces.list_join_requests(db, club.member, private)
    with pytest.raises(Forbidden):
        spaces.answer_join_request(db, club.member, private, club.outsider.user_id,
                                   accept=True)
    with pytest.raises(NotFound):
        spaces.answer_join_request(db, club.owner, private, club.member.user_id, accept=True)

    assert club.outsider.user_id not in roles(db, club.owner, private)


def test_inviting_someone_who_asked_to_join_settles_the_request(db, club):
    private = make_space(db, club.owner, "Bureau", visibility="private")
    spaces.join_space(db, club.outsider, private)

    spaces.invite_member(db, club.owner, private, club.outsider.user_id)

    assert spaces.list_join_requests(db, club.owner, private) == []
    assert roles(db, club.owner, private)[club.outsider.user_id] == "member"


# Inviting and removing

def test_moderators_and_owners_invite_colleagues(db, club):
    invited = spaces.invite_member(db, club.moderator, club.space_id, club.outsider.user_id)

    assert invited.role == "member"
    assert roles(db, club.owner, club.space_id)[club.outsider.user_id] == "member"


def test_a_member_cannot_invite(db, club):
    with pytest.raises(Forbidden):
        spaces.invite_member(db, club.member, club.space_id, club.outsider.user_id)

    assert club.outsider.user_id not in roles(db, club.owner, club.space_id)


def test_a_deactivated_colleague_cannot_be_invited(db, club):
    people.deactivate_user(db, club.firm.admin, club.outsider.user_id)

    with pytest.raises(NotFound):
        spaces.invite_member(db, club.owner, club.space_id, club.outsider.user_id)


def test_a_client_is_invited_by_email_as_a_guest_of_that_space_only(db, club):
    member = spaces.invite_guest(db, club.moderator, club.space_id,
                                 email=" Gus.Client@Client.example ", name="Gus Client")

    user = db.get(User, member.person.id)
    assert (user.email, user.name, user.role, user.google_sub) == (
        "gus.client@client.example", "Gus Client", TenantRole.GUEST, None)
    assert member.role == "guest"
    assert user.tenant_id == club.owner.tenant_id

    again = spaces.invite_guest(db, club.owner, club.space_id, email="gus.client@client.example")
    assert again.person.id == user.id
    assert db.scalars(select(User).where(User.email == "gus.client@client.example")).all() == \
        [user]


@pytest.mark.parametrize("email", ["", "not-an-email", "a b@c.example", "x" * 321 + "@c.fr"])
def test_a_guest_invitation_needs_a_valid_email(db, club, email):
    with pytest.raises(InvalidInput):
        spaces.invite_guest(db, club.owner, club.space_id, email=email)


def test_a_guest_keeps_the_guest_role_and_members_cannot_be_made_guests(db, club):
    guest = make_guest(db, club.firm, club.owner, club.space_id, "Gus Client")

    with pytest.raises(InvalidInput):
        spaces.set_member_role(db, club.owner, club.space_id, guest.user_id, "moderator")
    with pytest.raises(InvalidInput):
        spaces.set_member_role(db, club.owner, club.space_id, club.member.user_id, "guest")

    assert roles(db, club.owner, club.space_id)[guest.user_id] == "guest"


def test_an_owner_removes_a_member_and_that_is_audited(db, club):
    spaces.remove_member(db, club.owner, club.space_id, club.member.user_id)

    assert club.member.user_id not in roles(db, club.owner, club.space_id)
    (entry,) = audit_of(db, "space.member_removed")
    assert (entry.actor_id, entry.details) == (club.owner.user_id,
                                               {"user_id": club.member.user_id})
    with pytest.raises(NotFound):
        spaces.remove_member(db, club.owner, club.space_id, club.member.user_id)


def test_a_moderator_can_neither_remove_members_nor_change_roles(db, club):
    with pytest.raises(Forbidden):
        spaces.remove_member(db, club.moderator, club.space_id, club.member.user_id)
    with pytest.raises(Forbidden):
        spaces.set_member_role(db, club.moderator, club.space_id, club.member.user_id,
                               "moderator")

    assert roles(db, club.owner, club.space_id)[club.member.user_id] == "member"


def test_promoting_a_member_is_audited_with_the_role_before_and_after(db, club):
    promoted = spaces.set_member_role(db, club.owner, club.space_id, club.member.user_id,
                                      "moderator")

    assert promoted.role == "moderator"
    entry = audit_of(db, "space.role_changed")[-1]
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        club.owner.user_id, "space", str(club.space_id))
    assert entry.details == {"user_id": club.member.user_id, "before": "member",
                             "after": "moderator"}
    # the new moderator now moderates
    post = make_post(db, club.owner, club.space_id)
    assert posts.set_pinned(db, club.member, post.id, True).pinned


def test_an_unknown_role_is_refused(db, club):
    with pytest.raises(InvalidInput):
        spaces.set_member_role(db, club.owner, club.space_id, club.member.user_id, "king")


# Renaming

def test_an_owner_renames_a_space_and_that_is_audited(db, club):
    view = spaces.rename_space(db, club.owner, club.space_id, name="Théâtre d'impro",
                               description="Tous les jeudis")

    assert (view.name, view.description) == ("Théâtre d'impro", "Tous les jeudis")
    (entry,) = audit_of(db, "space.renamed")
    assert entry.details == {"before": "Club théâtre", "after": "Théâtre d'impro"}


def test_renaming_a_space_to_its_own_name_in_other_case_is_allowed(db, club):
    assert spaces.rename_space(db, club.owner, club.space_id, name="CLUB THÉÂTRE").name == \
        "CLUB THÉÂTRE"


def test_renaming_to_the_name_of_another_space_is_a_conflict(db, club):
    make_space(db, club.member, "Randonnée")

    with pytest.raises(Conflict):
        spaces.rename_space(db, club.owner, club.space_id, name="randonnee")

    assert spaces.get_space(db, club.owner, club.space_id).name == "Club théâtre"


@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_only_owners_and_the_firms_admin_rename_a_space(db, club, who):
    with pytest.raises(Forbidden):
        spaces.rename_space(db, getattr(club, who), club.space_id, name="Autre nom")

    assert spaces.rename_space(db, club.firm.admin, club.space_id, name="Autre nom").name == \
        "Autre nom"


# Archiving

@pytest.fixture
def archived(db, club):
    post = make_post(db, club.member, club.space_id, "Dernière représentation")
    comment = comments.add_comment(db, club.moderator, post.discussion_id, "Bravo")
    view = spaces.set_space_archived(db, club.owner, club.space_id, True)
    assert view.archived
    return post, comment


@pytest.mark.parametrize("change", [
    "post", "edit the post", "comment", "reply", "edit a comment", "react", "take back a reaction",
    "join", "invite", "invite a guest",
])
def test_an_archived_space_is_read_only(db, club, archived, change):
    post, comment = archived
    attempts = {
        "post": lambda: posts.create_post(db, club.member, club.space_id, "Encore"),
        "edit the post": lambda: posts.edit_post(db, club.member, post.id, "Modifié"),
        "comment": lambda: comments.add_comment(db, club.member, post.discussion_id, "Encore"),
        "reply": lambda: comments.add_comment(db, club.member, post.discussion_id, "Oui",
                                              comment.id),
        "edit a comment": lambda: comments.edit_comment(db, club.moderator, comment.id, "Re"),
        "react": lambda: reactions.react(db, club.member, post.discussion_id, "like"),
        "take back a reaction": lambda: reactions.unreact(db, club.member, post.discussion_id),
        "join": lambda: spaces.join_space(db, club.outsider, club.space_id),
        "invite": lambda: spaces.invite_member(db, club.owner, club.space_id,
                                               club.outsider.user_id),
        "invite a guest": lambda: spaces.invite_guest(db, club.owner, club.space_id,
                                                      email="gus@client.example"),
    }

    with pytest.raises(Forbidden):
        attempts[change]()

    db.rollback()
    assert [p.body_md for p in feeds.space_feed(db, club.member, club.space_id).items] == [
        "Dernière représentation"]
    assert [c.body_md for c in comments.list_comments(db, club.member,
                                                      post.discussion_id).items] == ["Bravo"]
    assert reactions.reactions_of(db, club.member, post.discussion_id).total == 0
    assert club.outsider.user_id not in roles(db, club.owner, club.space_id)


def test_an_archived_space_is_still_read_and_listed_and_can_be_reopened(db, club, archived):
    post, _ = archived

    assert posts.get_post(db, club.outsider, post.id).body_md == "Dernière représentation"
    assert club.space_id in {s.id for s in spaces.list_spaces(db, club.outsider).items}
    assert club.space_id not in {s.id for s in spaces.list_spaces(
        db, club.outsider, include_archived=False).items}

    reopened = spaces.set_space_archived(db, club.owner, club.space_id, False)

    assert not reopened.archived
    assert posts.create_post(db, club.member, club.space_id, "La saison reprend").id
    assert [e.action for e in audit_of(db, "space.archived") + audit_of(db, "space.unarchived")] \
        == ["space.archived", "space.unarchived"]


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_only_owners_and_the_firms_admin_archive_a_space(db, club, who):
    with pytest.raises(Forbidden):
        spaces.set_space_archived(db, getattr(club, who), club.space_id, True)

    assert spaces.set_space_archived(db, club.firm.admin, club.space_id, True).archived
