"""Keeping the search index in step with posts and comments.

The services that write posts and comments call `index_post` or `index_comment`
in their own transaction, so the index never lags behind what was committed.
Deleting a post or a comment needs no call: the database cascades to its entry.
`reindex` rebuilds every entry from the posts and comments (a backfill, or a
repair after changing how text is folded).
"""

from __future__ import annotations

from typing import Callable, Iterable

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from core.text import fold
from social.models import Comment, Post, SearchEntry
from social.search.excerpts import plain_text
from social.search.query import WORD

REINDEX_BATCH = 500


def searchable_text(body_html: str) -> str:
    """The folded words of a text, punctuation dropped.

    Both engines then see the same words: PostgreSQL's parser would otherwise keep
    "lea@atelier.fr" or "<script>" as single tokens (or drop them) where FTS5 sees
    "lea", "atelier", "fr" and "script".
    """
    return " ".join(WORD.findall(fold(plain_text(body_html))))


def index_post(db: Session, post: Post, *, new: bool = False) -> None:
    """Index (or re-index) the text of a post that was just written or edited; `new`: a
    post just created, whose entry is inserted without looking for one."""
    if new:
        db.add(SearchEntry(**_post_entry(post)))
        db.flush()
        return
    _store(db, post.tenant_id, [_post_entry(post)])


def index_comment(db: Session, comment: Comment, *, new_under: Post | None = None,
                  new_on_file: bool = False) -> None:
    """Index the text of a comment just written or edited; drop it once deleted.

    A comment just created has no entry yet: `new_under` (its post) or `new_on_file`
    say so, and its entry is inserted without looking for one (one statement)."""
    if comment.deleted_at is not None:
        db.execute(delete(SearchEntry).where(SearchEntry.comment_id == comment.id,
                                             SearchEntry.tenant_id == comment.tenant_id))
        return
    if new_under is not None or new_on_file:
        db.add(SearchEntry(**_comment_entry(comment, new_under)))
        db.flush()
        return
    post = db.execute(select(Post.id, Post.space_id).where(
        Post.discussion_id == comment.discussion_id,
        Post.tenant_id == comment.tenant_id)).first()
    _store(db, comment.tenant_id, [_comment_entry(comment, post)])


def _post_entry(post: Post) -> dict:
    return dict(tenant_id=post.tenant_id, discussion_id=post.discussion_id,
                space_id=post.space_id, post_id=post.id, comment_id=None,
                author_id=post.author_id, folded=searchable_text(post.body_html))


def _comment_entry(comment: Comment, post) -> dict:
    # `post` is None for a comment on a Drive file's own discussion.
    return dict(tenant_id=comment.tenant_id, discussion_id=comment.discussion_id,
                space_id=post.space_id if post else None, post_id=post.id if post else None,
                comment_id=comment.id, author_id=comment.author_id,
                folded=searchable_text(comment.body_html))


def _store(db: Session, tenant_id: int, entries: list[dict]) -> None:
    """Insert or update entries, keyed by comment id, or by post id for a post's text.

    An entry is updated in place rather than replaced, so its id (the last
    tie-breaker of the search order) stays put when a text is edited.
    """
    post_ids = [entry["post_id"] for entry in entries if entry["comment_id"] is None]
    comment_ids = [entry["comment_id"] for entry in entries if entry["comment_id"] is not None]
    existing = db.scalars(select(SearchEntry).where(
        SearchEntry.tenant_id == tenant_id,
        or_(SearchEntry.post_id.in_(post_ids) & SearchEntry.comment_id.is_(None),
            SearchEntry.comment_id.in_(comment_ids)))).all()
    by_key = {_key(row.post_id, row.comment_id): row for row in existing}
    for entry in entries:
        row = by_key.get(_key(entry["post_id"], entry["comment_id"]))
        if row is None:
            db.add(SearchEntry(**entry))
            continue
        for name, value in entry.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    db.flush()


def _key(post_id: int | None, comment_id: int | None) -> tuple[str, int]:
    return ("comment", comment_id) if comment_id is not None else ("post", post_id)


def count_indexable(db: Session) -> int:
    return (db.scalar(select(func.count()).select_from(Post))
            + db.scalar(select(func.count()).select_from(Comment)))


def reindex(db: Session, *, batch_size: int = REINDEX_BATCH,
            advance: Callable[[int], None] = lambda n: None) -> int:
    """Rebuild the entries of every post and comment the session sees, a batch per
    transaction; `advance(n)` is told of each batch. Returns how many were indexed."""
    indexed = 0
    for posts in _batches(db, Post, batch_size):
        for tenant_id, entries in _by_tenant(_post_entry(post) for post in posts):
            _store(db, tenant_id, entries)
        db.commit()
        indexed += len(posts)
        advance(len(posts))
    for comments in _batches(db, Comment, batch_size):
        places = dict(db.execute(
            select(Post.discussion_id, Post).where(
                Post.discussion_id.in_({comment.discussion_id for comment in comments}))).all())
        live = [comment for comment in comments if comment.deleted_at is None]
        for comment in comments:
            if comment.deleted_at is not None:
                index_comment(db, comment)
        for tenant_id, entries in _by_tenant(
                _comment_entry(comment, places.get(comment.discussion_id)) for comment in live):
            _store(db, tenant_id, entries)
        db.commit()
        indexed += len(live)
        advance(len(comments))
    return indexed


def _batches(db: Session, model, size: int) -> Iterable[list]:
    last = 0
    while True:
        rows = db.scalars(select(model).where(model.id > last).order_by(model.id)
                          .limit(size)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id
        db.expunge_all()


def _by_tenant(entries: Iterable[dict]) -> list[tuple[int, list[dict]]]:
    grouped: dict[int, list[dict]] = {}
    for entry in entries:
        grouped.setdefault(entry["tenant_id"], []).append(entry)
    return list(grouped.items())
