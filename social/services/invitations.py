"""Inviting a colleague into a space by their handle, as people type it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import N_
from core.text import clean_line
from social.actor import Actor, require_active
from social.errors import InvalidInput
from social.models import User
from social.services.spaces import invite_member
from social.views import MemberView


def invite_colleague(db: Session, actor: Actor, space_id: int, handle: str) -> MemberView:
    require_active(actor)
    wanted = clean_line(handle if isinstance(handle, str) else "").lstrip("@").lower()
    user_id = db.scalar(select(User.id).where(User.tenant_id == actor.tenant_id,
                                              User.handle == wanted,
                                              User.is_active.is_(True))) if wanted else None
    if user_id is None:
        raise InvalidInput(N_("No one in the firm has this handle."), field="handle")
    return invite_member(db, actor, space_id, user_id)
