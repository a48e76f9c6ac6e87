"""Spaces, who belongs to them, and who asked to join."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class SpaceKind(StrEnum):
    PROFESSIONAL = "professional"
    INTEREST = "interest"  # personal or interest groups: the theatre club


class Visibility(StrEnum):
    PUBLIC = "public"    # the whole firm reads it
    PRIVATE = "private"  # listed; content for members only
    SECRET = "secret"    # unlisted; only members know it exists


class SpaceRole(StrEnum):
    OWNER = "owner"
    MODERATOR = "moderator"
    MEMBER = "member"
    GUEST = "guest"


class Space(TenantScoped, Base):
    __tablename__ = "spaces"
    __table_args__ = (UniqueConstraint("tenant_id", "name_folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_folded: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default=SpaceKind.PROFESSIONAL)
    visibility: Mapped[str] = mapped_column(String(8), default=Visibility.PUBLIC)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]


class Membership(TenantScoped, Base):
    __tablename__ = "memberships"
    __table_args__ = (Index(None, "user_id", "space_id"),)

    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default=SpaceRole.MEMBER)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class JoinRequest(TenantScoped, Base):
    """Asking to enter a private space; its owners and moderators decide."""

    __tablename__ = "join_requests"

    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
