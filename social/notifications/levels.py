"""How closely each person follows each space: every post, what concerns them, or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import InvalidInput
from social.models import Membership, NotificationLevel, Space, SpaceNotificationLevel
from social.models.notifications import DEFAULT_LEVEL
from social.policy import Access
from social.services.access import load_space
from social.services.assemble import space_ref
from social.services.feeds import readable_space_ids
from social.views import SpaceRef

MAX_SPACES = 200


@dataclass(frozen=True)
class SpaceLevel:
    space: SpaceRef
    level: str
    member: bool


def set_space_level(db: Session, actor: Actor, space_id: int, level: str) -> SpaceLevel:
    """Chooses what the actor hears from a space they read; the default leaves no row."""
    if level not in set(NotificationLevel):
        raise InvalidInput(N_("Choose what to be told about in this space."), field="level")
    loaded = load_space(db, actor, space_id, Access.READ)
    db.execute(delete(SpaceNotificationLevel).where(
        SpaceNotificationLevel.user_id == actor.user_id,
        SpaceNotificationLevel.space_id == space_id,
        SpaceNotificationLevel.tenant_id == actor.tenant_id))
    if level != DEFAULT_LEVEL:
        db.add(SpaceNotificationLevel(tenant_id=actor.tenant_id, user_id=actor.user_id,
                                      space_id=space_id, level=level, updated_at=utcnow()))
    db.commit()
    return SpaceLevel(space_ref(loaded.space), level, loaded.role is not None)


def space_levels(db: Session, actor: Actor) -> list[SpaceLevel]:
    """The actor's spaces, and any other space they chose a level for, by name."""
    require_active(actor)
    chosen = dict(db.execute(select(SpaceNotificationLevel.space_id, SpaceNotificationLevel.level)
                             .where(SpaceNotificationLevel.user_id == actor.user_id,
                                    SpaceNotificationLevel.tenant_id == actor.tenant_id)).all())
    mine = set(db.scalars(select(Membership.space_id).where(
        Membership.user_id == actor.user_id, Membership.tenant_id == actor.tenant_id)))
    readable = readable_space_ids(actor).subquery()
    spaces = db.scalars(select(Space).where(
        Space.tenant_id == actor.tenant_id, Space.id.in_(mine | set(chosen)),
        Space.id.in_(select(readable.c[0])), Space.archived_at.is_(None))
        .order_by(Space.name_folded).limit(MAX_SPACES)).all()
    return [SpaceLevel(space_ref(space), chosen.get(space.id, DEFAULT_LEVEL), space.id in mine)
            for space in spaces]


def set_space_levels(db: Session, actor: Actor, chosen: dict[int, str]) -> list[SpaceLevel]:
    """Several spaces at once (the settings form), in one transaction: all or nothing."""
    require_active(actor)
    for space_id, level in chosen.items():
        if level not in set(NotificationLevel):
            raise InvalidInput(N_("Choose what to be told about in this space."),
                               field=f"level-{space_id}")
        load_space(db, actor, space_id, Access.READ)
    db.execute(delete(SpaceNotificationLevel).where(
        SpaceNotificationLevel.user_id == actor.user_id,
        SpaceNotificationLevel.space_id.in_(list(chosen)),
        SpaceNotificationLevel.tenant_id == actor.tenant_id))
    now = utcnow()
    for space_id, level in chosen.items():
        if level != DEFAULT_LEVEL:
            db.add(SpaceNotificationLevel(tenant_id=actor.tenant_id, user_id=actor.user_id,
                                          space_id=space_id, level=level, updated_at=now))
    db.commit()
    return space_levels(db, actor)
