"""Tenants (Workspace domains), the people in them and their own profiles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class TenantRole(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"
    GUEST = "guest"  # an external person (a client) invited into specific spaces only


class DigestFrequency(StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


class TagKind(StrEnum):
    SKILL = "skill"
    PASSION = "passion"


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised by every commit that changes what the firm's people may see
    # (core/content_versions.py): a rendered card keyed on it is current.
    content_version: Mapped[int] = mapped_column(default=0, server_default="0")


class User(TenantScoped, Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "google_sub"),
        UniqueConstraint("tenant_id", "email"),
        UniqueConstraint("tenant_id", "handle"),
        Index(None, "tenant_id", "name_folded", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null until an invited guest signs in for the first time.
    google_sub: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200))
    handle: Mapped[str] = mapped_column(String(64))
    avatar_url: Mapped[str | None] = mapped_column(String(2048))
    # The language Google reports for the person; `preferred_language`, when set in
    # Comptoir's settings, wins over it.
    locale: Mapped[str] = mapped_column(String(16), default="fr")
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    digest_frequency: Mapped[str] = mapped_column(String(8), default=DigestFrequency.WEEKLY,
                                                  server_default=DigestFrequency.WEEKLY)
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    role: Mapped[str] = mapped_column(String(16), default=TenantRole.MEMBER)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    # When Google's Directory last said this person is still active (when it is configured).
    directory_checked_at: Mapped[datetime | None]
    # Set when an admin erased the person: the row is a pseudonym holding nothing of theirs.
    erased_at: Mapped[datetime | None]

    # Written as people come and go; no add-on card shows them (core/content_versions.py).
    __bookkeeping__ = frozenset({"last_seen_at", "directory_checked_at"})


class Profile(TenantScoped, Base):
    """What a person says of themselves; nobody validates it."""

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    job_title: Mapped[str] = mapped_column(String(120), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    site: Mapped[str] = mapped_column(String(120), default="")
    team: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProfileTag(TenantScoped, Base):
    """A skill or a passion on a profile, keyed by its folded form for search."""

    __tablename__ = "profile_tags"
    __table_args__ = (Index(None, "tenant_id", "kind", "key"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(64))
