"""Tracked links: /l/<code> counts a click and redirects to the UTM-tagged target.

Only codes written here resolve, so the redirect is never an open one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.content_versions import WHOLE_ROW
from core.database import Base, TenantScoped


class TrackedLink(TenantScoped, Base):
    __tablename__ = "advocacy_links"
    __table_args__ = (Index(None, "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("advocacy_deliveries.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(Text)
    clicks: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkClick(TenantScoped, Base):
    __tablename__ = "advocacy_link_clicks"
    __table_args__ = (Index(None, "link_id", "clicked_at"),
                      Index(None, "tenant_id", "clicked_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("advocacy_links.id", ondelete="CASCADE"))
    clicked_at: Mapped[datetime] = mapped_column(default=utcnow)

    # A click on a shared link is no add-on card's content (core/content_versions.py).
    __bookkeeping__ = WHOLE_ROW
