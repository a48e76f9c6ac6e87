"""OAuth flows in progress: what must survive between sending someone to a provider
and their coming back (state, PKCE verifier, nonce), kept server-side."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base


class OAuthFlow(Base):
    """Not tenant-scoped: signing in starts before anyone knows the firm."""

    __tablename__ = "oauth_flows"
    __table_args__ = (Index(None, "created_at"),)

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    code_verifier: Mapped[str] = mapped_column(String(128))
    nonce: Mapped[str] = mapped_column(String(64))
    # The signed-in person a connect flow belongs to; None while signing in.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    return_to: Mapped[str] = mapped_column(String(500), default="/")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
