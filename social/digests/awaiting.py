"""What awaits a reader: mentions of them, and replies to their posts and comments.

Found along indexes (mentions by person, posts and comments by author, comments
by discussion and by parent), then kept only if the reader may read them now:
a post in a space they read, a comment under such a post, or, for the firm's
own people, a comment on a Drive file; never one a moderator hid, nor a comment
under a hidden post.
"""

from __future__ import annotations

from datetime import datetime
from typing import Collection

from sqlalchemy import literal, or_, select
from sqlalchemy.orm import Session, aliased

from social.digests.content import COMMENT, MENTION, POST, REPLY, Awaiting, Reader, excerpt
from social.models import Comment, DriveFile, Mention, Post, Space, User
from social.moderation.visibility import not_hidden
from social.policy import can_see_firm_wide
from social.services.assemble import person_ref

# Newest first, at most this many of each kind: a digest lists a handful.
SCAN = 200


def find_awaiting(db: Session, reader: Reader, readable: Collection[int], *, since: datetime,
                  now: datetime, limit: int) -> list[Awaiting]:
    tenant, me = reader.tenant_id, reader.user_id
    mentions = db.execute(
        select(Mention.post_id, Mention.comment_id).where(
            Mention.user_id == me, Mention.tenant_id == tenant,
            Mention.created_at >= since, Mention.created_at <= now)
        .order_by(Mention.id.desc()).limit(SCAN)).all()
    mentioned_posts = {post_id for post_id, _ in mentions if post_id is not None}
    mentioned_comments = {comment_id for _, comment_id in mentions if comment_id is not None}
    found = _posts(db, reader, mentioned_posts, readable, since, now)
    found += _comments(db, reader, mentioned_comments, readable, since, now)
    found.sort(key=lambda item: item.created_at, reverse=True)
    return found[:limit]


def _posts(db: Session, reader: Reader, ids: set[int], readable: Collection[int],
           since: datetime, now: datetime) -> list[Awaiting]:
    if not ids:
        return []
    rows = db.execute(
        select(Post, User, Space.name).join(User, User.id == Post.author_id)
        .join(Space, Space.id == Post.space_id)
        .where(Post.id.in_(ids), Post.tenant_id == reader.tenant_id, not_hidden(Post),
               Post.space_id.in_(list(readable)), Post.author_id != reader.user_id)).all()
    return [Awaiting(MENTION, POST, post.id, person_ref(author), excerpt(post.body_md), space,
                     f"/posts/{post.id}", post.created_at) for post, author, space in rows]


def _comments(db: Session, reader: Reader, mentioned: set[int], readable: Collection[int],
              since: datetime, now: datetime) -> list[Awaiting]:
    """Comments mentioning the reader, and those answering their posts or comments."""
    tenant, me = reader.tenant_id, reader.user_id
    parent = aliased(Comment)
    my_discussions = select(Post.discussion_id).where(Post.author_id == me,
                                                      Post.tenant_id == tenant)
    my_comments = select(parent.id).where(parent.author_id == me, parent.tenant_id == tenant)
    answering = or_(Comment.discussion_id.in_(my_discussions), Comment.parent_id.in_(my_comments))
    mentions_me = Comment.id.in_(sorted(mentioned)) if mentioned else literal(False)
    wanted = or_(mentions_me, answering)
    post, drive_file = aliased(Post), aliased(DriveFile)
    rows = db.execute(
        select(Comment, User, post.id, post.space_id, post.hidden_at, Space.name,
               drive_file.title, drive_file.url, mentions_me)
        .join(User, User.id == Comment.author_id)
        .outerjoin(post, post.discussion_id == Comment.discussion_id)
        .outerjoin(Space, Space.id == post.space_id)
        .outerjoin(drive_file, drive_file.discussion_id == Comment.discussion_id)
        .where(wanted, Comment.tenant_id == tenant, Comment.author_id != me,
               Comment.deleted_at.is_(None), not_hidden(Comment), Comment.created_at >= since,
               Comment.created_at <= now)
        .order_by(Comment.id.desc()).limit(SCAN)).all()
    readable = set(readable)
    firm_wide = can_see_firm_wide(reader.actor)
    found = []
    for (comment, author, post_id, space_id, post_hidden_at, space_name, file_title, file_url,
         mentions_me) in rows:
        if post_id is not None and space_id in readable and post_hidden_at is None:
            where, link = space_name, f"/posts/{post_id}#comment-{comment.id}"
        elif post_id is None and file_title is not None and firm_wide:
            where, link = file_title, file_url if file_url.startswith("https://") else None
        else:
            continue
        found.append(Awaiting(MENTION if mentions_me else REPLY, COMMENT, comment.id,
                              person_ref(author), excerpt(comment.body_md), where, link,
                              comment.created_at))
    return found
