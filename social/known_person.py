"""A person as their row stood at a version of their firm: what a request needs of
whoever calls, kept in the process between requests (addon/callers.py,
web/auth/session.py) while the firm's content version stands."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True)
class KnownPerson:
    """Reads like a User for what comes before a view (Actor.of, the layout, the language
    and time zone, the sign-in checks); `firm_version` is the firm's content version the
    row was read at. Views that need more load the row (`db.get(User, person.id)`)."""

    id: int
    tenant_id: int
    role: str
    is_active: bool
    email: str
    name: str
    handle: str
    avatar_url: str | None
    locale: str
    preferred_language: str | None
    time_zone: str | None
    last_seen_at: datetime | None
    directory_checked_at: datetime | None
    erased_at: datetime | None
    firm_version: int

    @classmethod
    def of(cls, user, firm_version: int) -> "KnownPerson":
        columns = {field.name: getattr(user, field.name) for field in fields(cls)
                   if field.name != "firm_version"}
        return cls(**columns, firm_version=firm_version)
