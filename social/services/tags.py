"""The firm's hashtags: suggestions while writing, and a tag's own label."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.text import tag_key
from social.actor import Actor, require_active
from social.models import Post, PostTag
from social.services.feeds import readable_space_ids

MAX_SUGGESTIONS = 8


@dataclass(frozen=True)
class TagSuggestion:
    key: str
    label: str
    uses: int


def suggest_tags(db: Session, actor: Actor, prefix: str,
                 limit: int = MAX_SUGGESTIONS) -> list[TagSuggestion]:
    """Hashtags starting with `prefix` (accents and case aside), most used first.

    Only tags of posts the actor may read count: a tag used in a secret space
    must not reveal that space's subjects to the rest of the firm.
    """
    require_active(actor)
    key = tag_key(prefix or "")
    if not key:
        return []
    visible = (select(PostTag.key, PostTag.label)
               .join(Post, Post.id == PostTag.post_id)
               .where(PostTag.tenant_id == actor.tenant_id,
                      PostTag.key.startswith(key, autoescape=True),
                      Post.space_id.in_(readable_space_ids(actor)))
               .subquery())
    rows = db.execute(select(visible.c.key, func.min(visible.c.label), func.count())
                      .group_by(visible.c.key)
                      .order_by(func.count().desc(), visible.c.key)
                      .limit(max(1, min(limit, MAX_SUGGESTIONS)))).all()
    return [TagSuggestion(key, label, uses) for key, label, uses in rows]


def tag_label(db: Session, actor: Actor, tag: str) -> str:
    """How people wrote a tag ("réunion" for the key "reunion"), or the key itself."""
    require_active(actor)
    key = tag_key(tag or "")
    label = db.scalar(select(PostTag.label)
                      .join(Post, Post.id == PostTag.post_id)
                      .where(PostTag.tenant_id == actor.tenant_id, PostTag.key == key,
                             Post.space_id.in_(readable_space_ids(actor)))
                      .order_by(PostTag.post_id).limit(1))
    return label or key
