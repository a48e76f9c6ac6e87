"""Commenting and reacting on a post, for pages that address posts rather than discussions.

A post's comments and reactions live on its discussion; these resolve the post
(checking the actor reads it) and hand over to the discussion services.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from social.actor import Actor
from social.services import comments, reactions
from social.services.access import load_post
from social.views import CommentView, Reactions


def comment_on_post(db: Session, actor: Actor, post_id: int, body: str,
                    parent_id: int | None = None) -> CommentView:
    post, _ = load_post(db, actor, post_id)
    return comments.add_comment(db, actor, post.discussion_id, body, parent_id)


def set_reaction(db: Session, actor: Actor, post_id: int, kind: str, on: bool) -> Reactions:
    """Adds or removes one of the actor's reactions; saying the wanted state (rather than
    "toggle") keeps a double click from undoing itself."""
    post, _ = load_post(db, actor, post_id)
    change = reactions.react if on else reactions.unreact
    return change(db, actor, post.discussion_id, kind)
