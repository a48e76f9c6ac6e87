"""What ranking reads: recent posts fetched by index, and their engagement counted in bulk.

The cost of ranking must not grow with the number of posts a firm has ever
written. Each space gives its posts of the window along its (space_id, created_at)
index, never more than the cap, and the database keeps the newest of those; engagement
is then counted for those posts only, in one grouped statement.

The statements are built once (per number of spaces) and run with parameters:
SQLAlchemy took longer to build twenty subqueries and lists of 300 ids than the
database took to run them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Collection, Iterable, Sequence

from sqlalchemy import (Integer, Select, any_, bindparam, distinct, func, literal, or_, select,
                        true, union_all)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, joinedload

from social.actor import Actor
from social.models import Comment, Membership, Post, Reaction, Space, Visibility
from social.moderation.visibility import not_hidden
from social.ranking import Engagement
from social.services.feeds import readable_space_ids

# Spaces per statement: SQLite allows 500 terms in a compound SELECT.
SPACES_PER_STATEMENT = 100


@dataclass(frozen=True)
class PostRow:
    """A candidate post: enough to rank it and to check who may see it."""

    post_id: int
    discussion_id: int
    author_id: int
    space_id: int
    created_at: datetime
    featured_at: datetime | None
    pinned_at: datetime | None
    engagement: Engagement = Engagement()

    @property
    def promoted(self) -> bool:
        return self.featured_at is not None or self.pinned_at is not None


def member_space_ids(db: Session, actor: Actor) -> list[int]:
    return list(db.scalars(select(Membership.space_id).where(
        Membership.user_id == actor.user_id, Membership.tenant_id == actor.tenant_id)))


def spaces_of(db: Session, actor: Actor) -> tuple[list[int], list[int]]:
    """The spaces the actor belongs to, and those whose content they read (theirs, and
    public ones for staff), in one statement."""
    member = Membership.space_id.is_not(None)
    readable = member if actor.is_guest else or_(member, Space.visibility == Visibility.PUBLIC)
    rows = db.execute(select(Space.id, member)
                      .outerjoin(Membership, (Membership.space_id == Space.id)
                                 & (Membership.user_id == actor.user_id)
                                 & (Membership.tenant_id == actor.tenant_id))
                      .where(Space.tenant_id == actor.tenant_id, readable)).all()
    return [space_id for space_id, mine in rows if mine], [space_id for space_id, _ in rows]


def readable_spaces(db: Session, actor: Actor) -> list[int]:
    """The spaces whose content the actor reads now (theirs, and public ones for staff)."""
    readable = readable_space_ids(actor).subquery()
    return list(db.scalars(select(readable.c[0])))


def recent_posts(db: Session, tenant_id: int, space_ids: Collection[int], *,
                 since: datetime, until: datetime, cap: int) -> list[PostRow]:
    """The newest posts (at most `cap`) of these spaces, written between since and until."""
    spaces = sorted(set(space_ids))
    common = {"tenant_id": tenant_id, "since": since, "until": until, "cap": cap}
    if _postgresql(db):
        # One statement whatever the number of spaces, and the same text every time (an
        # array parameter): psycopg and PostgreSQL parse it once per connection.
        chunks = [(_newest_of_spaces_pg(), {"spaces": spaces})] if spaces else []
    else:
        chunks = [(_newest_of_spaces(len(chunk)),
                   {f"space_{index}": space_id for index, space_id in enumerate(chunk)})
                  for chunk in (spaces[start:start + SPACES_PER_STATEMENT]
                                for start in range(0, len(spaces), SPACES_PER_STATEMENT))]
    rows: list[PostRow] = []
    for statement, parameters in chunks:
        rows += [PostRow(post_id=row.id, discussion_id=row.discussion_id,
                         author_id=row.author_id, space_id=row.space_id,
                         created_at=row.created_at, featured_at=row.featured_at,
                         pinned_at=row.pinned_at)
                 for row in db.execute(statement, {**common, **parameters})]
    rows.sort(key=lambda row: row.post_id, reverse=True)
    return rows[:cap]


def _postgresql(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


_POST_ROW = (Post.id, Post.discussion_id, Post.author_id, Post.space_id, Post.created_at,
             Post.featured_at, Post.pinned_at)


def _in_window(cap):
    """Along the (space_id, created_at) index: a space gives the posts of the window only,
    at most `cap`, however long its history and however quiet it has been lately."""
    return lambda space_id: (
        select(*_POST_ROW).where(Post.tenant_id == bindparam("tenant_id", type_=Integer),
                                 Post.space_id == space_id,
                                 Post.created_at >= bindparam("since"),
                                 Post.created_at <= bindparam("until"), not_hidden(Post))
        .order_by(Post.created_at.desc()).limit(cap))


@lru_cache(maxsize=1)
def _newest_of_spaces_pg() -> Select:
    """PostgreSQL: each space of the `spaces` array in a LATERAL subquery."""
    cap = bindparam("cap", type_=Integer)
    wanted = func.unnest(bindparam("spaces", type_=ARRAY(Integer))).table_valued(
        "space_id").render_derived(name="wanted")
    newest = _in_window(cap)(wanted.c.space_id).lateral("newest")
    return (select(*newest.c).select_from(wanted.join(newest, true()))
            .order_by(newest.c.id.desc()).limit(cap))


@lru_cache(maxsize=SPACES_PER_STATEMENT)
def _newest_of_spaces(count: int) -> Select:
    """The statement for `count` spaces, built once: building twenty subqueries cost more
    than running them. Parameters: tenant_id, space_0.., since, until, cap."""
    cap = bindparam("cap", type_=Integer)
    newest = [_in_window(cap)(bindparam(f"space_{index}", type_=Integer)).subquery()
              for index in range(count)]
    parts = [select(*subquery.c) for subquery in newest]
    merged = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    return select(merged).order_by(merged.c.id.desc()).limit(cap)


def with_engagement(db: Session, tenant_id: int, rows: Sequence[PostRow], *,
                    until: datetime) -> list[PostRow]:
    """The rows with their engagement: distinct others who reacted, who commented (in
    comments still shown: a deleted or hidden comment counts for nothing)."""
    if not rows:
        return []
    parameters = {"discussions": [row.discussion_id for row in rows], "tenant_id": tenant_id,
                  "until": until}
    counted: dict[tuple[str, int], int] = {
        (kind, discussion_id): people
        for kind, discussion_id, people in db.execute(_engagement(_postgresql(db)),
                                                      parameters)}
    return [replace(row, engagement=Engagement(counted.get(("reactors", row.discussion_id), 0),
                                               counted.get(("commenters", row.discussion_id), 0)))
            for row in rows]


def _any_of(name: str, postgresql: bool):
    """`column IN (:name)`: on PostgreSQL `= ANY(array)`, a statement whose text does not
    change with the number of ids (parsed once); elsewhere an expanding IN list."""
    if postgresql:
        array = bindparam(name, type_=ARRAY(Integer))
        return lambda column: column == any_(array)
    ids = bindparam(name, expanding=True)
    return lambda column: column.in_(ids)


@lru_cache(maxsize=2)
def _engagement(postgresql: bool) -> Select:
    """Distinct reactors and commenters per discussion, in one statement built once.
    The posts are looked up by the discussions (joined on the discussion alone,
    PostgreSQL read every post of the firm to find their authors); reactions and
    comments follow by the join alone: the same list on their side too made each inner
    index scan test the whole list again, once per post (28 ms on service, now 11)."""
    among = _any_of("discussions", postgresql)
    tenant_id = bindparam("tenant_id", type_=Integer)
    until = bindparam("until")
    reactors = (select(literal("reactors").label("kind"), Reaction.discussion_id,
                       func.count(distinct(Reaction.user_id)))
                .join(Post, Post.discussion_id == Reaction.discussion_id)
                .where(Reaction.tenant_id == tenant_id, among(Post.discussion_id),
                       Reaction.user_id != Post.author_id, Reaction.created_at <= until)
                .group_by(Reaction.discussion_id))
    commenters = (select(literal("commenters").label("kind"), Comment.discussion_id,
                         func.count(distinct(Comment.author_id)))
                  .join(Post, Post.discussion_id == Comment.discussion_id)
                  .where(Comment.tenant_id == tenant_id, among(Post.discussion_id),
                         Comment.deleted_at.is_(None), not_hidden(Comment),
                         Comment.author_id != Post.author_id, Comment.created_at <= until)
                  .group_by(Comment.discussion_id))
    return union_all(reactors, commenters)


def load_posts(db: Session, tenant_id: int, post_ids: Iterable[int]) -> list[Post]:
    """Posts with their author and space, in the order asked; missing ones left out."""
    ids = list(post_ids)
    if not ids:
        return []
    posts = db.scalars(_load_posts(_postgresql(db)),
                       {"ids": ids, "tenant_id": tenant_id}).unique().all()
    by_id = {post.id: post for post in posts}
    return [by_id[post_id] for post_id in ids if post_id in by_id]


@lru_cache(maxsize=2)
def _load_posts(postgresql: bool) -> Select:
    return (select(Post).options(joinedload(Post.author), joinedload(Post.space))
            .where(_any_of("ids", postgresql)(Post.id),
                   Post.tenant_id == bindparam("tenant_id", type_=Integer)))
