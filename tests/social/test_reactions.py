"""Reactions: at most one of each kind per person per item, even when everyone clicks at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from social.errors import Forbidden, InvalidInput, NotFound
from social.models import DriveFile, Reaction
from social.services import reactions, spaces
from social.services.files import react_to_file
from tests.factories import drive_file, make_firm, make_person, make_post, make_space

THREADS = 24


def reaction_rows(db, discussion_id: int, kind: str = "like") -> int:
    return db.scalar(select(func.count()).select_from(Reaction).where(
        Reaction.discussion_id == discussion_id, Reaction.kind == kind))


def test_reacting_twice_the_same_way_counts_once(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    post = make_post(db, firm.admin, make_space(db, firm.admin, members=(lea,)))

    reactions.react(db, lea, post.discussion_id, "like")
    counts = reactions.react(db, lea, post.discussion_id, "like")

    assert counts.count("like") == 1 and counts.total == 1 and counts.mine("like")
    assert reaction_rows(db, post.discussion_id) == 1


def test_each_kind_counts_separately_and_mine_is_per_person(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    paul = make_person(db, firm, "Paul Petit")
    post = make_post(db, firm.admin, make_space(db, firm.admin, members=(lea, paul)))

    reactions.react(db, lea, post.discussion_id, "like")
    reactions.react(db, lea, post.discussion_id, "tada")
    reactions.react(db, paul, post.discussion_id, "like")

    seen_by_paul = reactions.reactions_of(db, paul, post.discussion_id)
    assert (seen_by_paul.count("like"), seen_by_paul.count("tada"), seen_by_paul.total) == \
        (2, 1, 3)
    assert seen_by_paul.mine("like") and not seen_by_paul.mine("tada")


def test_taking_a_reaction_back_removes_only_ones_own(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    post = make_post(db, firm.admin, make_space(db, firm.admin, members=(lea,)))
    reactions.react(db, lea, post.discussion_id, "like")
    reactions.react(db, firm.admin, post.discussion_id, "like")

    counts = reactions.unreact(db, lea, post.discussion_id, "like")
    again = reactions.unreact(db, lea, post.discussion_id, "like")

    assert counts.count("like") == again.count("like") == 1
    assert not counts.mine("like")
    assert reactions.reactions_of(db, firm.admin, post.discussion_id).mine("like")


@pytest.mark.parametrize("kind", ["love", "", None, "LIKE", "like "])
def test_an_unknown_reaction_is_refused(db, kind):
    firm = make_firm(db)
    post = make_post(db, firm.admin, make_space(db, firm.admin))

    with pytest.raises(InvalidInput):
        reactions.react(db, firm.admin, post.discussion_id, kind)
    assert reaction_rows(db, post.discussion_id, kind or "") == 0


def test_reactions_of_a_post_one_may_not_read_are_not_shown(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    outsider = make_person(db, firm, "Noé Outsider")
    secret = make_post(db, lea, make_space(db, lea, visibility="secret"))
    private = make_post(db, lea, make_space(db, lea, visibility="private"))

    with pytest.raises(NotFound):
        reactions.reactions_of(db, outsider, secret.discussion_id)
    with pytest.raises(Forbidden):
        reactions.reactions_of(db, outsider, private.discussion_id)


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


def test_many_people_liking_a_post_at_the_same_moment_are_all_counted(db, database):
    firm = make_firm(db)
    crowd = [make_person(db, firm, f"Person {n:02d}") for n in range(THREADS)]
    post = make_post(db, firm.admin, make_space(db, firm.admin))
    db.commit()  # release the SQLite write lock for the threads

    errors = _all_at_once(database, lambda session, n:
                          reactions.react(session, crowd[n], post.discussion_id, "like"))

    assert errors == []
    counts = reactions.reactions_of(db, firm.admin, post.discussion_id)
    assert counts.count("like") == counts.total == THREADS
    assert reaction_rows(db, post.discussion_id) == THREADS


def test_one_person_liking_a_post_from_many_tabs_at_once_counts_once(db, database):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    post = make_post(db, firm.admin, make_space(db, firm.admin))
    db.commit()

    errors = _all_at_once(database, lambda session, n:
                          reactions.react(session, lea, post.discussion_id, "like"))

    assert errors == []
    counts = reactions.reactions_of(db, lea, post.discussion_id)
    assert counts.count("like") == counts.total == 1 and counts.mine("like")
    assert reaction_rows(db, post.discussion_id) == 1


def test_people_liking_and_unliking_at_once_leave_exactly_the_likes_that_stayed(db, database):
    firm = make_firm(db)
    crowd = [make_person(db, firm, f"Person {n:02d}") for n in range(THREADS)]
    post = make_post(db, firm.admin, make_space(db, firm.admin))
    for person in crowd[::2]:
        reactions.react(db, person, post.discussion_id, "heart")
    db.commit()

    def flip(session, n):  # the even ones take their heart back, the odd ones give one
        if n % 2 == 0:
            reactions.unreact(session, crowd[n], post.discussion_id, "heart")
        else:
            reactions.react(session, crowd[n], post.discussion_id, "heart")
            reactions.react(session, crowd[n], post.discussion_id, "heart")

    errors = _all_at_once(database, flip)

    assert errors == []
    likers = set(db.scalars(select(Reaction.user_id).where(
        Reaction.discussion_id == post.discussion_id, Reaction.kind == "heart")))
    assert likers == {person.user_id for person in crowd[1::2]}


def test_many_people_liking_a_drive_file_nobody_used_yet_record_it_once(db, database):
    firm = make_firm(db)
    crowd = [make_person(db, firm, f"Person {n:02d}") for n in range(THREADS)]
    plan = drive_file("brand-new-file", "Budget.xlsx")
    db.commit()

    errors = _all_at_once(database, lambda session, n: react_to_file(session, crowd[n], plan))

    assert errors == []
    (record,) = db.scalars(select(DriveFile).where(DriveFile.google_id == plan.google_id)).all()
    assert reaction_rows(db, record.discussion_id) == THREADS


def test_joining_a_space_from_many_tabs_at_once_makes_one_membership(db, database):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    space_id = make_space(db, firm.admin)
    db.commit()

    errors = _all_at_once(database, lambda session, n: spaces.join_space(session, lea, space_id),
                          count=8)

    assert errors == []
    members = spaces.list_members(db, lea, space_id).items
    assert sorted((m.person.id, m.role) for m in members) == sorted(
        [(firm.admin.user_id, "owner"), (lea.user_id, "member")])
