"""Activity per week for the charts: what is counted, in which week, and who may see it."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import update

from social.errors import Forbidden, InvalidInput, NotFound
from social.models import Comment, Post, Reaction
from social.services import comments, files, people, reactions
from social.services.activity import activity
from tests.factories import (drive_file, make_firm, make_guest, make_person, make_post,
                             make_space)

# A Wednesday, ten days after Europe switched to summer time (Sunday 29 March 2026).
NOW = datetime(2026, 4, 8, 12, 0, tzinfo=timezone.utc)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def backdate(db, model, row_id: int, moment: datetime) -> None:
    db.execute(update(model).where(model.id == row_id).values(created_at=moment))
    db.commit()


def react_at(db, actor, discussion_id: int, moment: datetime, kind: str = "like") -> None:
    reactions.react(db, actor, discussion_id, kind)
    db.execute(update(Reaction).where(Reaction.discussion_id == discussion_id,
                                      Reaction.user_id == actor.user_id,
                                      Reaction.kind == kind).values(created_at=moment))
    db.commit()


def post_at(db, author, space_id: int, moment: datetime, body: str = "Bonjour"):
    post = make_post(db, author, space_id, body)
    backdate(db, Post, post.id, moment)
    return post


def comment_at(db, author, discussion_id: int, moment: datetime, body: str = "Merci"):
    comment = comments.add_comment(db, author, discussion_id, body)
    backdate(db, Comment, comment.id, moment)
    return comment


def counts(series) -> dict[date, tuple[int, int, int, int]]:
    """The weeks with anything in them: Monday -> (posts, comments, reactions, people)."""
    return {week.start: (week.posts, week.comments, week.reactions, week.people)
            for week in series.weeks if (week.posts, week.comments, week.reactions) != (0, 0, 0)}


@pytest.fixture
def world(db):
    """Three people of a firm who post, comment and react around the change to summer time,
    in a public space; a second space; a Drive file's discussion; and another firm."""
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    bob = make_person(db, firm, "Bob Brun")
    general = make_space(db, firm.admin, "Général", members=(lea,))
    club = make_space(db, bob, "Club théâtre", kind="interest")
    # Sunday 29 March 23:30 in Paris (summer time since 3:00 that night): still week 13.
    sunday = post_at(db, firm.admin, general, utc(2026, 3, 29, 21, 30))
    # Monday 30 March 00:30 in Paris, though still Sunday in UTC: week 14.
    monday = post_at(db, lea, general, utc(2026, 3, 29, 22, 30))
    # Sunday 18 January 23:59 in Paris (winter time): the week before the period.
    post_at(db, lea, general, utc(2026, 1, 18, 22, 59))
    # Monday 19 January 00:00 in Paris: the first minute of the period.
    post_at(db, lea, general, utc(2026, 1, 18, 23, 0))
    comment_at(db, lea, sunday.discussion_id, utc(2026, 3, 24, 10, 0))
    comment_at(db, bob, sunday.discussion_id, utc(2026, 4, 7, 9, 0))
    react_at(db, firm.admin, sunday.discussion_id, utc(2026, 3, 28, 15, 0))
    react_at(db, bob, monday.discussion_id, utc(2026, 3, 31, 8, 0))
    react_at(db, lea, monday.discussion_id, utc(2026, 3, 31, 9, 0))
    post_at(db, bob, club, utc(2026, 3, 31, 18, 0))
    file_comment = files.comment_on_file(db, lea, drive_file(), "Relu")
    backdate(db, Comment, file_comment.id, utc(2026, 4, 1, 10, 0))
    other = make_firm(db, "firm-b.fr", "Bruno Boss")
    post_at(db, other.admin, make_space(db, other.admin, "Général"), utc(2026, 3, 31, 10, 0))
    return firm, lea, bob, general, club


def test_twelve_iso_weeks_end_with_the_current_one(db, world):
    firm, lea, _, general, _ = world
    series = activity(db, lea, space_id=general, now=NOW)
    assert len(series.weeks) == 12
    assert series.weeks[0].start == date(2026, 1, 19) and series.weeks[-1].start == date(2026, 4, 6)
    assert [week.iso_week for week in series.weeks] == list(range(4, 16))
    assert all(week.start.weekday() == 0 for week in series.weeks)
    assert series.time_zone == "Europe/Paris"
    assert series.space.id == general and series.space.name == "Général"


def test_a_space_counts_its_posts_their_comments_and_reactions_per_paris_week(db, world):
    firm, lea, _, general, _ = world
    series = activity(db, lea, space_id=general, now=NOW)
    assert counts(series) == {
        date(2026, 1, 19): (1, 0, 0, 1),  # lea's post at the first minute of the period
        date(2026, 3, 23): (1, 1, 1, 2),  # Sunday night's post, lea's comment, alice's like
        date(2026, 3, 30): (1, 0, 2, 2),  # lea's post after midnight, bob's and lea's likes
        date(2026, 4, 6): (0, 1, 0, 1),   # bob's comment this week
    }
    assert (series.posts, series.comments, series.reactions, series.people) == (3, 2, 3, 3)


