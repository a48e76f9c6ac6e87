"""Keyset pagination: every list is walked page by page with opaque cursors.

Walking all pages yields every item exactly once, in the same order as one big
page; a tampered cursor is refused; and a page of a feed costs the same small
number of SQL statements whatever its size (no query per post).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Callable

import pytest

from core.text import fold
from social.actor import Actor
from social.errors import InvalidInput
from social.pagination import MAX_PAGE_SIZE, encode_cursor
from social.services import audit, comments, feeds, profiles, reactions, spaces
from tests.factories import drive_file, make_firm, make_person, make_post, make_space
from tests.social.conftest import building_session

FEED_POSTS = 55  # more than the largest page counted below


@dataclass(frozen=True)
class World:
    admin: Actor
    reader: Actor
    crowd: tuple[Actor, ...]
    big_space: int          # FEED_POSTS posts, each with files, reactions and comments
    side_space: int         # a few more posts; the reader belongs to it
    elsewhere_space: int    # public, the reader does not belong to it
    side_post_ids: tuple[int, ...]
    elsewhere_post_ids: tuple[int, ...]
    discussion_id: int      # a threaded discussion of 17 comments


# Several people share a name, so pages must break ties by id to lose no one.
NAMES = ["Zoé Zola", "Émile Zola", "Eric Blanc", "Camille Dupont", "Camille Dupont",
         "Camille Dupont", "Camille Dupont", "Camille Dupont", "Léa Martin", "Lea Martin",
         "Paul Petit", "Ana Ábalos", "Bruno Brun", "Chloé Chevalier", "Denis Dumas",
         "Yann Yvon", "Inès Imbert", "Hugo Hamon", "Gaëlle Girard", "Fanny Faure",
         "Kévin Klein", "Jules Joly", "Olivier Orsini"]


@pytest.fixture(scope="module")
def world(module_database) -> World:
    with building_session(module_database) as db:
        firm = make_firm(db, "atelier.fr", "Alice Admin")
        crowd = tuple(make_person(db, firm, name, email=f"person{n}@atelier.fr")
                      for n, name in enumerate(NAMES))
        reader = crowd[10]
        for n, person in enumerate(crowd):
            profiles.update_profile(db, person, skills=["Gestion de projet"],
                                    passions=["Théâtre" if n % 2 else "Vélo"])
        big = make_space(db, firm.admin, "Le grand espace", members=crowd)
        for n in range(FEED_POSTS):
            author = crowd[n % len(crowd)]
            post = make_post(db, author, big, f"Post {n} #rapport",
                             (drive_file(f"file-{n}", f"Doc {n}.pdf"),
                              drive_file(f"file-{n}-b", f"Annexe {n}.pdf")))
            reactions.react(db, crowd[(n + 1) % len(crowd)], post.discussion_id, "like")
            reactions.react(db, crowd[(n + 2) % len(crowd)], post.discussion_id, "heart")
            comments.add_comment(db, crowd[(n + 3) % len(crowd)], post.discussion_id, "Vu")
        side = make_space(db, firm.admin, "À côté", members=(reader,))
        side_posts = tuple(make_post(db, firm.admin, side, f"Side {n}").id for n in range(4))
        elsewhere = make_space(db, firm.admin, "Ailleurs")
        elsewhere_posts = tuple(make_post(db, firm.admin, elsewhere, f"Ailleurs {n}").id
                                for n in range(3))
        for n in range(6):
            make_space(db, firm.admin, f"Espace {n:02d}", visibility="private")
        thread = make_post(db, firm.admin, side, "Un fil de discussion")
        roots = [comments.add_comment(db, reader, thread.discussion_id, f"Sujet {n}").id
                 for n in range(5)]
        for n, root in enumerate(roots):
            reply = comments.add_comment(db, firm.admin, thread.discussion_id, "Réponse", root)
            if n % 2 == 0:
                comments.add_comment(db, reader, thread.discussion_id, "Et encore", reply.id)
        for n in range(9):
            comments.add_comment(db, reader, thread.discussion_id, f"Tardif {n}", roots[n % 5])
    return World(firm.admin, reader, crowd, big, side, elsewhere, side_posts, elsewhere_posts,
                 thread.discussion_id)


Fetch = Callable[..., object]


def walk(fetch: Fetch, limit: int) -> list:
    """All items, page after page; checks every page but the last is full."""
    items, cursor, cursors = [], None, []
    while True:
        page = fetch(cursor=cursor, limit=limit)
        items.extend(page.items)
        if page.next_cursor is None:
            return items
        assert len(page.items) == limit
        assert page.next_cursor not in cursors
        cursors.append(page.next_cursor)
        cursor = page.next_cursor


LISTINGS: dict[str, Callable[[object, World], Fetch]] = {
    "space feed": lambda db, w: lambda **page: feeds.space_feed(db, w.reader, w.big_space,
                                                                 **page),
    "home feed": lambda db, w: lambda **page: feeds.home_feed(db, w.reader, **page),
    "tag feed": lambda db, w: lambda **page: feeds.tag_feed(db, w.reader, "rapport", **page),
    "directory": lambda db, w: lambda **page: profiles.search_directory(db, w.reader, **page),
    "directory by passion": lambda db, w: lambda **page: profiles.search_directory(
        db, w.reader, passion="theatre", **page),
    "members": lambda db, w: lambda **page: spaces.list_members(db, w.reader, w.big_space,
                                                                 **page),
    "comments": lambda db, w: lambda **page: comments.list_comments(db, w.reader,
                                                                     w.discussion_id, **page),
    "spaces": lambda db, w: lambda **page: spaces.list_spaces(db, w.reader, **page),
    "audit log": lambda db, w: lambda **page: audit.list_audit(db, w.admin, **page),
}


def key_of(item) -> int:
    """What identifies an item of any list: the person of a directory entry or a member,
    otherwise the item's own id."""
    person = getattr(item, "person", None)
    return person.id if person is not None else item.id


