"""Turning rows into read models with a fixed number of queries per page.

A page of posts costs three statements whatever its size: the posts with their
authors and spaces, their files, and their reaction and comment counts (one
statement for both).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from sqlalchemy import case, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from social.actor import Actor
from social.models import Comment, DriveFile, Post, PostAttachment, Reaction, Space, User
from social.moderation.visibility import not_hidden
from social.views import (CommentView, FileRef, PersonRef, PostView, ReactionCount, Reactions,
                          SpaceRef)


def person_ref(user: User) -> PersonRef:
    return PersonRef(id=user.id, name=user.name, handle=user.handle, avatar_url=user.avatar_url)


def space_ref(space: Space) -> SpaceRef:
    return SpaceRef(id=space.id, name=space.name, visibility=space.visibility, kind=space.kind)


def file_ref(drive_file: DriveFile) -> FileRef:
    return FileRef(google_id=drive_file.google_id, title=drive_file.title,
                   mime_type=drive_file.mime_type, url=drive_file.url)


def reactions_by_discussion(db: Session, actor: Actor,
                            discussion_ids: Iterable[int]) -> dict[int, Reactions]:
    ids = list(set(discussion_ids))
    if not ids:
        return {}
    mine = func.max(case((Reaction.user_id == actor.user_id, 1), else_=0))
    rows = db.execute(
        select(Reaction.discussion_id, Reaction.kind, func.count(), mine)
        .where(Reaction.discussion_id.in_(ids), Reaction.tenant_id == actor.tenant_id)
        .group_by(Reaction.discussion_id, Reaction.kind)
        .order_by(Reaction.discussion_id, Reaction.kind)
    ).all()
    grouped: dict[int, list[ReactionCount]] = defaultdict(list)
    for discussion_id, kind, count, is_mine in rows:
        grouped[discussion_id].append(ReactionCount(kind, count, bool(is_mine)))
    return {discussion_id: Reactions(tuple(counts)) for discussion_id, counts in grouped.items()}


def comment_counts(db: Session, actor: Actor, discussion_ids: Iterable[int]) -> dict[int, int]:
    ids = list(set(discussion_ids))
    if not ids:
        return {}
    rows = db.execute(
        select(Comment.discussion_id, func.count())
        .where(Comment.discussion_id.in_(ids), Comment.deleted_at.is_(None),
               not_hidden(Comment), Comment.tenant_id == actor.tenant_id)
        .group_by(Comment.discussion_id)
    ).all()
    return dict(rows)


def discussion_counts(db: Session, actor: Actor, discussion_ids: Iterable[int]
                      ) -> tuple[dict[int, Reactions], dict[int, int]]:
    """`reactions_by_discussion` and `comment_counts` in one statement (a UNION ALL of
    the same two groupings): the reactions, and the comments shown, of each discussion."""
    ids = sorted(set(discussion_ids))
    if not ids:
        return {}, {}
    mine = func.max(case((Reaction.user_id == actor.user_id, 1), else_=0))
    reacted = (select(Reaction.discussion_id.label("discussion_id"), Reaction.kind.label("kind"),
                      func.count().label("count"), mine.label("mine"))
               .where(Reaction.discussion_id.in_(ids), Reaction.tenant_id == actor.tenant_id)
               .group_by(Reaction.discussion_id, Reaction.kind))
    commented = (select(Comment.discussion_id, null(), func.count(), literal(0))
                 .where(Comment.discussion_id.in_(ids), Comment.deleted_at.is_(None),
                        not_hidden(Comment), Comment.tenant_id == actor.tenant_id)
                 .group_by(Comment.discussion_id))
    merged = union_all(reacted, commented).subquery()
    rows = db.execute(select(merged).order_by(merged.c.discussion_id, merged.c.kind)).all()
    grouped: dict[int, list[ReactionCount]] = defaultdict(list)
    counts: dict[int, int] = {}
    for discussion_id, kind, count, is_mine in rows:
        if kind is None:
            counts[discussion_id] = count
        else:
            grouped[discussion_id].append(ReactionCount(kind, count, bool(is_mine)))
    return ({discussion_id: Reactions(tuple(found)) for discussion_id, found in grouped.items()},
            counts)


def files_by_post(db: Session, actor: Actor, post_ids: Iterable[int]) -> dict[int, list[FileRef]]:
    ids = list(set(post_ids))
    if not ids:
        return {}
    rows = db.execute(
        select(PostAttachment.post_id, DriveFile)
        .join(DriveFile, DriveFile.id == PostAttachment.drive_file_id)
        .where(PostAttachment.post_id.in_(ids), PostAttachment.tenant_id == actor.tenant_id)
        .order_by(PostAttachment.post_id, PostAttachment.position)
    ).all()
    grouped: dict[int, list[FileRef]] = defaultdict(list)
    for post_id, drive_file in rows:
        grouped[post_id].append(file_ref(drive_file))
    return grouped


def post_views(db: Session, actor: Actor, posts: Sequence[Post], *,
               files: dict[int, list[FileRef]] | None = None) -> list[PostView]:
    """Views of posts loaded with their author and space (see `with_author_and_space`);
    `files`: each post's files, when the caller read them already."""
    reactions, counts = discussion_counts(db, actor, [post.discussion_id for post in posts])
    if files is None:
        files = files_by_post(db, actor, [post.id for post in posts])
    return [
        PostView(
            id=post.id, discussion_id=post.discussion_id, space=space_ref(post.space),
            author=person_ref(post.author), body_md=post.body_md, body_html=post.body_html,
            created_at=post.created_at, edited_at=post.edited_at,
            pinned=post.pinned_at is not None, featured=post.featured_at is not None,
            files=tuple(files.get(post.id, ())),
            reactions=reactions.get(post.discussion_id, Reactions()),
            comment_count=counts.get(post.discussion_id, 0),
            hidden=post.hidden_at is not None,
        )
        for post in posts
    ]


def comment_view(comment: Comment, author: User | None) -> CommentView:
    deleted = comment.deleted_at is not None
    return CommentView(
        id=comment.id, discussion_id=comment.discussion_id, parent_id=comment.parent_id,
        depth=comment.depth, author=None if deleted or author is None else person_ref(author),
        body_md="" if deleted else comment.body_md, body_html="" if deleted else comment.body_html,
        created_at=comment.created_at, edited_at=comment.edited_at, deleted=deleted,
        hidden=comment.hidden_at is not None)
