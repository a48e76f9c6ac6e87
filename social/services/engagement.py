"""What ranking reads: recent posts fetched by index, and their engagement counted in bulk.

The cost of ranking must not grow with the number of posts a firm has ever
written. Each space gives its newest posts along its (space_id, id) index,
never more than the cap, and the database keeps the newest of those; engagement
is then counted for those posts only, in two grouped statements.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Collection, Iterable, Sequence

from sqlalchemy import distinct, func, select, union_all
from sqlalchemy.orm import Session, joinedload

from social.actor import Actor
from social.models import Comment, Membership, Post, Reaction
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
        rows += _recent_in(db, tenant_id, spaces[start:start + SPACES_PER_STATEMENT],
                           since, until, cap)
    rows.sort(key=lambda row: row.post_id, reverse=True)
    return rows[:cap]


def _recent_in(db: Session, tenant_id: int, spaces: Sequence[int], since: datetime,
               until: datetime, cap: int) -> list[PostRow]:
    columns = (Post.id, Post.discussion_id, Post.author_id, Post.space_id, Post.created_at,
               Post.featured_at, Post.pinned_at)
    # The date filter stays outside the per-space LIMIT: inside, a space with few recent
    # posts would have its whole history scanned looking for more.
    newest = [select(*columns).where(Post.tenant_id == tenant_id, Post.space_id == space_id,
                                     not_hidden(Post))
              .order_by(Post.id.desc()).limit(cap).subquery() for space_id in spaces]
    parts = [select(*subquery.c) for subquery in newest]
    merged = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    statement = (select(merged).where(merged.c.created_at >= since, merged.c.created_at <= until)
                 .order_by(merged.c.id.desc()).limit(cap))
    return [PostRow(post_id=row.id, discussion_id=row.discussion_id, author_id=row.author_id,
                    space_id=row.space_id, created_at=row.created_at,
                    featured_at=row.featured_at, pinned_at=row.pinned_at)
            for row in db.execute(statement)]


def with_engagement(db: Session, tenant_id: int, rows: Sequence[PostRow], *,
                    until: datetime) -> list[PostRow]:
    """The rows with their engagement: distinct others who reacted, who commented (in
    comments still shown: a deleted or hidden comment counts for nothing)."""
    if not rows:
        return []
    discussions = [row.discussion_id for row in rows]
    reactors = dict(db.execute(
        select(Reaction.discussion_id, func.count(distinct(Reaction.user_id)))
        .join(Post, Post.discussion_id == Reaction.discussion_id)
        .where(Reaction.discussion_id.in_(discussions), Reaction.tenant_id == tenant_id,
               Reaction.user_id != Post.author_id, Reaction.created_at <= until)
        .group_by(Reaction.discussion_id)).all())
    commenters = dict(db.execute(
        select(Comment.discussion_id, func.count(distinct(Comment.author_id)))
        .join(Post, Post.discussion_id == Comment.discussion_id)
        .where(Comment.discussion_id.in_(discussions), Comment.tenant_id == tenant_id,
               Comment.deleted_at.is_(None), not_hidden(Comment),
               Comment.author_id != Post.author_id, Comment.created_at <= until)
        .group_by(Comment.discussion_id)).all())
    return [replace(row, engagement=Engagement(reactors.get(row.discussion_id, 0),
                                               commenters.get(row.discussion_id, 0)))
            for row in rows]


def load_posts(db: Session, tenant_id: int, post_ids: Iterable[int]) -> list[Post]:
    """Posts with their author and space, in the order asked; missing ones left out."""
    ids = list(post_ids)
    if not ids:
        return []
    posts = db.scalars(select(Post).options(joinedload(Post.author), joinedload(Post.space))
                       .where(Post.id.in_(ids), Post.tenant_id == tenant_id)).unique().all()
    by_id = {post.id: post for post in posts}
    return [by_id[post_id] for post_id in ids if post_id in by_id]
