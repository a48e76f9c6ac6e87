"""E-mail digests: when each person's next one is due, and what they were already sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class DigestState(TenantScoped, Base):
    """One row per person who ever had digests scheduled.

    `frequency` and `time_zone` are the settings `next_due_at` was computed
    from: when the person changes theirs, the worker sees the difference and
    schedules again. `next_due_at` is null while digests are off.
    """

    __tablename__ = "digest_states"
    __table_args__ = (Index(None, "next_due_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    frequency: Mapped[str] = mapped_column(String(8))
    time_zone: Mapped[str] = mapped_column(String(64))
    next_due_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]
    # Consecutive sends the mail server refused; reset by the next success.
    failures: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestItem(TenantScoped, Base):
    """The ledger: a post or comment that went out in one of a person's digests."""

    __tablename__ = "digest_items"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "post" or "comment"
    item_id: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime]
