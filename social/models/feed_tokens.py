"""Private feed URLs: a feed reader cannot sign in, so the URL carries a token.

Only the token's SHA-256 is kept: a leaked database does not hand out anyone's
feeds, and a lost token is revoked and replaced, never shown again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class FeedToken(TenantScoped, Base):
    __tablename__ = "feed_tokens"
    __table_args__ = (Index(None, "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    # Written at each feed poll; no add-on card shows it (core/content_versions.py).
    __bookkeeping__ = frozenset({"last_used_at"})
