"""Reactions: at most one of each kind per person per item, even when everyone clicks at once.

One firm is built once for the module. The first tests work in a session rolled
back after each test. The tests of clicks at the same moment need real commits
that other sessions see: each commits a new post (or file, or space) of its own,
then runs THREADS threads, each in its own system session, released together.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from social.actor import Actor
from social.errors import Forbidden, InvalidInput, NotFound
from social.models import DriveFile, Reaction
from social.services import reactions, spaces
from social.services.files import react_to_file
from tests.factories import drive_file, make_firm, make_person, make_post, make_space
from tests.social.conftest import building_session

THREADS = 24


@dataclass(frozen=True)
class Crowd:
    admin: Actor
    lea: Actor
    paul: Actor
    outsider: Actor
    people: tuple[Actor, ...]  # THREADS colleagues
    space_id: int              # public; Léa and Paul are members


@pytest.fixture(scope="module")
def crowd(module_database) -> Crowd:
    with building_session(module_database) as db:
        firm = make_firm(db)
        lea = make_person(db, firm, "Léa Martin")
        paul = make_person(db, firm, "Paul Petit")
        outsider = make_person(db, firm, "Noé Outsider")
        people = tuple(make_person(db, firm, f"Person {n:02d}") for n in range(THREADS))
        space_id = make_space(db, firm.admin, "Général", members=(lea, paul))
        return Crowd(firm.admin, lea, paul, outsider, people, space_id)


@pytest.fixture
def db(crowd, rolled_back_db):
    """For the tests without threads: what each changes is rolled back after it."""
    return rolled_back_db


@contextmanager
def committing(database) -> Iterator[Session]:
    """A session whose work is committed, for what the threads must see (and to check after)."""
    with database.system_session() as session:
        yield session
        session.commit()  # SQLite: also releases the write lock for the threads


def reaction_rows(db, discussion_id: int, kind: str = "like") -> int:
    return db.scalar(select(func.count()).select_from(Reaction).where(
        Reaction.discussion_id == discussion_id, Reaction.kind == kind))


def test_reacting_twice_the_same_way_counts_once(db, crowd):
    post = make_post(db, crowd.admin, crowd.space_id)

    reactions.react(db, crowd.lea, post.discussion_id, "like")
    counts = reactions.react(db, crowd.lea, post.discussion_id, "like")

    assert counts.count("like") == 1 and counts.total == 1 and counts.mine("like")
    assert reaction_rows(db, post.discussion_id) == 1


def test_each_kind_counts_separately_and_mine_is_per_person(db, crowd):
    post = make_post(db, crowd.admin, crowd.space_id)

    reactions.react(db, crowd.lea, post.discussion_id, "like")
    reactions.react(db, crowd.lea, post.discussion_id, "tada")
    reactions.react(db, crowd.paul, post.discussion_id, "like")

    seen_by_paul = reactions.reactions_of(db, crowd.paul, post.discussion_id)
    assert (seen_by_paul.count("like"), seen_by_paul.count("tada"), seen_by_paul.total) == \
        (2, 1, 3)
    assert seen_by_paul.mine("like") and not seen_by_paul.mine("tada")


def test_taking_a_reaction_back_removes_only_ones_own(db, crowd):
    post = make_post(db, crowd.admin, crowd.space_id)
    reactions.react(db, crowd.lea, post.discussion_id, "like")
    reactions.react(db, crowd.admin, post.discussion_id, "like")

    counts = reactions.unreact(db, crowd.lea, post.discussion_id, "like")
    again = reactions.unreact(db, crowd.lea, post.discussion_id, "like")

    assert counts.count("like") == again.count("like") == 1
    assert not counts.mine("like")
    assert reactions.reactions_of(db, crowd.admin, post.discussion_id).mine("like")


@pytest.mark.parametrize("kind", ["love", "", None, "LIKE", "like "])
def test_an_unknown_reaction_is_refused(db, crowd, kind):
    post = make_post(db, crowd.admin, crowd.space_id)

    with pytest.raises(InvalidInput):
        reactions.react(db, crowd.admin, post.discussion_id, kind)
    assert reaction_rows(db, post.discussion_id, kind or "") == 0


def test_reactions_of_a_post_one_may_not_read_are_not_shown(db, crowd):
    secret = make_post(db, crowd.lea, make_space(db, crowd.lea, visibility="secret"))
    private = make_post(db, crowd.lea, make_space(db, crowd.lea, visibility="private"))

    with pytest.raises(NotFound):
        reactions.reactions_of(db, crowd.outsider, secret.discussion_id)
    with pytest.raises(Forbidden):
        reactions.reactions_of(db, crowd.outsider, private.discussion_id)


def _all_at_once(database, work, count: int = THREADS) -> list[BaseException]:
    """Runs `work(session, index)` in `count` threads released together; returns the errors."""
    barrier = threading.Barrier(count)

    def run(index: int):
        with database.system_session() as session:
            barrier.wait(timeout=30)
            work(session, index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(run, index) for index in range(count)]
    return [future.exception() for future in futures if future.exception() is not None]


def test_many_people_liking_a_post_at_the_same_moment_are_all_counted(database, crowd):
    with committing(database) as db:
        post = make_post(db, crowd.admin, crowd.space_id)

    errors = _all_at_once(database, lambda session, n:
                          reactions.react(session, crowd.people[n], post.discussion_id, "like"))

    assert errors == []
    with committing(database) as db:
        counts = reactions.reactions_of(db, crowd.admin, post.discussion_id)
        assert counts.count("like") == counts.total == THREADS
        assert reaction_rows(db, post.discussion_id) == THREADS


def test_one_person_liking_a_post_from_many_tabs_at_once_counts_once(database, crowd):
    with committing(database) as db:
        post = make_post(db, crowd.admin, crowd.space_id)

    errors = _all_at_once(database, lambda session, n:
                          reactions.react(session, crowd.lea, post.discussion_id, "like"))

    assert errors == []
    with committing(database) as db:
        counts = reactions.reactions_of(db, crowd.lea, post.discussion_id)
        assert counts.count("like") == counts.total == 1 and counts.mine("like")
        assert reaction_rows(db, post.discussion_id) == 1


def test_people_liking_and_unliking_at_once_leave_exactly_the_likes_that_stayed(database,
                                                                               crowd):
    with committing(database) as db:
        post = make_post(db, crowd.admin, crowd.space_id)
        for person in crowd.people[::2]:
            reactions.react(db, person, post.discussion_id, "heart")

    def flip(session, n):  # the even ones take their heart back, the odd ones give one
        if n % 2 == 0:
            reactions.unreact(session, crowd.people[n], post.discussion_id, "heart")
        else:
            reactions.react(session, crowd.people[n], post.discussion_id, "heart")
            reactions.react(session, crowd.people[n], post.discussion_id, "heart")

    errors = _all_at_once(database, flip)

    assert errors == []
    with committing(database) as db:
        likers = set(db.scalars(select(Reaction.user_id).where(
            Reaction.discussion_id == post.discussion_id, Reaction.kind == "heart")))
    assert likers == {person.user_id for person in crowd.people[1::2]}


def test_many_people_liking_a_drive_file_nobody_used_yet_record_it_once(database, crowd):
    plan = drive_file("brand-new-file", "Budget.xlsx")

    errors = _all_at_once(database, lambda session, n:
                          react_to_file(session, crowd.people[n], plan))

    assert errors == []
    with committing(database) as db:
        (record,) = db.scalars(select(DriveFile).where(
            DriveFile.google_id == plan.google_id)).all()
        assert reaction_rows(db, record.discussion_id) == THREADS


def test_joining_a_space_from_many_tabs_at_once_makes_one_membership(database, crowd):
    with committing(database) as db:
        space_id = make_space(db, crowd.admin, "Afterwork")

    errors = _all_at_once(database, lambda session, n:
                          spaces.join_space(session, crowd.lea, space_id), count=8)

    assert errors == []
    with committing(database) as db:
        members = spaces.list_members(db, crowd.lea, space_id).items
    assert sorted((m.person.id, m.role) for m in members) == sorted(
        [(crowd.admin.user_id, "owner"), (crowd.lea.user_id, "member")])
