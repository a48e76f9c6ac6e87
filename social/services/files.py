"""Drive files: the firm's record of them, and everything said about one file.

A file is recorded the first time someone posts it, comments on it or reacts
to it. Reading a file nobody discussed yet records nothing.
"""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from core.text import clean_line
from social.actor import Actor, require_active
from social.errors import InvalidInput, NotFound
from social.models import (Discussion, DiscussionKind, DriveFile, Membership, Post,
                           PostAttachment, ReactionKind, Space, User, Visibility)
from social.moderation.visibility import not_hidden
from social.pagination import Page
from social.policy import can_see_firm_wide
from social.services.access import load_file
from social.services.comments import add_comment, list_comments
from social.services.reactions import react, unreact
from social.services.assemble import discussion_counts, file_ref, person_ref, space_ref
from social.views import CommentView, FileOverview, FileRef, Placement, Reactions

MAX_PLACEMENTS = 50


def checked_file_ref(ref: FileRef) -> FileRef:
    google_id = clean_line(ref.google_id or "")
    if not google_id or len(google_id) > 128:
        raise InvalidInput(N_("This Drive file reference is not valid."), field="file")
    url = (ref.url or "").strip()
    if url and not url.startswith("https://"):
        raise InvalidInput(N_("This Drive file reference is not valid."), field="file")
    return FileRef(google_id=google_id, title=clean_line(ref.title or "")[:500] or google_id,
                   mime_type=clean_line(ref.mime_type or "")[:255], url=url[:2048])


def record_files(db: Session, actor: Actor, refs: Sequence[FileRef]) -> list[DriveFile]:
    """The firm's records of these files, created or refreshed (title, link) as needed."""
    records = []
    seen = set()
    for ref in map(checked_file_ref, refs):
        if ref.google_id in seen:
            continue
        seen.add(ref.google_id)
        records.append(_record_file(db, actor, ref))
    return records


def _record_file(db: Session, actor: Actor, ref: FileRef) -> DriveFile:
    existing = load_file(db, actor, ref.google_id) if can_see_firm_wide(actor) else \
        _file_row(db, actor, ref.google_id)
    if existing is None:
        try:
            with db.begin_nested():
                discussion = Discussion(tenant_id=actor.tenant_id, kind=DiscussionKind.FILE)
                db.add(discussion)
                db.flush()
                existing = DriveFile(tenant_id=actor.tenant_id, google_id=ref.google_id,
                                     title=ref.title, mime_type=ref.mime_type, url=ref.url,
                                     discussion_id=discussion.id)
                db.add(existing)
                db.flush()
            return existing
        except IntegrityError:  # recorded by someone else at the same moment
            existing = _file_row(db, actor, ref.google_id)
    if (ref.title, ref.mime_type, ref.url) != (existing.title, existing.mime_type, existing.url):
        existing.title = ref.title or existing.title
        existing.mime_type = ref.mime_type or existing.mime_type
        existing.url = ref.url or existing.url
        existing.updated_at = utcnow()
    return existing


def _file_row(db: Session, actor: Actor, google_id: str) -> DriveFile | None:
    return db.scalar(select(DriveFile).where(DriveFile.google_id == google_id,
                                             DriveFile.tenant_id == actor.tenant_id))


def open_file_discussion(db: Session, actor: Actor, ref: FileRef) -> int:
    """The discussion of a file, recorded on first use; for commenting and reacting."""
    require_active(actor)
    if not can_see_firm_wide(actor):
        raise NotFound()
    drive_file = _record_file(db, actor, checked_file_ref(ref))
    db.commit()
    return drive_file.discussion_id


def file_overview(db: Session, actor: Actor, ref: FileRef, *, cursor: str | None = None,
                  limit: int | None = None) -> FileOverview:
    """Who liked a file, its comment thread, and the posts (in spaces the actor reads)
    that carry it."""
    ref = checked_file_ref(ref)
    drive_file = load_file(db, actor, ref.google_id)
    if drive_file is None:
        return FileOverview(file=ref, discussion_id=None, reactions=Reactions(),
                            comment_count=0, comments=Page(), placements=())
    discussion_id = drive_file.discussion_id
    reactions, counts = discussion_counts(db, actor, [discussion_id])
    comments = list_comments(db, actor, discussion_id, cursor=cursor, limit=limit)
    return FileOverview(file=file_ref(drive_file), discussion_id=discussion_id,
                        reactions=reactions.get(discussion_id, Reactions()),
                        comment_count=counts.get(discussion_id, 0), comments=comments,
                        placements=tuple(_placements(db, actor, drive_file.id)))


def _placements(db: Session, actor: Actor, drive_file_id: int) -> list[Placement]:
    member_of = select(Membership.space_id).where(Membership.user_id == actor.user_id)
    rows = db.execute(
        select(Post, Space, User)
        .join(PostAttachment, PostAttachment.post_id == Post.id)
        .join(Space, Space.id == Post.space_id)
        .join(User, User.id == Post.author_id)
        .where(PostAttachment.drive_file_id == drive_file_id,
               Post.tenant_id == actor.tenant_id, not_hidden(Post),
               (Space.visibility == Visibility.PUBLIC) | Space.id.in_(member_of))
        .order_by(Post.id.desc()).limit(MAX_PLACEMENTS)
    ).all()
    return [Placement(post.id, space_ref(space), person_ref(user), post.created_at)
            for post, space, user in rows]


def comment_on_file(db: Session, actor: Actor, ref: FileRef, body: str,
                    parent_id: int | None = None) -> CommentView:
    discussion_id = open_file_discussion(db, actor, ref)
    return add_comment(db, actor, discussion_id, body, parent_id)


def react_to_file(db: Session, actor: Actor, ref: FileRef,
                  kind: str = ReactionKind.LIKE) -> Reactions:
    return react(db, actor, open_file_discussion(db, actor, ref), kind)


def unreact_to_file(db: Session, actor: Actor, ref: FileRef,
                    kind: str = ReactionKind.LIKE) -> Reactions:
    drive_file = load_file(db, actor, checked_file_ref(ref).google_id)
    if drive_file is None:
        return Reactions()
    return unreact(db, actor, drive_file.discussion_id, kind)
