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

from sqlalchemy import (Integer, Select, bindparam, distinct, func, literal, or_, select,
                        union_all)
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
    rows: list[PostRow] = []
    for start in range(0, len(spaces), SPACES_PER_STATEMENT):
        chunk = spaces[start:start + SPACES_PER_STATEMENT]
        parameters = {f"space_{index}": space_id for index, space_id in enumerate(chunk)}
        rows += [PostRow(post_id=row.id, discussion_id=row.discussion_id,
                         author_id=row.author_id, space_id=row.space_id,
                         created_at=row.created_at, featured_at=row.featured_at,
                         pinned_at=row.pinned_at)
                 for row in db.execute(_newest_of_spaces(len(chunk)),
                                       {"tenant_id": tenant_id, "since": since, "until": until,
                                        "cap": cap, **parameters})]
    rows.sort(key=lambda row: row.post_id, reverse=True)
    return rows[:cap]


@lru_cache(maxsize=SPACES_PER_STATEMENT)
def _newest_of_spaces(count: int) -> Select:
    """The statement for `count` spaces, built once: building twenty subqueries cost more
    than running them. Parameters: tenant_id, space_0.., since, until, cap."""
    columns = (Post.id, Post.discussion_id, Post.author_id, Post.space_id, Post.created_at,
               Post.featured_at, Post.pinned_at)
    cap = bindparam("cap", type_=Integer)
    # Along the (space_id, created_at) index: a space gives the posts of the window only,
    # at most `cap`, however long its history and however quiet it has been lately.
    newest = [select(*columns).where(Post.tenant_id == bindparam("tenant_id", type_=Integer),
                                     Post.space_id == bindparam(f"space_{index}", type_=Integer),
                                     Post.created_at >= bindparam("since"),
                                     Post.created_at <= bindparam("until"), not_hidden(Post))
              .order_by(Post.created_at.desc()).limit(cap).subquery()
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
        for kind, discussion_id, people in db.execute(_ENGAGEMENT, parameters)}
    return [replace(row, engagement=Engagement(counted.get(("reactors", row.discussion_id), 0),
                                               counted.get(("commenters", row.discussion_id), 0)))
            for row in rows]


def _engagement() -> Select:
    """Distinct reactors and commenters per discussion, in one statement built once.
    The posts are looked up by the same discussions: joined on the discussion alone,
    PostgreSQL read every post of the firm to find their authors."""
    discussions = bindparam("discussions", expanding=True)
    tenant_id = bindparam("tenant_id", type_=Integer)
    until = bindparam("until")
    reactors = (select(literal("reactors").label("kind"), Reaction.discussion_id,
                       func.count(distinct(Reaction.user_id)))
                .join(Post, Post.discussion_id == Reaction.discussion_id)
                .where(Reaction.discussion_id.in_(discussions), Reaction.tenant_id == tenant_id,
                       Post.discussion_id.in_(discussions),
                       Reaction.user_id != Post.author_id, Reaction.created_at <= until)
                .group_by(Reaction.discussion_id))
    commenters = (select(literal("commenters").label("kind"), Comment.discussion_id,
                         func.count(distinct(Comment.author_id)))
                  .join(Post, Post.discussion_id == Comment.discussion_id)
                  .where(Comment.discussion_id.in_(discussions), Comment.tenant_id == tenant_id,
                         Post.discussion_id.in_(discussions),
                         Comment.deleted_at.is_(None), not_hidden(Comment),
                         Comment.author_id != Post.author_id, Comment.created_at <= until)
                  .group_by(Comment.discussion_id))
    return union_all(reactors, commenters)


_ENGAGEMENT = _engagement()


def load_posts(db: Session, tenant_id: int, post_ids: Iterable[int]) -> list[Post]:
    """Posts with their author and space, in the order asked; missing ones left out."""
    ids = list(post_ids)
    if not ids:
        return []
    posts = db.scalars(_LOAD_POSTS, {"ids": ids, "tenant_id": tenant_id}).unique().all()
    by_id = {post.id: post for post in posts}
    return [by_id[post_id] for post_id in ids if post_id in by_id]


_LOAD_POSTS = (select(Post).options(joinedload(Post.author), joinedload(Post.space))
               .where(Post.id.in_(bindparam("ids", expanding=True)),
                      Post.tenant_id == bindparam("tenant_id", type_=Integer)))
