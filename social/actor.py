"""Who is acting: the small, immutable identity every service receives."""

from __future__ import annotations

from dataclasses import dataclass

from social.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    user_id: int
    tenant_id: int
    role: str  # TenantRole value
    is_active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_guest(self) -> bool:
        return self.role == "guest"

    @classmethod
    def of(cls, user) -> "Actor":
        return cls(user_id=user.id, tenant_id=user.tenant_id, role=user.role,
                   is_active=user.is_active)


def require_active(actor: Actor) -> None:
    if not actor.is_active:
        raise Forbidden()
