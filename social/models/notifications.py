"""In-app notifications, and how closely each person follows each space.

A notification stores what happened, never its text: the kind, who did it, on
what, and the parameters of the sentence. The sentence is written when it is
read, in the reader's language (social/notifications/text.py).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class NotificationKind(StrEnum):
    MENTION = "mention"
    REPLY = "reply"            # a comment on my post, or a reply to my comment
    REACTION = "reaction"      # grouped: one per post, however many people react
    NEW_POST = "new_post"      # in a space I follow closely
    FEATURED = "featured"      # my post, or a post of a space I follow closely
    MODERATION = "moderation"  # a moderator hid or restored my post or comment
    # The sharing gateway's (social/notifications/sharing.py): written by its notices job.
    SHARE_APPROVAL = "share_approval"  # a proposal waits for me, an approver
    SHARE_REPORT = "share_report"      # what went out on my accounts through my consent
    ACCOUNT_EXPIRY = "account_expiry"  # my LinkedIn connection ends soon: reconnect


class NotificationLevel(StrEnum):
    ALL = "all"            # every new post, besides what concerns me
    MENTIONS = "mentions"  # the default: what concerns me (mentions, replies, reactions)
    MUTED = "muted"        # nothing from that space


DEFAULT_LEVEL = NotificationLevel.MENTIONS


class Notification(TenantScoped, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The list, most recent activity first: a grouped notification moves up when
        # someone else reacts, so it is ordered by `updated_at`, not by id.
        Index(None, "recipient_id", "updated_at", "id"),
        Index(None, "recipient_id", "read_at"),  # the unread count
        UniqueConstraint("recipient_id", "group_key"),  # one grouped notification per post
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    # The space the content lives in (None for a Drive file's discussion): muting acts on it.
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"))
    # Who did it, the most recent first (a few at most); `actor_count` counts them all.
    actor_ids: Mapped[list[Any]] = mapped_column(default=list)
    actor_count: Mapped[int] = mapped_column(default=1)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Set on notifications that gather several events ("reaction:<post id>"); else null.
    group_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class SpaceNotificationLevel(TenantScoped, Base):
    """A person's choice for one space; no row means the default (mentions and replies)."""

    __tablename__ = "space_notification_levels"
    __table_args__ = (Index(None, "space_id", "level"),)  # who follows a space closely

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"),
                                          primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
