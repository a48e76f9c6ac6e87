"""Posts: write, edit (keeping history), delete, pin and feature."""

from __future__ import annotations

from typing import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from social import notifications, search
from social.actor import Actor
from social.errors import Forbidden, InvalidInput
from social.models import (Discussion, DiscussionKind, DriveFile, Post, PostAttachment,
                           PostRevision, User)
from social.policy import Access
from social.services.access import SpaceAccess, load_post, load_space
from social.services.assemble import file_ref, person_ref, post_views, space_ref
from social.services.audit import record_audit
from social.services.files import record_files
from social.services.writing import POST_LIMIT, index_references, render_text
from social.views import FileRef, PostView, Reactions, Revision

MAX_FILES = 20


def create_post(db: Session, actor: Actor, space_id: int, body: str,
                files: Sequence[FileRef] = ()) -> PostView:
    """Publish in a space the actor belongs to; no one approves it beforehand."""
    post = write_post(db, actor, load_space(db, actor, space_id, Access.CONTRIBUTE), body,
                      files)
    return get_post(db, actor, post.id)


def write_post(db: Session, actor: Actor, space: SpaceAccess, body: str,
               files: Sequence[FileRef] = ()) -> PostView:
    """`create_post` in a space the caller loaded for this actor already; the view is
    built from what was just written (a new post has no reactions nor comments yet)."""
    space.require(Access.CONTRIBUTE).require_open()
    rendered = render_text(db, actor, body, POST_LIMIT)
    _check_files(files)
    discussion = Discussion(tenant_id=actor.tenant_id, kind=DiscussionKind.POST)
    db.add(discussion)
    db.flush()
    post = Post(tenant_id=actor.tenant_id, space_id=space.space.id, author_id=actor.user_id,
                discussion_id=discussion.id, body_md=rendered.body_md,
                body_html=rendered.body_html)
    db.add(post)
    db.flush()
    records = _attach(db, actor, post, files)
    index_references(db, actor, rendered, post_id=post.id, new=True)
    search.index_post(db, post, new=True)
    notifications.post_created(db, actor, post, rendered.mentioned)
    db.commit()
    author = db.get(User, actor.user_id)  # the actor: in the session already
    return PostView(id=post.id, discussion_id=post.discussion_id, space=space_ref(space.space),
                    author=person_ref(author), body_md=post.body_md, body_html=post.body_html,
                    created_at=post.created_at, edited_at=None, pinned=False, featured=False,
                    files=tuple(file_ref(record) for record in records),
                    reactions=Reactions(), comment_count=0)


def _check_files(files: Sequence[FileRef]) -> None:
    if len(files) > MAX_FILES:
        raise InvalidInput(N_("At most %(limit)s files in one post."), field="files",
                           limit=MAX_FILES)


def _attach(db: Session, actor: Actor, post: Post, files: Sequence[FileRef]
            ) -> list[DriveFile]:
    records = record_files(db, actor, files)
    for position, drive_file in enumerate(records):
        db.add(PostAttachment(tenant_id=actor.tenant_id, post_id=post.id,
                              drive_file_id=drive_file.id, position=position))
    return records


def get_post(db: Session, actor: Actor, post_id: int) -> PostView:
    post, _ = load_post(db, actor, post_id)  # loads its author and space too
    return post_views(db, actor, [post])[0]


def edit_post(db: Session, actor: Actor, post_id: int, body: str,
              files: Sequence[FileRef] | None = None) -> PostView:
    """Authors edit their own posts; the previous text is kept as a revision."""
    post, space = load_post(db, actor, post_id)
    space.require_open()
    if post.author_id != actor.user_id:
        raise Forbidden()
    rendered = render_text(db, actor, body, POST_LIMIT)
    now = utcnow()
    if rendered.body_md != post.body_md:
        db.add(PostRevision(tenant_id=actor.tenant_id, post_id=post.id, body_md=post.body_md,
                            written_at=post.edited_at or post.created_at, replaced_at=now))
        post.body_md, post.body_html, post.edited_at = rendered.body_md, rendered.body_html, now
        index_references(db, actor, rendered, post_id=post.id)
        search.index_post(db, post)
        notifications.mentions_added(db, actor, post, None, rendered.mentioned)
    if files is not None:
        _check_files(files)
        db.execute(delete(PostAttachment).where(PostAttachment.post_id == post.id,
                                                PostAttachment.tenant_id == actor.tenant_id))
        _attach(db, actor, post, files)
        post.edited_at = now
    db.commit()
    return get_post(db, actor, post.id)


def post_history(db: Session, actor: Actor, post_id: int) -> list[Revision]:
    """Earlier texts of a post, newest first."""
    load_post(db, actor, post_id)
    rows = db.scalars(select(PostRevision).where(PostRevision.post_id == post_id,
                                                 PostRevision.tenant_id == actor.tenant_id)
                      .order_by(PostRevision.id.desc()).limit(100)).all()
    return [Revision(row.body_md, row.written_at, row.replaced_at) for row in rows]


def delete_post(db: Session, actor: Actor, post_id: int) -> None:
    """The author deletes their post; a moderator deletes anyone's, and that is audited."""
    post, space = load_post(db, actor, post_id)
    if post.author_id != actor.user_id:
        space.require(Access.MODERATE)
        record_audit(db, actor, "post.deleted_by_moderator", "post", post.id,
                     space_id=post.space_id, author_id=post.author_id)
    # The discussion owns the post, its comments and reactions: they go with it.
    db.execute(delete(Discussion).where(Discussion.id == post.discussion_id,
                                        Discussion.tenant_id == actor.tenant_id))
    db.commit()


def set_pinned(db: Session, actor: Actor, post_id: int, pinned: bool) -> PostView:
    post, _ = load_post(db, actor, post_id, Access.MODERATE)
    post.pinned_at = utcnow() if pinned else None
    record_audit(db, actor, "post.pinned" if pinned else "post.unpinned", "post", post.id)
    db.commit()
    return get_post(db, actor, post_id)


def set_featured(db: Session, actor: Actor, post_id: int, featured: bool) -> PostView:
    """Featuring is how the firm puts a strong contribution forward."""
    post, _ = load_post(db, actor, post_id, Access.MODERATE)
    if featured and post.featured_at is None:
        notifications.post_featured(db, actor, post)
    post.featured_at = utcnow() if featured else None
    post.featured_by_id = actor.user_id if featured else None
    record_audit(db, actor, "post.featured" if featured else "post.unfeatured", "post", post.id)
    db.commit()
    return get_post(db, actor, post_id)
