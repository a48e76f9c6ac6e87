"""The outbox: one row per post to publish on one person's account, and deletions.

A delivery is written in the same transaction as the decision that creates it,
with its text frozen, so every attempt sends the same bytes. The worker claims
rows with a lease; see advocacy/worker.py for why nothing is lost or sent twice.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class DeliveryStatus(StrEnum):
    PENDING = "pending"      # waiting for its time (or for a reconnect, or a pause to end)
    CLAIMED = "claimed"      # a worker holds the lease and may be publishing right now
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"  # retracted, expired, the post changed, the account went away


class DeliveryOrigin(StrEnum):
    OFFER = "offer"      # the person chose to share
    CONSENT = "consent"  # their standing consent did: they are told afterwards


# Deliveries that count: a person has at most one of these per post and network.
LIVE_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED, DeliveryStatus.SENT)
_LIVE = text("status IN ('pending', 'claimed', 'sent')")
_OPEN = text("status IN ('pending', 'claimed')")


class Delivery(TenantScoped, Base):
    __tablename__ = "advocacy_deliveries"
    __table_args__ = (
        Index(None, "status", "scheduled_at"),          # consents' notices: sent since
        # The worker's claim: the first open row in order, whatever the backlog (a
        # sort of every due row otherwise, on each claim).
        Index("ix_advocacy_deliveries_open_queue", "scheduled_at", "id",
              sqlite_where=_OPEN, postgresql_where=_OPEN),
        Index(None, "status", "lease_until"),           # reclaiming expired leases
        Index(None, "status", "expires_at"),            # closing what outlived its offer
        Index(None, "tenant_id", "user_id", "network", "scheduled_at"),  # a person's caps
        Index(None, "tenant_id", "network", "scheduled_at"),  # the firm's daily cap
        Index(None, "proposal_id", "network", "scheduled_at"),  # spreading one post
        Index("uq_advocacy_deliveries_live", "proposal_id", "user_id", "network", unique=True,
              sqlite_where=_LIVE, postgresql_where=_LIVE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("advocacy_proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("advocacy_accounts.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(16), default=DeliveryOrigin.OFFER)
    # Frozen at creation: exactly what the person previewed, sent on every attempt.
    text: Mapped[str] = mapped_column(Text)
    link_url: Mapped[str | None] = mapped_column(String(2048))
    link_title: Mapped[str | None] = mapped_column(String(400))
    link_description: Mapped[str | None] = mapped_column(String(400))
    approved_hash: Mapped[str] = mapped_column(String(64))  # the approval it rests on
    rules_version: Mapped[int] = mapped_column(default=0)
    scheduled_at: Mapped[datetime]
    expires_at: Mapped[datetime]  # the offer's end: never published after it
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)  # counted when claimed, before calling
    transient_failures: Mapped[int] = mapped_column(default=0)  # bounded: then failed
    lease_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    failure_code: Mapped[str | None] = mapped_column(String(32))  # advocacy.messages.FAILURES
    last_error: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(255))
    external_url: Mapped[str | None] = mapped_column(String(2048))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]  # failed or cancelled
    reported_at: Mapped[datetime | None]  # a consent share the person has been told about


class DeletionStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"


class DeletionRequest(TenantScoped, Base):
    """A person asked to delete what went out on their account; the worker does it."""

    __tablename__ = "advocacy_deletions"
    __table_args__ = (Index(None, "status", "scheduled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("advocacy_deliveries.id", ondelete="CASCADE"), unique=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=DeletionStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    scheduled_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
