"""What posts and comments share: checking the text, rendering it, indexing references."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.i18n import N_
from core.text import clean_block
from social import markdown
from social.actor import Actor, require_active
from social.errors import InvalidInput
from social.models import Mention, PostTag, User

POST_LIMIT = 20_000
COMMENT_LIMIT = 5_000


@dataclass(frozen=True)
class RenderedText:
    body_md: str
    body_html: str
    mentioned: tuple[User, ...]
    hashtags: dict[str, str]  # key -> label as first written


def checked_text(text: object, limit: int) -> str:
    if not isinstance(text, str):
        raise InvalidInput(N_("Write something first."), field="body")
    body = clean_block(text)
    if not body:
        raise InvalidInput(N_("Write something first."), field="body")
    if len(body) > limit:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field="body", limit=limit)
    return body


def render_text(db: Session, actor: Actor, text: object, limit: int) -> RenderedText:
    body = checked_text(text, limit)
    references = markdown.find_references(body)
    people = resolve_handles(db, actor, references.handles)
    html = markdown.render(body, {handle: f"/people/{handle}" for handle in people})
    return RenderedText(body, html, tuple(people.values()), references.hashtags)


def resolve_handles(db: Session, actor: Actor, handles: set[str]) -> dict[str, User]:
    """Handles of active people of the actor's own firm; others stay plain text."""
    if not handles:
        return {}
    users = db.scalars(select(User).where(User.tenant_id == actor.tenant_id,
                                          User.handle.in_(sorted(handles)),
                                          User.is_active.is_(True))).all()
    return {user.handle: user for user in users}


def index_references(db: Session, actor: Actor, rendered: RenderedText, *,
                     post_id: int | None = None, comment_id: int | None = None,
                     new: bool = False) -> None:
    """Replaces the mentions (and, for a post, the hashtags) recorded for a text; `new`:
    a text just created, which has none to replace yet."""
    if not new:
        clear_references(db, actor, post_id=post_id, comment_id=comment_id)
    for person in rendered.mentioned:
        db.add(Mention(tenant_id=actor.tenant_id, user_id=person.id, post_id=post_id,
                       comment_id=comment_id))
    if post_id is not None:
        for key, label in rendered.hashtags.items():
            if key:
                db.add(PostTag(tenant_id=actor.tenant_id, post_id=post_id, key=key[:64],
                               label=label[:64]))


def clear_references(db: Session, actor: Actor, *, post_id: int | None = None,
                     comment_id: int | None = None) -> None:
    source = Mention.post_id == post_id if post_id is not None else \
        Mention.comment_id == comment_id
    db.execute(delete(Mention).where(source, Mention.tenant_id == actor.tenant_id))
    if post_id is not None:
        db.execute(delete(PostTag).where(PostTag.post_id == post_id,
                                         PostTag.tenant_id == actor.tenant_id))


def preview_markdown(db: Session, actor: Actor, text: object) -> str:
    """The sanitised HTML a text would publish as, with the same mention links; stores
    nothing. An empty text previews as nothing rather than failing."""
    require_active(actor)
    if not isinstance(text, str) or not clean_block(text):
        return ""
    return render_text(db, actor, text, POST_LIMIT).body_html
