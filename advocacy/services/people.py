"""Who an approved post is offered to: the firm's own people who may read it."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from social.models import Membership, Space, User, Visibility


def readers_of(db: Session, tenant_id: int, space_id: int) -> list[int]:
    """Active people of the firm, never guests, who read the space: everyone for a
    public space, its members otherwise (as social.policy decides)."""
    space = db.scalar(select(Space).where(Space.id == space_id, Space.tenant_id == tenant_id))
    if space is None:
        return []
    member = exists().where(Membership.space_id == space_id, Membership.user_id == User.id,
                            Membership.tenant_id == tenant_id)
    query = select(User.id).where(User.tenant_id == tenant_id, User.is_active.is_(True),
                                  User.role != "guest")
    if space.visibility != Visibility.PUBLIC:
        query = query.where(member)
    return list(db.scalars(query.order_by(User.id)))
