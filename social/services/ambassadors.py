"""Ambassadors: the people whose contributions drew the most colleagues, not the most prolific.

A person's engagement is counted over the posts of the last `days` days in the
spaces the viewer reads, and over the comments in those posts' threads: the
distinct colleagues who reacted to their posts (1 each) and who commented on
their posts or replied to their comments (3 each). Each colleague counts once
per kind however often they came back, and one's own activity never counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import distinct, func, select, union
from sqlalchemy.orm import Session, aliased

from core.clock import utcnow
from social.actor import Actor, require_active
from social.models import Comment, Post, Reaction, User
from social.moderation.visibility import not_hidden
from social.ranking import Contributor, Engagement, rank_contributors
from social.services.assemble import person_ref
from social.services.engagement import readable_spaces, recent_posts
from social.views import PersonRef

# Posts looked at: a small firm writes far fewer in a month.
MAX_POSTS = 2000


@dataclass(frozen=True)
class Ambassador:
    person: PersonRef
    engagement: Engagement

    @property
    def score(self) -> int:
        return self.engagement.value


def ambassadors(db: Session, actor: Actor, *, days: int = 30, limit: int = 20,
                now: datetime | None = None) -> list[Ambassador]:
    require_active(actor)
    now = now or utcnow()
    rows = recent_posts(db, actor.tenant_id, readable_spaces(db, actor),
                        since=now - timedelta(days=days), until=now, cap=MAX_POSTS)
    if not rows:
        return []
    post_ids = [row.post_id for row in rows]
    discussion_ids = [row.discussion_id for row in rows]
    reactors = _reactors_by_author(db, actor.tenant_id, post_ids, now)
    commenters = _commenters_by_author(db, actor.tenant_id, post_ids, discussion_ids, now)
    authors = set(reactors) | set(commenters)
    people = {user.id: user for user in db.scalars(select(User).where(
        User.id.in_(authors), User.tenant_id == actor.tenant_id, User.is_active.is_(True)))}
    ranked = rank_contributors([
        Contributor(user_id, people[user_id].name,
                    Engagement(reactors.get(user_id, 0), commenters.get(user_id, 0)))
        for user_id in authors if user_id in people])
    return [Ambassador(person_ref(people[c.user_id]), c.engagement) for c in ranked[:limit]]


def _reactors_by_author(db: Session, tenant_id: int, post_ids: list[int],
                        now: datetime) -> dict[int, int]:
    return dict(db.execute(
        select(Post.author_id, func.count(distinct(Reaction.user_id)))
        .join(Reaction, Reaction.discussion_id == Post.discussion_id)
        .where(Post.id.in_(post_ids), Post.tenant_id == tenant_id,
               Reaction.tenant_id == tenant_id, Reaction.user_id != Post.author_id,
               Reaction.created_at <= now)
        .group_by(Post.author_id)).all())


def _commenters_by_author(db: Session, tenant_id: int, post_ids: list[int],
                          discussion_ids: list[int], now: datetime) -> dict[int, int]:
    """Distinct people who commented on someone's posts or replied to their comments."""
    on_posts = (select(Post.author_id.label("author"), Comment.author_id.label("engager"))
                .join(Comment, Comment.discussion_id == Post.discussion_id)
                .where(Post.id.in_(post_ids), Post.tenant_id == tenant_id,
                       Comment.tenant_id == tenant_id, Comment.deleted_at.is_(None),
                       not_hidden(Comment), Comment.author_id != Post.author_id,
                       Comment.created_at <= now))
    parent = aliased(Comment)
    on_comments = (select(parent.author_id.label("author"), Comment.author_id.label("engager"))
                   .join(parent, parent.id == Comment.parent_id)
                   .where(Comment.discussion_id.in_(discussion_ids),
                          Comment.tenant_id == tenant_id, parent.tenant_id == tenant_id,
                          Comment.deleted_at.is_(None), parent.deleted_at.is_(None),
                          not_hidden(Comment), not_hidden(parent),
                          Comment.author_id != parent.author_id, Comment.created_at <= now))
    pairs = union(on_posts, on_comments).subquery()
    return dict(db.execute(select(pairs.c.author, func.count(distinct(pairs.c.engager)))
                           .group_by(pairs.c.author)).all())
