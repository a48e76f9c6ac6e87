"""Activity over the last weeks, for the charts of a space's page and of the admin's.

Weeks are ISO weeks (Monday to Sunday) in the viewer's time zone. Their
boundaries are computed in Python, each Monday at midnight local time turned to
UTC on its own, so a week that holds a change to or from summer time is still
cut at local midnight. The counting is one grouped SQL statement over the
window's rows, found through (tenant_id, created_at) indexes: the cost follows
the activity of the window, not the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, case, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_, safe_zone
from social.actor import Actor, require_active
from social.errors import Forbidden, InvalidInput
from social.models import Comment, Post, Reaction, User
from social.policy import Access
from social.services.access import load_space
from social.services.assemble import space_ref
from social.views import SpaceRef

DEFAULT_WEEKS = 12
MAX_WEEKS = 53
_POST, _COMMENT, _REACTION = 1, 2, 3


@dataclass(frozen=True)
class ActivityWeek:
    start: date  # the Monday, in the viewer's time zone
    iso_year: int
    iso_week: int
    posts: int = 0
    comments: int = 0
    reactions: int = 0
    people: int = 0  # distinct people who posted, commented or reacted that week


@dataclass(frozen=True)
class ActivitySeries:
    weeks: tuple[ActivityWeek, ...]  # oldest first, the current week last
    time_zone: str
    space: SpaceRef | None  # None for the whole firm
    people: int  # distinct people active over the whole period

    @property
    def posts(self) -> int:
        return sum(week.posts for week in self.weeks)

    @property
    def comments(self) -> int:
        return sum(week.comments for week in self.weeks)

    @property
    def reactions(self) -> int:
        return sum(week.reactions for week in self.weeks)


def activity(db: Session, actor: Actor, *, space_id: int | None = None,
             weeks: int = DEFAULT_WEEKS, now: datetime | None = None) -> ActivitySeries:
    """A space's activity (for those who read it), or the firm's (for its admins)."""
    require_active(actor)
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(N_("Choose between 1 and %(max)s weeks."), field="weeks",
                           max=MAX_WEEKS)
    space = None
    if space_id is not None:
        space = load_space(db, actor, space_id, Access.READ).space
    elif not actor.is_admin:
        raise Forbidden()
    zone_name = db.scalar(select(User.time_zone).where(User.id == actor.user_id,
                                                       User.tenant_id == actor.tenant_id))
    zone = safe_zone(zone_name)
    mondays = _mondays((now or utcnow()).astimezone(zone).date(), weeks)
    bounds = [datetime.combine(monday, time(0), tzinfo=zone) for monday in mondays]
    events = union_all(*_events(actor.tenant_id, space_id, bounds)).subquery()
    counted = {row.week: row for row in db.execute(
        select(events.c.week,
               func.count(case((events.c.kind == _POST, 1))).label("posts"),
               func.count(case((events.c.kind == _COMMENT, 1))).label("comments"),
               func.count(case((events.c.kind == _REACTION, 1))).label("reactions"),
               func.count(func.distinct(events.c.person)).label("people"))
        .group_by(events.c.week))}
    people = db.scalar(select(func.count(func.distinct(events.c.person))))
    series = []
    for index, monday in enumerate(mondays[:-1]):
        row = counted.get(index)
        year, week, _ = monday.isocalendar()
        series.append(ActivityWeek(start=monday, iso_year=year, iso_week=week,
                                   posts=row.posts if row else 0,
                                   comments=row.comments if row else 0,
                                   reactions=row.reactions if row else 0,
                                   people=row.people if row else 0))
    return ActivitySeries(weeks=tuple(series), time_zone=getattr(zone, "key", str(zone)),
                          space=space_ref(space) if space is not None else None,
                          people=people)


def _mondays(today: date, weeks: int) -> list[date]:
    """The Monday of each week of the period, and the one after it (its end)."""
    current = today - timedelta(days=today.weekday())
    return [current - timedelta(weeks=weeks - 1 - index) for index in range(weeks + 1)]


def _events(tenant_id: int, space_id: int | None, bounds: list[datetime]) -> list[Select]:
    """One row per post, comment and reaction of the period: (week, kind, person)."""
    def week_of(column):
        whens = [(column < bound, index) for index, bound in enumerate(bounds[1:-1])]
        last = literal_column(str(len(bounds) - 2))
        return case(*whens, else_=last) if whens else last

    def within(column):
        return (column >= bounds[0]) & (column < bounds[-1])

    posts = (select(week_of(Post.created_at).label("week"),
                    literal_column(str(_POST)).label("kind"), Post.author_id.label("person"))
             .where(Post.tenant_id == tenant_id, within(Post.created_at)))
    comments = (select(week_of(Comment.created_at), literal_column(str(_COMMENT)),
                       Comment.author_id)
                .where(Comment.tenant_id == tenant_id, within(Comment.created_at),
                       Comment.deleted_at.is_(None)))
    reactions = (select(week_of(Reaction.created_at), literal_column(str(_REACTION)),
                        Reaction.user_id)
                 .where(Reaction.tenant_id == tenant_id, within(Reaction.created_at)))
    if space_id is not None:
        posts = posts.where(Post.space_id == space_id)
        comments = comments.join(Post, Post.discussion_id == Comment.discussion_id).where(
            Post.space_id == space_id)
        reactions = reactions.join(Post, Post.discussion_id == Reaction.discussion_id).where(
            Post.space_id == space_id)
    return [posts, comments, reactions]
