"""`social_data`: everything the social layer holds of one person, as plain data.

JSON-ready (strings, numbers, booleans, lists, dicts; moments in ISO 8601, UTC): the
archive writes it as data.json and shows it in index.html (web/archive.py). Their own
words in full, with edit history; for others' content, only what ties it to them (which
post they reacted to or commented on). Feed links appear masked: only a hash is kept,
and a feed URL is a password for a feed reader.

Who may ask (the person, or their firm's admin) is checked by `load_exportable`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from social.actor import Actor, require_active
from social.errors import Forbidden, NotFound
from social.models import (AuditEntry, Comment, CommentRevision, DigestState, DriveFile,
                           FeedToken, JoinRequest, Membership, Mention, Notification, Post,
                           PostAttachment, PostRevision, PostTag, Profile, ProfileTag, Reaction,
                           Report, Space, SpaceNotificationLevel, User)

MASKED = "••••••••"


def load_exportable(db: Session, actor: Actor, user_id: int) -> User:
    """The person whose data `actor` may take: themselves, or anyone of the admin's firm
    (never an erased pseudonym: nothing of theirs is left)."""
    require_active(actor)
    if user_id != actor.user_id and not actor.is_admin:
        raise Forbidden()
    user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == actor.tenant_id))
    if user is None or user.erased_at is not None:
        raise NotFound()
    return user


def moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def social_data(db: Session, user: User) -> dict[str, Any]:
    tenant_id, user_id = user.tenant_id, user.id
    spaces = {space.id: space.name for space in db.scalars(
        select(Space).where(Space.tenant_id == tenant_id))}
    return {
        "person": _person(user),
        "profile": _profile(db, tenant_id, user_id),
        "settings": _settings(db, user, spaces),
        "memberships": _memberships(db, tenant_id, user_id, spaces),
        "posts": _posts(db, tenant_id, user_id, spaces),
        "comments": _comments(db, tenant_id, user_id),
        "reactions": _reactions(db, tenant_id, user_id),
        "mentions": [{"post_id": row.post_id, "comment_id": row.comment_id,
                      "created_at": moment(row.created_at)} for row in db.scalars(
            select(Mention).where(Mention.tenant_id == tenant_id, Mention.user_id == user_id)
            .order_by(Mention.id))],
        "notifications": [{"kind": row.kind, "post_id": row.post_id,
                           "comment_id": row.comment_id, "params": row.params or {},
                           "created_at": moment(row.created_at),
                           "read_at": moment(row.read_at)} for row in db.scalars(
            select(Notification).where(Notification.tenant_id == tenant_id,
                                       Notification.recipient_id == user_id)
            .order_by(Notification.id))],
        "feed_tokens": [{"label": row.label, "token": MASKED,
                         "created_at": moment(row.created_at),
                         "last_used_at": moment(row.last_used_at),
                         "revoked_at": moment(row.revoked_at)} for row in db.scalars(
            select(FeedToken).where(FeedToken.tenant_id == tenant_id,
                                    FeedToken.user_id == user_id).order_by(FeedToken.id))],
        "reports": [{"post_id": row.post_id, "comment_id": row.comment_id,
                     "reason": row.reason, "details": row.details, "status": row.status,
                     "created_at": moment(row.created_at)} for row in db.scalars(
            select(Report).where(Report.tenant_id == tenant_id, Report.reporter_id == user_id)
            .order_by(Report.id))],
        "audit": _audit(db, tenant_id, user_id),
    }


def _person(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "email": user.email, "handle": user.handle,
            "avatar_url": user.avatar_url, "google_subject": user.google_sub,
            "role": user.role, "is_active": user.is_active,
            "created_at": moment(user.created_at), "last_seen_at": moment(user.last_seen_at)}


def _profile(db: Session, tenant_id: int, user_id: int) -> dict[str, Any]:
    profile = db.scalar(select(Profile).where(Profile.tenant_id == tenant_id,
                                              Profile.user_id == user_id))
    tags: dict[str, list[str]] = defaultdict(list)
    for tag in db.scalars(select(ProfileTag).where(ProfileTag.tenant_id == tenant_id,
                                                   ProfileTag.user_id == user_id)
                          .order_by(ProfileTag.kind, ProfileTag.key)):
        tags[tag.kind].append(tag.label)
    return {"job_title": profile.job_title if profile else "",
            "bio": profile.bio if profile else "", "site": profile.site if profile else "",
            "team": profile.team if profile else "",
            "skills": tags.get("skill", []), "passions": tags.get("passion", [])}


def _settings(db: Session, user: User, spaces: dict[int, str]) -> dict[str, Any]:
    levels = db.scalars(select(SpaceNotificationLevel).where(
        SpaceNotificationLevel.tenant_id == user.tenant_id,
        SpaceNotificationLevel.user_id == user.id).order_by(SpaceNotificationLevel.space_id))
    digest = db.scalar(select(DigestState).where(DigestState.tenant_id == user.tenant_id,
                                                 DigestState.user_id == user.id))
    return {"google_language": user.locale, "language": user.preferred_language,
            "time_zone": user.time_zone, "digest_frequency": user.digest_frequency,
            "last_digest_sent_at": moment(digest.last_sent_at) if digest else None,
            "space_notification_levels": [
                {"space_id": row.space_id, "space": spaces.get(row.space_id, ""),
                 "level": row.level} for row in levels]}


def _memberships(db: Session, tenant_id: int, user_id: int,
                 spaces: dict[int, str]) -> list[dict[str, Any]]:
    rows = [{"space_id": row.space_id, "space": spaces.get(row.space_id, ""),
             "role": row.role, "joined_at": moment(row.joined_at), "requested": False}
            for row in db.scalars(select(Membership).where(
                Membership.tenant_id == tenant_id, Membership.user_id == user_id)
                .order_by(Membership.space_id))]
    rows += [{"space_id": row.space_id, "space": spaces.get(row.space_id, ""), "role": None,
              "joined_at": None, "requested": True, "requested_at": moment(row.created_at)}
             for row in db.scalars(select(JoinRequest).where(
                 JoinRequest.tenant_id == tenant_id, JoinRequest.user_id == user_id))]
    return rows


def _posts(db: Session, tenant_id: int, user_id: int,
           spaces: dict[int, str]) -> list[dict[str, Any]]:
    posts = list(db.scalars(select(Post).where(Post.tenant_id == tenant_id,
                                               Post.author_id == user_id).order_by(Post.id)))
    ids = [post.id for post in posts]
    history, files, tags = defaultdict(list), defaultdict(list), defaultdict(list)
    if ids:
        for row in db.scalars(select(PostRevision).where(
                PostRevision.tenant_id == tenant_id, PostRevision.post_id.in_(ids))
                .order_by(PostRevision.id)):
            history[row.post_id].append(_revision(row))
        for post_id, drive_file in db.execute(
                select(PostAttachment.post_id, DriveFile).join(
                    DriveFile, DriveFile.id == PostAttachment.drive_file_id)
                .where(PostAttachment.tenant_id == tenant_id, PostAttachment.post_id.in_(ids))
                .order_by(PostAttachment.post_id, PostAttachment.position)):
            files[post_id].append({"title": drive_file.title, "url": drive_file.url})
        for row in db.scalars(select(PostTag).where(PostTag.tenant_id == tenant_id,
                                                    PostTag.post_id.in_(ids))):
            tags[row.post_id].append(row.label)
    return [{"id": post.id, "space_id": post.space_id, "space": spaces.get(post.space_id, ""),
             "body": post.body_md, "created_at": moment(post.created_at),
             "edited_at": moment(post.edited_at), "hidden": post.hidden_at is not None,
             "files": files[post.id], "hashtags": sorted(tags[post.id]),
             "history": history[post.id]} for post in posts]


def _revision(row) -> dict[str, Any]:
    return {"body": row.body_md, "written_at": moment(row.written_at),
            "replaced_at": moment(row.replaced_at)}


def _comments(db: Session, tenant_id: int, user_id: int) -> list[dict[str, Any]]:
    comments = list(db.scalars(select(Comment).where(
        Comment.tenant_id == tenant_id, Comment.author_id == user_id).order_by(Comment.id)))
    ids = [comment.id for comment in comments]
    history = defaultdict(list)
    if ids:
        for row in db.scalars(select(CommentRevision).where(
                CommentRevision.tenant_id == tenant_id, CommentRevision.comment_id.in_(ids))
                .order_by(CommentRevision.id)):
            history[row.comment_id].append(_revision(row))
    places = _places(db, tenant_id, {comment.discussion_id for comment in comments})
    return [{"id": comment.id, **places.get(comment.discussion_id, {}),
             "parent_id": comment.parent_id, "body": comment.body_md,
             "created_at": moment(comment.created_at), "edited_at": moment(comment.edited_at),
             "deleted": comment.deleted_at is not None, "hidden": comment.hidden_at is not None,
             "history": history[comment.id]} for comment in comments]


def _reactions(db: Session, tenant_id: int, user_id: int) -> list[dict[str, Any]]:
    reactions = list(db.scalars(select(Reaction).where(
        Reaction.tenant_id == tenant_id, Reaction.user_id == user_id).order_by(Reaction.id)))
    places = _places(db, tenant_id, {reaction.discussion_id for reaction in reactions})
    return [{"kind": reaction.kind, **places.get(reaction.discussion_id, {}),
             "created_at": moment(reaction.created_at)} for reaction in reactions]


def _places(db: Session, tenant_id: int, discussion_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Where each discussion lives: a post (its id) or a Drive file (its title)."""
    if not discussion_ids:
        return {}
    ids = sorted(discussion_ids)
    places: dict[int, dict[str, Any]] = {}
    for discussion_id, post_id in db.execute(select(Post.discussion_id, Post.id).where(
            Post.tenant_id == tenant_id, Post.discussion_id.in_(ids))):
        places[discussion_id] = {"post_id": post_id}
    for discussion_id, title, url in db.execute(
            select(DriveFile.discussion_id, DriveFile.title, DriveFile.url).where(
                DriveFile.tenant_id == tenant_id, DriveFile.discussion_id.in_(ids))):
        places[discussion_id] = {"file": title, "file_url": url}
    return places


def _audit(db: Session, tenant_id: int, user_id: int) -> list[dict[str, Any]]:
    """Entries they did, and entries whose target is their account."""
    rows = db.scalars(select(AuditEntry).where(
        AuditEntry.tenant_id == tenant_id,
        or_(AuditEntry.actor_id == user_id,
            (AuditEntry.target_type == "user") & (AuditEntry.target_id == str(user_id))))
        .order_by(AuditEntry.id))
    return [{"action": row.action, "by_them": row.actor_id == user_id,
             "target_type": row.target_type, "target_id": row.target_id,
             "details": row.details or {}, "created_at": moment(row.created_at)}
            for row in rows]
