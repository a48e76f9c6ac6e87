"""Threaded comments on any discussion: a post's or a Drive file's.

Threads nest to any depth. Each comment stores its path (its ancestors' ids and
its own), so a page of a thread is one index range in display order. Past
MAX_NESTING the path stops growing: deeper replies sit under the deepest level,
still naming the comment they answer.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from social import notifications, search
from social.actor import Actor
from social.errors import Forbidden, InvalidInput, NotFound
from social.models import Comment, CommentRevision, User
from social.models.discussions import PATH_DIGITS
from social.moderation.visibility import not_hidden
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.policy import Access
from social.services.access import DiscussionAccess, load_comment, load_discussion
from social.services.assemble import comment_view
from social.services.audit import record_audit
from social.services.writing import (COMMENT_LIMIT, clear_references, index_references,
                                     render_text)
from social.views import CommentView, Revision

MAX_NESTING = 64


def add_comment(db: Session, actor: Actor, discussion_id: int, body: str,
                parent_id: int | None = None, *,
                loaded: DiscussionAccess | None = None) -> CommentView:
    """Comment on a discussion, or reply to one of its comments. `loaded`: the
    discussion as the caller loaded it for this actor already (read once, not twice)."""
    if loaded is None or loaded.discussion.id != discussion_id:
        loaded = load_discussion(db, actor, discussion_id)
    discussion = loaded.require_open()
    parent = _parent(db, actor, discussion, parent_id) if parent_id is not None else None
    rendered = render_text(db, actor, body, COMMENT_LIMIT)
    comment = Comment(tenant_id=actor.tenant_id, discussion_id=discussion_id,
                      parent_id=parent.id if parent else None, author_id=actor.user_id,
                      body_md=rendered.body_md, body_html=rendered.body_html)
    db.add(comment)
    db.flush()
    comment.depth, comment.path = _place(comment.id, parent)
    index_references(db, actor, rendered, comment_id=comment.id, new=True)
    search.index_comment(db, comment, new_under=discussion.post,
                         new_on_file=discussion.post is None)
    notifications.comment_added(db, actor, comment, discussion.post, parent, rendered.mentioned)
    db.commit()
    return _view(db, comment)


def _parent(db: Session, actor: Actor, discussion: DiscussionAccess, parent_id: int) -> Comment:
    parent = db.scalar(select(Comment).where(Comment.id == parent_id,
                                             Comment.tenant_id == actor.tenant_id))
    if parent is None or parent.discussion_id != discussion.discussion.id:
        raise NotFound()
    if parent.deleted_at is not None:
        raise InvalidInput(N_("This comment was deleted: it cannot be answered."),
                           field="parent")
    return parent


def _place(comment_id: int, parent: Comment | None) -> tuple[int, str]:
    own = f"{comment_id:0{PATH_DIGITS}d}"
    if parent is None:
        return 0, own
    if parent.depth + 1 < MAX_NESTING:
        return parent.depth + 1, parent.path + own
    return parent.depth, parent.path[:-PATH_DIGITS] + own


def _view(db: Session, comment: Comment) -> CommentView:
    author = db.get(User, comment.author_id)  # the actor, in the session: no statement
    return comment_view(comment, author if author and author.tenant_id == comment.tenant_id
                        else None)


def list_comments(db: Session, actor: Actor, discussion_id: int, *, cursor: str | None = None,
                  limit: int | None = None,
                  loaded: DiscussionAccess | None = None) -> Page[CommentView]:
    """A page of a thread in reading order: each comment followed by its replies.
    `loaded`: the discussion as the caller loaded it for this actor already."""
    discussion = loaded if loaded is not None and loaded.discussion.id == discussion_id \
        else load_discussion(db, actor, discussion_id)
    limit = page_size(limit)
    statement = (select(Comment, User).join(User, User.id == Comment.author_id)
                 .where(Comment.discussion_id == discussion_id,
                        Comment.tenant_id == actor.tenant_id))
    if not discussion.moderated_by(actor):  # moderators see hidden comments, marked so
        statement = statement.where(not_hidden(Comment))
    key = decode_cursor(cursor, str)
    if key:
        statement = statement.where(Comment.path > key[0])
    rows, more = cut(db.execute(statement.order_by(Comment.path).limit(limit + 1)).all(), limit)
    views = [comment_view(comment, author) for comment, author in rows]
    return Page(views, encode_cursor(rows[-1][0].path) if more else None)


def edit_comment(db: Session, actor: Actor, comment_id: int, body: str) -> CommentView:
    comment, discussion = load_comment(db, actor, comment_id)
    discussion.require_open()
    if comment.author_id != actor.user_id or comment.deleted_at is not None:
        raise Forbidden()
    rendered = render_text(db, actor, body, COMMENT_LIMIT)
    if rendered.body_md != comment.body_md:
        now = utcnow()
        db.add(CommentRevision(tenant_id=actor.tenant_id, comment_id=comment.id,
                               body_md=comment.body_md,
                               written_at=comment.edited_at or comment.created_at,
                               replaced_at=now))
        comment.body_md, comment.body_html, comment.edited_at = (rendered.body_md,
                                                                 rendered.body_html, now)
        index_references(db, actor, rendered, comment_id=comment.id)
        search.index_comment(db, comment)
        notifications.mentions_added(db, actor, discussion.post, comment, rendered.mentioned)
    db.commit()
    return _view(db, comment)


def comment_history(db: Session, actor: Actor, comment_id: int) -> list[Revision]:
    comment, _ = load_comment(db, actor, comment_id)
    rows = db.scalars(select(CommentRevision).where(CommentRevision.comment_id == comment.id,
                                                    CommentRevision.tenant_id == actor.tenant_id)
                      .order_by(CommentRevision.id.desc()).limit(100)).all()
    return [Revision(row.body_md, row.written_at, row.replaced_at) for row in rows]


def delete_comment(db: Session, actor: Actor, comment_id: int) -> None:
    """Delete a comment; one that has replies stays as "comment deleted" above them."""
    comment, discussion = load_comment(db, actor, comment_id)
    if comment.author_id != actor.user_id:
        if discussion.access < Access.MODERATE and not actor.is_admin:
            raise Forbidden()
        record_audit(db, actor, "comment.deleted_by_moderator", "comment", comment.id,
                     discussion_id=comment.discussion_id, author_id=comment.author_id)
    if has_replies(db, actor.tenant_id, comment.id):
        comment.deleted_at = utcnow()
        comment.body_md = comment.body_html = ""
        db.execute(delete(CommentRevision).where(CommentRevision.comment_id == comment.id,
                                                 CommentRevision.tenant_id == actor.tenant_id))
        clear_references(db, actor, comment_id=comment.id)
        search.index_comment(db, comment)  # a deleted comment leaves the index
    else:
        parent_id = comment.parent_id
        db.delete(comment)
        db.flush()
        prune_deleted_ancestors(db, actor.tenant_id, parent_id)
    db.commit()


def has_replies(db: Session, tenant_id: int, comment_id: int) -> bool:
    return db.scalar(select(func.count()).select_from(Comment).where(
        Comment.parent_id == comment_id, Comment.tenant_id == tenant_id)) > 0


def prune_deleted_ancestors(db: Session, tenant_id: int, parent_id: int | None) -> None:
    """A "comment deleted" placeholder left with no replies has nothing left to hold."""
    while parent_id is not None:
        parent = db.scalar(select(Comment).where(Comment.id == parent_id,
                                                 Comment.tenant_id == tenant_id))
        if parent is None or parent.deleted_at is None or has_replies(db, tenant_id, parent.id):
            return
        parent_id = parent.parent_id
        db.delete(parent)
        db.flush()


def get_comment(db: Session, actor: Actor, comment_id: int) -> CommentView:
    comment, _ = load_comment(db, actor, comment_id)
    return _view(db, comment)
