"""A person's connected X or LinkedIn account, with its tokens encrypted at rest.

The token columns hold ciphertext only (core/crypto.py encrypts); nothing in
this package ever stores or logs a plaintext token.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class AccountStatus(StrEnum):
    CONNECTED = "connected"
    RECONNECT_NEEDED = "reconnect_needed"  # a 401, or a LinkedIn token near its end


class SocialAccount(TenantScoped, Base):
    __tablename__ = "advocacy_accounts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id", "network"),
        Index(None, "network", "status", "expires_at"),  # reminders before expiry
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[str] = mapped_column(String(255))  # X user id, or urn:li:person:...
    display_name: Mapped[str] = mapped_column(String(200), default="")
    access_token: Mapped[str] = mapped_column(Text)           # ciphertext
    refresh_token: Mapped[str | None] = mapped_column(Text)   # ciphertext
    expires_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(24), default=AccountStatus.CONNECTED)
    reminder_sent_at: Mapped[datetime | None]
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
