"""Reactions: a like or one of a few emoji, at most one of each per person per item.

Counts are always counted from the rows, never kept in a counter that could drift.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.i18n import N_
from social import notifications
from social.actor import Actor
from social.errors import InvalidInput
from social.models import Reaction, ReactionKind
from social.services.access import DiscussionAccess, load_discussion
from social.services.assemble import reactions_by_discussion
from social.views import Reactions


def _kind(kind: object) -> str:
    if kind not in set(ReactionKind):
        raise InvalidInput(N_("This reaction is unknown."), field="kind")
    return str(kind)


def react(db: Session, actor: Actor, discussion_id: int,
          kind: str = ReactionKind.LIKE) -> Reactions:
    """Add a reaction; reacting twice the same way changes nothing."""
    kind = _kind(kind)
    add_reaction(db, actor, load_discussion(db, actor, discussion_id), kind)
    return _counts(db, actor, discussion_id)


def unreact(db: Session, actor: Actor, discussion_id: int,
            kind: str = ReactionKind.LIKE) -> Reactions:
    kind = _kind(kind)
    remove_reaction(db, actor, load_discussion(db, actor, discussion_id), kind)
    return _counts(db, actor, discussion_id)


def add_reaction(db: Session, actor: Actor, loaded: DiscussionAccess,
                 kind: str = ReactionKind.LIKE) -> None:
    """`react` for a caller that loaded the discussion for this actor already and shows
    the counts its own way (the add-on: a request stays within a few statements)."""
    kind = _kind(kind)
    loaded.require_open()
    discussion_id = loaded.discussion.id
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.execute(insert(Reaction).values(tenant_id=actor.tenant_id, discussion_id=discussion_id,
                                       user_id=actor.user_id, kind=kind)
               .on_conflict_do_nothing(index_elements=["discussion_id", "user_id", "kind"]))
    notifications.reacted(db, actor, discussion_id, post=loaded.post)
    db.commit()


def remove_reaction(db: Session, actor: Actor, loaded: DiscussionAccess,
                    kind: str = ReactionKind.LIKE) -> None:
    kind = _kind(kind)
    loaded.require_open()
    db.execute(delete(Reaction).where(Reaction.discussion_id == loaded.discussion.id,
                                      Reaction.user_id == actor.user_id, Reaction.kind == kind,
                                      Reaction.tenant_id == actor.tenant_id))
    db.commit()


def reactions_of(db: Session, actor: Actor, discussion_id: int) -> Reactions:
    """The reactions on a discussion the actor may read."""
    load_discussion(db, actor, discussion_id)
    return _counts(db, actor, discussion_id)


def _counts(db: Session, actor: Actor, discussion_id: int) -> Reactions:
    return reactions_by_discussion(db, actor, [discussion_id]).get(discussion_id, Reactions())