@pytest.mark.parametrize("listing", list(LISTINGS))
@pytest.mark.parametrize("limit", [1, 4, 7])
def test_walking_every_page_yields_each_item_once_in_the_order_of_one_big_page(
        world, rolled_back_db, listing, limit):
    fetch = LISTINGS[listing](rolled_back_db, world)
    whole = [key_of(item) for item in fetch(limit=MAX_PAGE_SIZE).items]

    walked = [key_of(item) for item in walk(fetch, limit)]

    assert len(whole) > 7 and len(whole) < MAX_PAGE_SIZE  # several pages, one big page
    assert walked == whole
    assert len(set(walked)) == len(walked)


def test_the_space_feed_lists_all_its_posts_newest_first(world, rolled_back_db):
    fetch = LISTINGS["space feed"](rolled_back_db, world)

    ids = [post.id for post in walk(fetch, 10)]

    assert len(ids) == FEED_POSTS and ids == sorted(ids, reverse=True)


def test_the_home_feed_holds_the_posts_of_ones_spaces_only(world, rolled_back_db):
    fetch = LISTINGS["home feed"](rolled_back_db, world)

    ids = [post.id for post in walk(fetch, 6)]

    assert len(ids) == FEED_POSTS + len(world.side_post_ids) + 1  # + the thread's post
    assert set(world.side_post_ids) <= set(ids)
    assert not set(world.elsewhere_post_ids) & set(ids)
    assert ids == sorted(ids, reverse=True)