def test_the_same_moments_fall_in_other_weeks_for_a_viewer_in_montreal(db, world):
    firm, lea, _, general, _ = world
    people.update_preferences(db, lea, time_zone="America/Montreal")
    series = activity(db, lea, space_id=general, now=NOW)
    assert series.time_zone == "America/Montreal"
    assert counts(series) == {
        # Both posts of the night of 29 March are Sunday afternoon in Montréal.
        date(2026, 3, 23): (2, 1, 1, 2),
        date(2026, 3, 30): (0, 0, 2, 2),
        date(2026, 4, 6): (0, 1, 0, 1),
    }


def test_the_firms_activity_adds_every_space_and_the_drive_file_discussions(db, world):
    firm, *_ = world
    series = activity(db, firm.admin, now=NOW)
    assert series.space is None
    assert counts(series) == {
        date(2026, 1, 19): (1, 0, 0, 1),
        date(2026, 3, 23): (1, 1, 1, 2),
        date(2026, 3, 30): (2, 1, 2, 2),  # bob's post in the club, lea's comment on a file
        date(2026, 4, 6): (0, 1, 0, 1),
    }


def test_another_space_counts_only_its_own_activity(db, world):
    firm, lea, bob, _, club = world
    assert counts(activity(db, lea, space_id=club, now=NOW)) == {date(2026, 3, 30): (1, 0, 0, 1)}


def test_a_shorter_period_counts_only_its_weeks(db, world):
    firm, lea, _, general, _ = world
    series = activity(db, lea, space_id=general, weeks=2, now=NOW)
    assert [week.start for week in series.weeks] == [date(2026, 3, 30), date(2026, 4, 6)]
    assert counts(series) == {date(2026, 3, 30): (1, 0, 2, 2), date(2026, 4, 6): (0, 1, 0, 1)}
    assert series.people == 2  # lea and bob; alice's like was the week before


def test_a_deleted_comment_is_not_counted(db, world):
    firm, lea, bob, general, _ = world
    post = post_at(db, lea, general, utc(2026, 4, 7, 8, 0))
    parent = comment_at(db, bob, post.discussion_id, utc(2026, 4, 7, 9, 0))
    comments.add_comment(db, lea, post.discussion_id, "Réponse", parent_id=parent.id)
    comments.delete_comment(db, bob, parent.id)  # it stays as "comment deleted"
    series = activity(db, lea, space_id=general, now=NOW)
    # This week: bob's earlier comment, lea's post and her reply dated now (not this week's
    # backdated ones): the deleted comment is not among them.
    assert series.weeks[-1].comments == 1
    assert series.weeks[-1].posts == 1


def test_the_readers_of_a_space_see_its_activity_and_nobody_else(db, world):
    firm, lea, bob, general, _ = world
    private = make_space(db, firm.admin, "Direction", visibility="private", members=(lea,))
    secret = make_space(db, firm.admin, "Surprise", visibility="secret")
    activity(db, lea, space_id=private, now=NOW)
    activity(db, bob, space_id=general, now=NOW)  # public: every employee reads it
    with pytest.raises(Forbidden):
        activity(db, bob, space_id=private, now=NOW)
    with pytest.raises(NotFound):
        activity(db, bob, space_id=secret, now=NOW)


def test_the_whole_firms_activity_is_for_its_admins_only(db, world):
    firm, lea, bob, general, _ = world
    guest = make_guest(db, firm, firm.admin, general, "Claire Client")
    for person in (lea, bob, guest):
        with pytest.raises(Forbidden):
            activity(db, person, now=NOW)
    assert activity(db, guest, space_id=general, now=NOW).weeks


def test_another_firms_space_is_not_found(db, world):
    firm, *_ = world
    other = make_firm(db, "firm-c.fr", "Chloé Chef")
    with pytest.raises(NotFound):
        activity(db, other.admin, space_id=world[3], now=NOW)
    assert counts(activity(db, other.admin, now=NOW)) == {}


@pytest.mark.parametrize("weeks", [0, -1, 54, "12"])
def test_the_period_is_between_one_week_and_a_year(db, world, weeks):
    firm, *_ = world
    with pytest.raises(InvalidInput):
        activity(db, firm.admin, weeks=weeks, now=NOW)


def test_counting_costs_the_same_few_statements_whatever_the_activity(db, world,
                                                                       count_statements):
    firm, lea, bob, general, _ = world
    with count_statements() as before:
        activity(db, firm.admin, now=NOW)
    for n in range(15):
        post = post_at(db, lea, general, utc(2026, 2, 1 + n, 10, 0))
        comment_at(db, bob, post.discussion_id, utc(2026, 2, 1 + n, 11, 0))
        react_at(db, firm.admin, post.discussion_id, utc(2026, 2, 1 + n, 12, 0))
    db.commit()
    with count_statements() as after:
        series = activity(db, firm.admin, now=NOW)
    assert series.posts == 19 and series.comments == 18 and series.reactions == 18
    assert after.count == before.count <= 4


def test_activity_runs_in_a_session_bound_to_the_firm_as_requests_do(db, database, world):
    firm, lea, _, general, _ = world
    db.commit()
    with database.session(tenant_id=firm.tenant_id) as guarded:
        assert activity(guarded, lea, space_id=general, now=NOW).posts == 3
        assert activity(guarded, firm.admin, now=NOW).posts == 4
