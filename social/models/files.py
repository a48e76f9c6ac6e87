"""Drive files known to the firm: referenced by posts, or discussed on their own."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class DriveFile(TenantScoped, Base):
    __tablename__ = "drive_files"
    __table_args__ = (UniqueConstraint("tenant_id", "google_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    google_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(500))
    mime_type: Mapped[str] = mapped_column(String(255), default="")
    url: Mapped[str] = mapped_column(String(2048), default="")
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("discussions.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
