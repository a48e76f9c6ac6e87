"""Who may be told about a post or a comment.

Three rules, applied to every notification: nobody is told of their own action;
nobody is told about content they cannot read right now (a private space they
left, a secret space, hidden content, a Drive file discussion for a guest); and
nobody hears from a space they muted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from social.actor import Actor
from social.models import (Comment, Membership, NotificationLevel, Post, Space,
                           SpaceNotificationLevel, User)
from social.moderation.visibility import is_hidden
from social.policy import Access, can_see_firm_wide, space_access


@dataclass(frozen=True)
class Subject:
    """What a notification is about: a post, or a comment (on a post or a Drive file)."""

    tenant_id: int
    space: Space | None  # None for a comment on a Drive file's own discussion
    post: Post | None
    comment: Comment | None = None

    @property
    def space_id(self) -> int | None:
        return self.space.id if self.space is not None else None

    @property
    def shown(self) -> bool:
        """Still there for its readers: neither hidden by a moderator nor deleted."""
        if self.post is not None and is_hidden(self.post):
            return False
        return self.comment is None or (not is_hidden(self.comment)
                                        and self.comment.deleted_at is None)


def subject_of_post(db: Session, post: Post) -> Subject:
    # Usually in the session already (checking access loaded it): then no statement.
    space = db.get(Space, post.space_id)
    if space is not None and space.tenant_id != post.tenant_id:
        space = None
    return Subject(post.tenant_id, space, post)


def readers_among(db: Session, subject: Subject, user_ids: Iterable[int]) -> set[int]:
    """Those of these people who may read the subject now."""
    ids = sorted(set(user_ids))
    if not ids:
        return set()
    users = db.scalars(select(User).where(User.id.in_(ids), User.tenant_id == subject.tenant_id,
                                          User.is_active.is_(True))).all()
    if subject.space is None:
        return {user.id for user in users if can_see_firm_wide(Actor.of(user))}
    roles = dict(db.execute(select(Membership.user_id, Membership.role).where(
        Membership.space_id == subject.space.id, Membership.user_id.in_(ids),
        Membership.tenant_id == subject.tenant_id)).all())
    space = subject.space
    return {user.id for user in users
            if space_access(Actor.of(user), space.tenant_id, space.visibility,
                            roles.get(user.id)) >= Access.READ}


def levels_in(db: Session, subject: Subject, user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's chosen level for the subject's space; absent means the default."""
    ids = sorted(set(user_ids))
    if subject.space is None or not ids:
        return {}
    return dict(db.execute(select(SpaceNotificationLevel.user_id, SpaceNotificationLevel.level)
                           .where(SpaceNotificationLevel.space_id == subject.space.id,
                                  SpaceNotificationLevel.user_id.in_(ids),
                                  SpaceNotificationLevel.tenant_id == subject.tenant_id)).all())


def close_followers(db: Session, subject: Subject) -> list[int]:
    """The people who chose to hear of every new post of the subject's space."""
    if subject.space is None:
        return []
    return list(db.scalars(select(SpaceNotificationLevel.user_id).where(
        SpaceNotificationLevel.space_id == subject.space.id,
        SpaceNotificationLevel.level == NotificationLevel.ALL,
        SpaceNotificationLevel.tenant_id == subject.tenant_id)))


def audience(db: Session, actor: Actor, subject: Subject, user_ids: Iterable[int]) -> set[int]:
    """Of these people, those who may be told: not the actor, readers, not muted.

    The same rules as `readers_among` then `levels_in`, read in one statement: each
    active candidate with their role in the subject's space and their level there."""
    if not subject.shown:
        return set()
    candidates = sorted(set(user_ids) - {actor.user_id})
    if not candidates:
        return set()
    if subject.space is None:
        return readers_among(db, subject, candidates)
    space = subject.space
    rows = db.execute(
        select(User, Membership.role, SpaceNotificationLevel.level)
        .outerjoin(Membership, (Membership.user_id == User.id)
                   & (Membership.space_id == space.id))
        .outerjoin(SpaceNotificationLevel, (SpaceNotificationLevel.user_id == User.id)
                   & (SpaceNotificationLevel.space_id == space.id))
        .where(User.id.in_(candidates), User.tenant_id == subject.tenant_id,
               User.is_active.is_(True))).all()
    return {user.id for user, role, level in rows
            if space_access(Actor.of(user), space.tenant_id, space.visibility, role)
            >= Access.READ and level != NotificationLevel.MUTED}