def test_the_directory_lists_people_alphabetically_without_regard_to_accents(world,
                                                                             rolled_back_db):
    fetch = LISTINGS["directory"](rolled_back_db, world)

    entries = walk(fetch, 4)

    names = [entry.person.name for entry in entries]
    creation_order = ["Alice Admin", *NAMES]
    expected = sorted(creation_order, key=lambda name: (fold(name), creation_order.index(name)))
    assert names == expected
    assert names[:3] == ["Alice Admin", "Ana Ábalos", "Bruno Brun"]
    assert names.index("Émile Zola") < names.index("Eric Blanc") < names.index("Fanny Faure")
    assert [entry.person.id for entry in entries if entry.person.name == "Camille Dupont"] == \
        sorted(person.user_id for person in world.crowd if person in world.crowd[3:8])


def test_the_members_of_a_space_are_listed_by_name_with_their_role(world, rolled_back_db):
    fetch = LISTINGS["members"](rolled_back_db, world)

    members = walk(fetch, 5)

    assert len(members) == len(NAMES) + 1
    assert {m.role for m in members if m.person.id == world.admin.user_id} == {"owner"}
    assert {m.role for m in members if m.person.id != world.admin.user_id} == {"member"}


BAD_CURSORS = {
    "not base64": "%%%not-a-cursor%%%",
    "base64 of garbage": base64.urlsafe_b64encode(b"\xff\xfe garbage").decode(),
    "not a list": base64.urlsafe_b64encode(b'{"id": 3}').decode(),
    "too many values": encode_cursor("camille dupont", 3, 4),
    "a boolean for a number": encode_cursor(True),
    "a float for a number": encode_cursor(1.5),
    "an empty list": encode_cursor(),
}
CURSOR_OF_ANOTHER_KIND = {
    # a feed's cursor (one number) given to a name-ordered list, and the other way round
    "space feed": encode_cursor("camille dupont", 3),
    "home feed": encode_cursor("camille dupont", 3),
    "tag feed": encode_cursor("camille dupont", 3),
    "directory": encode_cursor(12),
    "directory by passion": encode_cursor(12),
    "members": encode_cursor(12),
    "comments": encode_cursor(12),
    "spaces": encode_cursor(12),
    "audit log": encode_cursor("000000000012"),
}


@pytest.mark.parametrize("listing", list(LISTINGS))
@pytest.mark.parametrize("cursor", [*BAD_CURSORS.values(), None],
                         ids=[*BAD_CURSORS, "a cursor of another list"])
def test_a_tampered_cursor_is_refused(world, rolled_back_db, listing, cursor):
    fetch = LISTINGS[listing](rolled_back_db, world)
    cursor = cursor or CURSOR_OF_ANOTHER_KIND[listing]

    with pytest.raises(InvalidInput) as refused:
        fetch(cursor=cursor, limit=5)

    assert refused.value.field == "cursor"


@pytest.mark.parametrize("listing", list(LISTINGS))
@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
def test_a_page_size_out_of_bounds_is_refused(world, rolled_back_db, listing, limit):
    fetch = LISTINGS[listing](rolled_back_db, world)

    with pytest.raises(InvalidInput) as refused:
        fetch(limit=limit)

    assert refused.value.field == "limit"


@pytest.mark.parametrize("listing, most", [
    ("space feed", 5), ("home feed", 4), ("tag feed", 4), ("directory", 2), ("members", 2),
])
def test_a_page_costs_the_same_few_statements_whatever_its_size(world, rolled_back_db,
                                                                count_statements, listing,
                                                                most):
    fetch = LISTINGS[listing](rolled_back_db, world)
    fetch(limit=1)  # warm up: nothing first-time-only is counted below

    with count_statements() as small:
        five = fetch(limit=5)
    with count_statements() as large:
        fifty = fetch(limit=50)

    assert len(five.items) == 5
    assert len(fifty.items) == (50 if listing.endswith("feed") else len(NAMES) + 1)
    assert small.count == large.count <= most, (small.statements, large.statements)
    if listing.endswith("feed"):
        assert all(post.files and post.reactions.total == 2 and post.comment_count == 1
                   for post in fifty.items if post.space.id == world.big_space)
