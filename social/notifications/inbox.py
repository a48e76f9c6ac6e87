"""Reading one's notifications: the list, the unread count, marking them read.

The list is keyset-paginated on (recipient, updated_at, id), its index. What a
notification points at is looked up when it is read, in a few statements per
page: if the reader may no longer read it (they left the space, a moderator
hid it, it was deleted), the notification stays but shows no text of it and
no link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import InvalidInput, NotFound
from social.models import Comment, DriveFile, Notification, NotificationKind, Post, Space, User
from social.moderation.visibility import is_hidden
from social.notifications.sharing import sharing_link
from social.notifications.text import plain_excerpt
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.policy import can_see_firm_wide
from social.services.assemble import person_ref
from social.services.feeds import readable_space_ids
from social.views import PersonRef

ACTORS_SHOWN = 3


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: str
    actors: tuple[PersonRef, ...]  # the most recent first, a few at most
    actor_count: int
    params: dict[str, Any]
    where: str | None    # the space's name or the Drive file's title
    excerpt: str | None  # None once the reader may not read the content any more
    link: str | None
    read: bool
    created_at: datetime
    updated_at: datetime

    @property
    def others(self) -> int:
        return max(self.actor_count - 1, 0)


def list_notifications(db: Session, actor: Actor, *, cursor: str | None = None,
                       limit: int | None = None) -> Page[NotificationView]:
    """The actor's notifications, the most recent activity first."""
    require_active(actor)
    limit = page_size(limit)
    statement = select(Notification).where(Notification.recipient_id == actor.user_id,
                                           Notification.tenant_id == actor.tenant_id)
    key = _decode(cursor)
    if key:
        moment, last_id = key
        statement = statement.where((Notification.updated_at < moment)
                                    | ((Notification.updated_at == moment)
                                       & (Notification.id < last_id)))
    rows, more = cut(db.scalars(statement.order_by(Notification.updated_at.desc(),
                                                   Notification.id.desc())
                                .limit(limit + 1)).all(), limit)
    last = rows[-1] if more else None
    return Page(_views(db, actor, rows),
                encode_cursor(last.updated_at.isoformat(), last.id) if last else None)


def _decode(cursor: str | None) -> tuple[datetime, int] | None:
    key = decode_cursor(cursor, str, int)
    if key is None:
        return None
    try:
        moment = datetime.fromisoformat(key[0])
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(N_("This page link is not valid."), field="cursor")
    return moment, key[1]


def unread_count(db: Session, actor: Actor) -> int:
    require_active(actor)
    return db.scalar(select(func.count()).select_from(Notification).where(
        Notification.recipient_id == actor.user_id, Notification.tenant_id == actor.tenant_id,
        Notification.read_at.is_(None)))


def mark_read(db: Session, actor: Actor, notification_id: int) -> NotificationView:
    """Marks one of the actor's notifications read; returns it (with its link)."""
    require_active(actor)
    row = db.scalar(select(Notification).where(Notification.id == notification_id,
                                               Notification.recipient_id == actor.user_id,
                                               Notification.tenant_id == actor.tenant_id))
    if row is None:
        raise NotFound()
    if row.read_at is None:
        row.read_at = utcnow()
        db.commit()
    return _views(db, actor, [row])[0]


def mark_all_read(db: Session, actor: Actor) -> int:
    """Marks every unread notification of the actor read; returns how many."""
    require_active(actor)
    result = db.execute(update(Notification).where(
        Notification.recipient_id == actor.user_id, Notification.tenant_id == actor.tenant_id,
        Notification.read_at.is_(None)).values(read_at=utcnow()))
    db.commit()
    return result.rowcount


def _views(db: Session, actor: Actor, rows: Sequence[Notification]) -> list[NotificationView]:
    if not rows:
        return []
    posts = _by_id(db, actor, Post, {row.post_id for row in rows if row.post_id})
    comments = _by_id(db, actor, Comment, {row.comment_id for row in rows if row.comment_id})
    spaces = _by_id(db, actor, Space, {post.space_id for post in posts.values()})
    people = _by_id(db, actor, User, {user_id for row in rows
                                      for user_id in row.actor_ids[:ACTORS_SHOWN]})
    files = {f.discussion_id: f for f in db.scalars(select(DriveFile).where(
        DriveFile.tenant_id == actor.tenant_id,
        DriveFile.discussion_id.in_({c.discussion_id for c in comments.values()})))}
    readable_ids = readable_space_ids(actor).subquery()
    readable = set(db.scalars(select(readable_ids.c[0])))
    views = []
    for row in rows:
        post = posts.get(row.post_id)
        comment = comments.get(row.comment_id)
        space = spaces.get(post.space_id) if post else None
        drive_file = files.get(comment.discussion_id) if comment and not post else None
        text = comment if row.comment_id else post
        readable_now = text is not None and _readable(actor, row, post, comment, readable)
        own = text is not None and row.kind == NotificationKind.MODERATION
        views.append(NotificationView(
            id=row.id, kind=row.kind,
            actors=tuple(person_ref(people[user_id])
                         for user_id in row.actor_ids[:ACTORS_SHOWN] if user_id in people),
            actor_count=row.actor_count, params=dict(row.params or {}),
            where=space.name if space else (drive_file.title if drive_file else None),
            excerpt=plain_excerpt(text.body_md) if readable_now or own else None,
            link=sharing_link(row.kind, row.params or {}) or (
                _link(row, post, comment, drive_file) if readable_now else None),
            read=row.read_at is not None, created_at=row.created_at,
            updated_at=row.updated_at))
    return views


def _readable(actor: Actor, row: Notification, post: Post | None, comment: Comment | None,
              readable_spaces: set[int]) -> bool:
    if row.comment_id and (comment is None or comment.deleted_at is not None
                           or is_hidden(comment)):
        return False
    if post is None:  # a comment on a Drive file
        return comment is not None and can_see_firm_wide(actor)
    return not is_hidden(post) and post.space_id in readable_spaces


def _link(row: Notification, post: Post | None, comment: Comment | None,
          drive_file: DriveFile | None) -> str | None:
    if post is not None:
        return f"/posts/{post.id}" + (f"#comment-{comment.id}" if comment else "")
    if drive_file is not None and drive_file.url.startswith("https://"):
        return drive_file.url
    return None


def _by_id(db: Session, actor: Actor, model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.scalars(select(model).where(
        model.id.in_(ids), model.tenant_id == actor.tenant_id))}
