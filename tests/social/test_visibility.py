"""Who may see and do what in public, private and secret spaces.

One firm, one space of each visibility. In each space: an owner, a moderator, a
member and an external guest who was invited into it. Around them: a colleague
who belongs to none of them, a guest invited into another space only, the
firm's admin (a member of none of them) and a colleague who was a member of all
three and has since been deactivated.

The table below is the rule. "NotFound" is the 404 answer: given wherever
admitting that the space exists would leak (a secret space, anything to a guest
who is not in it). "Forbidden" is the 403 answer: for a space the person knows
of (a private space is listed to the whole firm) but may not read or write in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from social.actor import Actor
from social.errors import DomainError, Forbidden, NotFound
from social.models import JoinRequest, Membership, Visibility
from social.policy import Access
from social.services import comments, feeds, posts, reactions, spaces
from social.views import PostView
from tests.factories import (deactivate, make_firm, make_guest, make_person, make_post,
                             make_space, set_space_role)
from tests.social.conftest import building_session

OK, NOT_FOUND, FORBIDDEN = "ok", "NotFound", "Forbidden"

COLUMNS = ("listed", "get_space", "read the feed", "read a post", "post", "comment", "react",
           "join")

# listed: is the space in list_spaces? get_space: the access level it reports.
# join: the role held after join_space, or "requested" for a pending join request.
EXPECTED = {
    Visibility.PUBLIC: {
        "owner":            ("listed", "OWN",        OK, OK, OK, OK, OK, "owner"),
        "moderator":        ("listed", "MODERATE",   OK, OK, OK, OK, OK, "moderator"),
        "member":           ("listed", "CONTRIBUTE", OK, OK, OK, OK, OK, "member"),
        "non-member":       ("listed", "READ",       OK, OK, FORBIDDEN, OK, OK, "member"),
        "guest member":     ("listed", "CONTRIBUTE", OK, OK, OK, OK, OK, "guest"),
        "guest non-member": ("hidden", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                             NOT_FOUND, NOT_FOUND),
        # The firm's admin moderates whatever they can read, which includes posting.
        "tenant admin":     ("listed", "MODERATE",   OK, OK, OK, OK, OK, "member"),
        "deactivated":      (FORBIDDEN,) * 8,
    },
    Visibility.PRIVATE: {
        "owner":            ("listed", "OWN",        OK, OK, OK, OK, OK, "owner"),
        "moderator":        ("listed", "MODERATE",   OK, OK, OK, OK, OK, "moderator"),
        "member":           ("listed", "CONTRIBUTE", OK, OK, OK, OK, OK, "member"),
        "non-member":       ("listed", "LISTED", FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                             FORBIDDEN, "requested"),
        "guest member":     ("listed", "CONTRIBUTE", OK, OK, OK, OK, OK, "guest"),
        "guest non-member": ("hidden", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                             NOT_FOUND, NOT_FOUND),
        "tenant admin":     ("listed", "LISTED", FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
                             FORBIDDEN, "requested"),
        "deactivated":      (FORBIDDEN,) * 8,
    },
    Visibility.SECRET: {
        "owner":            ("listed", "OWN",        OK, OK, OK, OK, OK, "owner"),
        "moderator":        ("listed", "MODERATE",   OK, OK, OK, OK, OK, "moderator"),
        "member":           ("listed", "CONTRIBUTE", OK, OK, OK, OK, OK, "member"),
        "non-member":       ("hidden", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                             NOT_FOUND, NOT_FOUND),
        "guest member":     ("listed", "CONTRIBUTE", OK, OK, OK, OK, OK, "guest"),
        "guest non-member": ("hidden", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                             NOT_FOUND, NOT_FOUND),
        "tenant admin":     ("hidden", NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                             NOT_FOUND, NOT_FOUND),
        "deactivated":      (FORBIDDEN,) * 8,
    },
}


@dataclass(frozen=True)
class Place:
    space_id: int
    post: PostView  # written by the space's member


@dataclass(frozen=True)
class World:
    people: dict[str, Actor]
    places: dict[str, Place]
    client_corner: int  # the one space the "guest non-member" belongs to


@pytest.fixture(scope="module")
def world(module_database) -> World:
    with building_session(module_database) as db:
        firm = make_firm(db, "atelier.fr", "Alice Admin")
        owner = make_person(db, firm, "Olivia Owner")
        moderator = make_person(db, firm, "Marc Moderator")
        member = make_person(db, firm, "Mia Member")
        outsider = make_person(db, firm, "Noé Outsider")
        leaver = make_person(db, firm, "Dan Departed")
        client_corner = make_space(db, owner, "Client corner")
        guest_elsewhere = make_guest(db, firm, owner, client_corner, "Gus Elsewhere")
        guest_inside = None
        places = {}
        for visibility in Visibility:
            space_id = make_space(db, owner, f"The {visibility} space", visibility=visibility,
                                  members=(moderator, member, leaver))
            set_space_role(db, owner, space_id, moderator, "moderator")
            if guest_inside is None:
                guest_inside = make_guest(db, firm, owner, space_id, "Gina Inside")
            else:
                spaces.invite_member(db, owner, space_id, guest_inside.user_id)
            places[visibility] = Place(space_id, make_post(db, member, space_id, "Hello"))
        departed = deactivate(db, firm, leaver)
    return World(
        people={"owner": owner, "moderator": moderator, "member": member,
                "non-member": outsider, "guest member": guest_inside,
                "guest non-member": guest_elsewhere, "tenant admin": firm.admin,
                "deactivated": departed},
        places=places, client_corner=client_corner)


def _listed(db, actor, place):
    ids = {space.id for space in spaces.list_spaces(db, actor, limit=100).items}
    return "listed" if place.space_id in ids else "hidden"


def _get_space(db, actor, place):
    return Access(spaces.get_space(db, actor, place.space_id).access).name


def _read_feed(db, actor, place):
    page = feeds.space_feed(db, actor, place.space_id)
    assert place.post.id in [post.id for post in page.items]
    return OK


def _read_post(db, actor, place):
    assert posts.get_post(db, actor, place.post.id).body_md == "Hello"
    return OK


def _post(db, actor, place):
    created = posts.create_post(db, actor, place.space_id, "My two cents")
    assert created.id in [post.id for post in feeds.space_feed(db, actor, place.space_id).items]
    return OK


def _comment(db, actor, place):
    comments.add_comment(db, actor, place.post.discussion_id, "Agreed")
    thread = comments.list_comments(db, actor, place.post.discussion_id)
    assert [comment.author.id for comment in thread.items] == [actor.user_id]
    return OK


def _react(db, actor, place):
    counts = reactions.react(db, actor, place.post.discussion_id, "heart")
    assert counts.count("heart") == 1 and counts.mine("heart")
    return OK


def _join(db, actor, place):
    view = spaces.join_space(db, actor, place.space_id)
    return view.my_role or ("requested" if view.pending_request else "nothing")


OPERATIONS = dict(zip(COLUMNS, (_listed, _get_space, _read_feed, _read_post, _post, _comment,
                                _react, _join)))


def outcome(operation, db, actor, place) -> str:
    try:
        return operation(db, actor, place)
    except DomainError as error:
        return type(error).__name__


RULES = [
    pytest.param(visibility, role, column, expected,
                 id=f"{visibility} space, {role}, {column} -> {expected}")
    for visibility, by_role in EXPECTED.items()
    for role, row in by_role.items()
    for column, expected in zip(COLUMNS, row, strict=True)
]


@pytest.mark.parametrize("visibility, role, operation, expected", RULES)
def test_who_may_do_what_in_each_kind_of_space(world, rolled_back_db, visibility, role,
                                               operation, expected):
    actor = world.people[role]
    place = world.places[visibility]

    assert outcome(OPERATIONS[operation], rolled_back_db, actor, place) == expected


def test_the_table_covers_every_role_and_every_visibility():
    assert set(EXPECTED) == set(Visibility)
    for by_role in EXPECTED.values():
        assert list(by_role) == ["owner", "moderator", "member", "non-member", "guest member",
                                 "guest non-member", "tenant admin", "deactivated"]


def test_a_secret_space_answers_exactly_like_a_space_that_does_not_exist(world, rolled_back_db):
    outsider = world.people["non-member"]
    secret = world.places[Visibility.SECRET]
    missing_id = max(place.space_id for place in world.places.values()) + 1000

    with pytest.raises(NotFound) as hidden:
        spaces.get_space(rolled_back_db, outsider, secret.space_id)
    with pytest.raises(NotFound) as missing:
        spaces.get_space(rolled_back_db, outsider, missing_id)

    assert (hidden.value.message, hidden.value.params) == (missing.value.message,
                                                           missing.value.params)


def test_joining_a_public_space_makes_a_member_at_once_who_may_then_post(world,
                                                                         rolled_back_db):
    db, outsider = rolled_back_db, world.people["non-member"]
    public = world.places[Visibility.PUBLIC]

    spaces.join_space(db, outsider, public.space_id)

    role = db.scalar(select(Membership.role).where(Membership.space_id == public.space_id,
                                                   Membership.user_id == outsider.user_id))
    assert role == "member"
    assert posts.create_post(db, outsider, public.space_id, "Glad to be here").space.id == \
        public.space_id


def test_asking_to_join_a_private_space_twice_leaves_one_request_and_no_access(world,
                                                                               rolled_back_db):
    db, outsider = rolled_back_db, world.people["non-member"]
    private = world.places[Visibility.PRIVATE]

    spaces.join_space(db, outsider, private.space_id)
    view = spaces.join_space(db, outsider, private.space_id)

    assert view.pending_request and view.my_role is None
    requests = db.scalars(select(JoinRequest.user_id).where(
        JoinRequest.space_id == private.space_id)).all()
    assert requests == [outsider.user_id]
    assert db.scalar(select(Membership.role).where(Membership.space_id == private.space_id,
                                                   Membership.user_id == outsider.user_id)) \
        is None
    with pytest.raises(Forbidden):
        feeds.space_feed(db, outsider, private.space_id)


def test_a_guest_lists_only_the_spaces_they_were_invited_into(world, rolled_back_db):
    guest = world.people["guest member"]

    listed = {space.id for space in spaces.list_spaces(rolled_back_db, guest).items}

    assert listed == {place.space_id for place in world.places.values()}


def test_a_colleague_lists_public_and_private_spaces_but_no_secret_one_they_are_not_in(
        world, rolled_back_db):
    outsider = world.people["non-member"]

    listed = {space.name for space in spaces.list_spaces(rolled_back_db, outsider).items}

    assert listed == {"Client corner", "The public space", "The private space"}


def test_a_private_space_shows_its_name_but_neither_its_posts_nor_its_members_to_outsiders(
        world, rolled_back_db):
    outsider = world.people["non-member"]
    private = world.places[Visibility.PRIVATE]

    view = spaces.get_space(rolled_back_db, outsider, private.space_id)

    assert view.name == "The private space" and view.my_role is None
    with pytest.raises(Forbidden):
        spaces.list_members(rolled_back_db, outsider, private.space_id)
    with pytest.raises(Forbidden):
        feeds.pinned_posts(rolled_back_db, outsider, private.space_id)


def test_the_home_feed_of_a_guest_holds_only_the_posts_of_their_spaces(world, rolled_back_db):
    db = rolled_back_db
    owner = world.people["owner"]
    elsewhere = posts.create_post(db, owner, world.client_corner, "For our client")

    guest_home = feeds.home_feed(db, world.people["guest member"]).items

    assert {post.id for post in guest_home} == {place.post.id
                                                for place in world.places.values()}
    assert elsewhere.id not in {post.id for post in guest_home}
