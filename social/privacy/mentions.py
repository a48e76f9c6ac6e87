"""An erased person's @handle in other people's texts, rewritten to their pseudonym.

Others' words stay theirs; only the handle, which names the erased person, changes.
Their bodies are rendered again (the pseudonym links nowhere: the person is inactive)
and indexed again, so neither the HTML nor the search index keeps the old handle.
Edit histories are rewritten too: they are shown to readers of the post.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from social import markdown, search
from social.models import Comment, CommentRevision, Post, PostRevision, User


def rewrite_mentions(db: Session, tenant_id: int, old_handle: str, new_handle: str) -> int:
    """Replaces `@old_handle` with `@new_handle` in the firm's texts; the count changed."""
    changed = 0
    for model in (Post, Comment):
        for row in _naming(db, model, tenant_id, old_handle):
            body = replace_handle(row.body_md, old_handle, new_handle)
            if body == row.body_md:
                continue
            row.body_md, row.body_html = body, _render(db, tenant_id, body)
            db.flush()
            if model is Post:
                search.index_post(db, row)
            else:
                search.index_comment(db, row)
            changed += 1
    for model in (PostRevision, CommentRevision):
        for row in _naming(db, model, tenant_id, old_handle):
            body = replace_handle(row.body_md, old_handle, new_handle)
            if body != row.body_md:
                row.body_md = body
                changed += 1
    return changed


def replace_handle(text: str, old_handle: str, new_handle: str) -> str:
    """Mentions exactly as the renderer reads them: `@lea.martin.` names lea.martin, and
    `@lea.martinez` does not."""
    pieces, position = [], 0
    for match in markdown.MENTION.finditer(text):
        if match.group(1).lower() == old_handle.lower():
            pieces.append(text[position:match.start()])
            pieces.append("@" + new_handle)
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _naming(db: Session, model, tenant_id: int, handle: str) -> list:
    # LIKE finds candidates (also "@lea.martinez" for "@lea.martin"); replace_handle decides.
    return list(db.scalars(select(model).where(
        model.tenant_id == tenant_id,
        func.lower(model.body_md).like(f"%@{_escape_like(handle.lower())}%", escape="\\"))))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _render(db: Session, tenant_id: int, body: str) -> str:
    """As social/services/writing.py renders it: only active people's handles link."""
    handles = markdown.find_references(body).handles
    linked = set(db.scalars(select(User.handle).where(
        User.tenant_id == tenant_id, User.handle.in_(sorted(handles)),
        User.is_active.is_(True)))) if handles else set()
    return markdown.render(body, {handle: f"/people/{handle}" for handle in linked})
