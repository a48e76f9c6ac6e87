"""Reports: anyone flags a post or a comment after it was published; moderators decide.

There is no moderation before publishing. A report stays `open` until a
moderator of the content's space (or a firm admin) hides the content, or
dismisses the report; a hidden content's reports become `restored` if it is
shown again. Posts and comments carry `hidden_at` themselves.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class ReportReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    CONFIDENTIAL = "confidential"  # a client's or the firm's information shared too widely
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    HIDDEN = "hidden"        # the content was hidden
    RESTORED = "restored"    # hidden, then shown again
    DISMISSED = "dismissed"  # the content stays


class Report(TenantScoped, Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("(post_id IS NULL) <> (comment_id IS NULL)", name="one_target"),
        Index(None, "tenant_id", "status", "id"),  # an admin's queue
        Index(None, "space_id", "status", "id"),   # a space moderator's queue
        Index(None, "post_id"),
        Index(None, "comment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"))
    # Where the content lives, for the queues; None for a comment on a Drive file.
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=ReportStatus.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
