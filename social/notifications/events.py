"""Writing notifications, in the transaction of the action that causes them.

Each service that does something worth telling calls one function here before
it commits, so the action and its notifications are saved together or not at
all. Everyone concerned gets at most one notification per action: a comment
that both answers me and mentions me is a mention.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.clock import utcnow
from social.actor import Actor
from social.models import Comment, Notification, NotificationKind, Post, User
from social.notifications.audience import (Subject, audience, close_followers,
                                           subject_of_post)

# A grouped notification keeps every reactor's id, to count each person once. A small
# firm has far fewer people than this; past it, the oldest are forgotten.
MAX_GROUPED_ACTORS = 500

Wanted = dict[int, tuple[str, dict[str, Any]]]  # recipient -> (kind, params)


def post_created(db: Session, actor: Actor, post: Post, mentioned: Iterable[User]) -> None:
    """People mentioned in a new post, and those who follow its space closely."""
    subject = subject_of_post(db, post)
    wanted: Wanted = {}
    for person in mentioned:
        wanted.setdefault(person.id, (NotificationKind.MENTION, {"in": "post"}))
    for user_id in close_followers(db, subject):
        wanted.setdefault(user_id, (NotificationKind.NEW_POST, {}))
    _deliver(db, actor, subject, wanted)


def comment_added(db: Session, actor: Actor, comment: Comment, post: Post | None,
                  parent: Comment | None, mentioned: Iterable[User]) -> None:
    """People mentioned in a comment, the author of the comment it answers, and the
    author of the post it is under (`post` is None on a Drive file's discussion)."""
    space = None if post is None else subject_of_post(db, post).space
    subject = Subject(comment.tenant_id, space, post, comment)
    wanted: Wanted = {}
    for person in mentioned:
        wanted.setdefault(person.id, (NotificationKind.MENTION, {"in": "comment"}))
    if parent is not None and parent.deleted_at is None:
        wanted.setdefault(parent.author_id, (NotificationKind.REPLY, {"to": "comment"}))
    if post is not None:
        wanted.setdefault(post.author_id, (NotificationKind.REPLY, {"to": "post"}))
    _deliver(db, actor, subject, wanted)


def mentions_added(db: Session, actor: Actor, post: Post | None, comment: Comment | None,
                   mentioned: Iterable[User]) -> None:
    """After an edit: people mentioned in the new text and not told of a mention there yet."""
    candidates = {person.id for person in mentioned}
    if not candidates:
        return
    told = set(db.scalars(select(Notification.recipient_id).where(
        Notification.recipient_id.in_(sorted(candidates)),
        Notification.kind == NotificationKind.MENTION,
        Notification.tenant_id == actor.tenant_id,
        Notification.comment_id == comment.id if comment is not None
        else (Notification.post_id == post.id) & Notification.comment_id.is_(None))))
    space = None if post is None else subject_of_post(db, post).space
    subject = Subject(actor.tenant_id, space, post, comment)
    where = "comment" if comment is not None else "post"
    _deliver(db, actor, subject, {user_id: (NotificationKind.MENTION, {"in": where})
                                  for user_id in candidates - told})


def post_featured(db: Session, actor: Actor, post: Post) -> None:
    """The author of a featured post, and the people who follow its space closely."""
    subject = subject_of_post(db, post)
    wanted: Wanted = {post.author_id: (NotificationKind.FEATURED, {"whose": "yours"})}
    for user_id in close_followers(db, subject):
        wanted.setdefault(user_id, (NotificationKind.FEATURED, {"whose": "space"}))
    _deliver(db, actor, subject, wanted)


def reacted(db: Session, actor: Actor, discussion_id: int, *, post: Post | None = None) -> None:
    """A reaction on a post tells its author, grouped: one notification per post, which
    gathers everyone who reacted and comes back unread when someone new does. `post`:
    the discussion's post when the caller has it loaded already."""
    if post is None or post.discussion_id != discussion_id:
        post = db.scalar(select(Post).where(Post.discussion_id == discussion_id,
                                            Post.tenant_id == actor.tenant_id))
    if post is None:
        return  # a Drive file's discussion: nobody authored the file here
    if not audience(db, actor, subject_of_post(db, post), [post.author_id]):
        return
    key = f"reaction:{post.id}"
    grouped = _grouped(db, post.author_id, key)
    if grouped is None:
        if _insert_grouped(db, _notification(actor, post.author_id, NotificationKind.REACTION,
                                             post, None, {}, group_key=key)):
            return
        grouped = _grouped(db, post.author_id, key)  # someone else's reaction, just now
    if actor.user_id in grouped.actor_ids:
        return  # a second emoji, or a like given again, is not news
    grouped.actor_ids = ([actor.user_id] + list(grouped.actor_ids))[:MAX_GROUPED_ACTORS]
    grouped.actor_count += 1
    grouped.updated_at = utcnow()
    grouped.read_at = None


def _grouped(db: Session, recipient_id: int, key: str) -> Notification | None:
    # Locked (on PostgreSQL) so two reactions at once both count; SQLite writers are
    # serialised already.
    return db.scalar(select(Notification).where(Notification.recipient_id == recipient_id,
                                                Notification.group_key == key)
                     .with_for_update())


def _insert_grouped(db: Session, notification: Notification) -> bool:
    """Inserts a grouped notification unless one with its key is there already (another
    reaction's, committed meanwhile): one statement, where a savepoint would cost three."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    columns = {column.key: getattr(notification, column.key)
               for column in Notification.__table__.columns if column.key != "id"}
    result = db.execute(insert(Notification).values(**columns)
                        .on_conflict_do_nothing(index_elements=["recipient_id", "group_key"]))
    return result.rowcount == 1


def content_moderated(db: Session, actor: Actor, *, author_id: int, post: Post | None,
                      comment: Comment | None, decision: str, reason: str) -> bool:
    """Tells an author that a moderator hid or restored their content; True if told.

    This one reaches the author even in a muted space and about content they no
    longer see: it is about their own text, and they must know what became of it.
    """
    if author_id == actor.user_id:
        return False
    active = db.scalar(select(User.is_active).where(User.id == author_id,
                                                    User.tenant_id == actor.tenant_id))
    if not active:
        return False
    params = {"decision": decision, "reason": reason,
              "about": "comment" if comment is not None else "post"}
    db.add(_notification(actor, author_id, NotificationKind.MODERATION, post, comment, params))
    return True


def _deliver(db: Session, actor: Actor, subject: Subject, wanted: Wanted) -> None:
    allowed = audience(db, actor, subject, wanted)
    for recipient_id in sorted(allowed):
        kind, params = wanted[recipient_id]
        db.add(_notification(actor, recipient_id, kind, subject.post, subject.comment, params))


def _notification(actor: Actor, recipient_id: int, kind: str, post: Post | None,
                  comment: Comment | None, params: dict[str, Any], *,
                  group_key: str | None = None) -> Notification:
    now = utcnow()
    return Notification(tenant_id=actor.tenant_id, recipient_id=recipient_id, kind=kind,
                        space_id=post.space_id if post is not None else None,
                        post_id=post.id if post is not None else None,
                        comment_id=comment.id if comment is not None else None,
                        actor_ids=[actor.user_id], actor_count=1, params=params,
                        group_key=group_key, created_at=now, updated_at=now)
