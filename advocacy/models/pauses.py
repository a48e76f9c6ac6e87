"""A network paused for one firm (X 402, LinkedIn 426): nothing goes out until resumed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class NetworkPause(TenantScoped, Base):
    """In force while `resumed_at` is null."""

    __tablename__ = "advocacy_network_pauses"
    __table_args__ = (Index(None, "tenant_id", "network", "resumed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    paused_at: Mapped[datetime] = mapped_column(default=utcnow)
    resumed_at: Mapped[datetime | None]
    resumed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
