"""Standing consents: "share the approved posts of this space on my LinkedIn"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class StandingConsent(TenantScoped, Base):
    """Active while `withdrawn_at` is null; withdrawing keeps the row as history."""

    __tablename__ = "advocacy_consents"
    __table_args__ = (
        Index(None, "tenant_id", "space_id", "network"),
        Index(None, "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(16))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
