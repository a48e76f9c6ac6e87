"""`erase_social_data`: what the social layer removes when the admin erases a person.

Called by advocacy/privacy/erasure.py, inside its transaction, once the person is
deactivated and the gateway has let go of them; it never commits. Two choices:

- keep their content: their posts, comments and reactions stay, under the pseudonym
  ("Former member"), with their edit history;
- delete their content: their posts go with their whole discussion (others' comments
  and reactions on them included), their comments go (one that others answered stays
  as "comment deleted" above the replies, its text and history gone), their reactions go.

Either way everything else that is theirs goes: profile and skills, memberships and
join requests, notification choices, digests, feed links, OAuth flows in progress,
mentions of them, reports they filed, notifications for them, and they are removed
from notifications about them (one they alone caused goes). Their @handle in others'
texts becomes the pseudonym (mentions.py), the audit log loses what named them, and
the row itself becomes the pseudonym (pseudonyms.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from social.models import (AuditEntry, Comment, CommentRevision, DigestItem, DigestState,
                           Discussion, FeedToken, JoinRequest, Membership, Mention,
                           Notification, OAuthFlow, Post, Profile, ProfileTag, Reaction,
                           Report, SearchEntry, SpaceNotificationLevel, User)
from social.privacy.mentions import rewrite_mentions
from social.privacy.pseudonyms import pseudonymize
from social.services.comments import has_replies, prune_deleted_ancestors

ERASED = "[erased]"
# Audit details that identify a person rather than describe an act: dropped from the
# entries about an erased person (an X user id or a LinkedIn member URN, a published
# post's id on the network, which leads to their account).
IDENTIFYING_DETAILS = frozenset({"member_id", "external_id", "external_url", "email", "name",
                                 "handle", "display_name"})


@dataclass(frozen=True)
class SocialErasure:
    posts_deleted: int = 0
    comments_deleted: int = 0
    reactions_deleted: int = 0
    texts_rewritten: int = 0   # others' texts that mentioned them


def identifiers_of(user: User) -> list[str]:
    """The strings that name this person, longest first (searched in audit details)."""
    found = {user.email, user.name, user.handle, user.google_sub or "", user.avatar_url or ""}
    found |= {part for part in user.name.split() if len(part) >= 3}
    found |= {user.email.split("@")[0]}
    return sorted((value for value in found if value), key=len, reverse=True)


def erase_social_data(db: Session, user: User, *, keep_content: bool, now: datetime,
                      extra_identifiers: Iterable[str] = ()) -> SocialErasure:
    """Removes the social layer's data of `user` (already deactivated); no commit.

    `extra_identifiers`: what else named them (their accounts' ids on X and LinkedIn,
    known to the gateway), scrubbed from the audit log with the rest."""
    tenant_id, user_id, old_handle = user.tenant_id, user.id, user.handle
    identifiers = identifiers_of(user) + [value for value in extra_identifiers if value]
    counts: dict[str, int] = {}
    if not keep_content:
        counts = _delete_content(db, tenant_id, user_id, now)
    _delete_personal_rows(db, tenant_id, user_id)
    _leave_notifications_about(db, tenant_id, user_id)
    _scrub_audit(db, tenant_id, user_id, identifiers)
    pseudonymize(user, now)
    db.flush()
    rewritten = rewrite_mentions(db, tenant_id, old_handle, user.handle)
    _forget_deleted_words(db)
    return SocialErasure(texts_rewritten=rewritten, **counts)


def _delete_content(db: Session, tenant_id: int, user_id: int, now: datetime) -> dict[str, int]:
    discussions = list(db.scalars(select(Post.discussion_id).where(
        Post.tenant_id == tenant_id, Post.author_id == user_id)))
    # The discussion owns the post, its comments and reactions (as delete_post does).
    for start in range(0, len(discussions), 500):
        db.execute(delete(Discussion).where(Discussion.tenant_id == tenant_id,
                                            Discussion.id.in_(discussions[start:start + 500])))
    reactions = db.execute(delete(Reaction).where(
        Reaction.tenant_id == tenant_id, Reaction.user_id == user_id)).rowcount or 0
    comments = _delete_comments(db, tenant_id, user_id, now)
    return {"posts_deleted": len(discussions), "comments_deleted": comments,
            "reactions_deleted": reactions}


def _delete_comments(db: Session, tenant_id: int, user_id: int, now: datetime) -> int:
    """Deepest first, so that their own replies go before the comments they answer."""
    own = list(db.scalars(select(Comment).where(
        Comment.tenant_id == tenant_id, Comment.author_id == user_id)
        .order_by(Comment.depth.desc(), Comment.id.desc())))
    for comment in own:
        db.execute(delete(CommentRevision).where(CommentRevision.tenant_id == tenant_id,
                                                 CommentRevision.comment_id == comment.id))
        if has_replies(db, tenant_id, comment.id):
            comment.deleted_at = comment.deleted_at or now
            comment.body_md = comment.body_html = ""
            db.execute(delete(SearchEntry).where(SearchEntry.tenant_id == tenant_id,
                                                 SearchEntry.comment_id == comment.id))
            db.execute(delete(Mention).where(Mention.tenant_id == tenant_id,
                                             Mention.comment_id == comment.id))
        else:
            parent_id = comment.parent_id
            db.delete(comment)
            db.flush()
            prune_deleted_ancestors(db, tenant_id, parent_id)
    db.flush()
    return len(own)


def _delete_personal_rows(db: Session, tenant_id: int, user_id: int) -> None:
    for model, column in ((ProfileTag, ProfileTag.user_id), (Profile, Profile.user_id),
                          (Membership, Membership.user_id), (JoinRequest, JoinRequest.user_id),
                          (SpaceNotificationLevel, SpaceNotificationLevel.user_id),
                          (DigestItem, DigestItem.user_id), (DigestState, DigestState.user_id),
                          (FeedToken, FeedToken.user_id), (Mention, Mention.user_id),
                          (Report, Report.reporter_id),
                          (Notification, Notification.recipient_id)):
        db.execute(delete(model).where(model.tenant_id == tenant_id, column == user_id))
    db.execute(delete(OAuthFlow).where(OAuthFlow.user_id == user_id))


def _leave_notifications_about(db: Session, tenant_id: int, user_id: int) -> None:
    """Others' notifications that name them among who acted: they leave the list; one
    they alone caused goes. Read in Python: `actor_ids` is JSON on both databases."""
    rows = db.execute(select(Notification.id, Notification.actor_ids, Notification.actor_count)
                      .where(Notification.tenant_id == tenant_id)).all()
    for notification_id, actor_ids, actor_count in rows:
        if user_id not in (actor_ids or []):
            continue
        others = [actor for actor in actor_ids if actor != user_id]
        if not others:
            db.execute(delete(Notification).where(Notification.id == notification_id,
                                                  Notification.tenant_id == tenant_id))
            continue
        row = db.get(Notification, notification_id)
        row.actor_ids, row.actor_count = others, max(len(others), (actor_count or 1) - 1)


def _scrub_audit(db: Session, tenant_id: int, user_id: int, identifiers: list[str]) -> None:
    """Entries about them keep the act (who, when, what kind) and lose what named them;
    any entry whose details quote one of their identifiers loses that value."""
    entries = db.scalars(select(AuditEntry).where(AuditEntry.tenant_id == tenant_id)).all()
    lowered = [value.lower() for value in identifiers]
    for entry in entries:
        about = entry.actor_id == user_id or (
            entry.target_type == "user" and entry.target_id == str(user_id)) or any(
            (entry.details or {}).get(key) == user_id for key in ("user_id", "author_id"))
        details = _scrubbed(entry.details or {}, lowered, drop=IDENTIFYING_DETAILS if about
                            else frozenset())
        if details != (entry.details or {}):
            entry.details = details


def _scrubbed(value: Any, identifiers: list[str], drop: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {key: _scrubbed(item, identifiers, drop) for key, item in value.items()
                if key not in drop}
    if isinstance(value, list):
        return [_scrubbed(item, identifiers, drop) for item in value]
    if isinstance(value, str) and any(identifier in value.lower() for identifier in identifiers):
        return ERASED
    return value


def _forget_deleted_words(db: Session) -> None:
    """SQLite's FTS5 marks deleted rows and keeps their words in its segments until they
    merge: 'optimize' merges them now, so the index holds no word of deleted texts.
    PostgreSQL's index is computed from the rows themselves."""
    if db.get_bind().dialect.name != "sqlite":
        return
    if db.scalar(text("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")):
        db.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
