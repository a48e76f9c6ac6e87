"""Proposals (a post offered for sharing) and each person's answer to the offer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.database import Base, TenantScoped


class ProposalState(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    RETRACTED = "retracted"
    EXPIRED = "expired"


# A post has at most one proposal in these states at a time.
OPEN_STATES = (ProposalState.DRAFT, ProposalState.PROPOSED, ProposalState.APPROVED,
               ProposalState.CHANGES_REQUESTED)


class OfferStatus(StrEnum):
    OFFERED = "offered"
    SCHEDULED = "scheduled"
    SHARED = "shared"
    SKIPPED = "skipped"


class Proposal(TenantScoped, Base):
    __tablename__ = "advocacy_proposals"
    __table_args__ = (
        Index(None, "tenant_id", "state", "id"),        # the approvals queue, ready to share
        Index(None, "tenant_id", "post_id"),
        Index(None, "state", "expires_at"),             # expiring offers
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The post and its space outlive nothing here: a deleted post leaves the record of
    # what was shared (and lets people delete what went out on their accounts).
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="SET NULL"))
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(24), default=ProposalState.PROPOSED)
    variants: Mapped[dict[str, Any]] = mapped_column(default=dict)  # network -> Markdown
    # What Drive said of each linked file when the proposer or an approver asked:
    # {google_id: {"title": str, "public": bool | None}}; the check reads it as data.
    drive_checks: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")  # of a rejection or change request
    rules_version: Mapped[int] = mapped_column(default=0)
    # SHA-256 of the post's text and the variants when approved: any later edit of
    # either makes the current hash differ, and the approval no longer holds.
    approved_hash: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime | None]  # the offer closes then
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    # Secret of this proposal's tracked links: codes are derived from it, so previews
    # show the very links that will be published, and nobody can guess them.
    link_salt: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Offer(TenantScoped, Base):
    """One person's side of an approved proposal: offered, then shared, scheduled or skipped."""

    __tablename__ = "advocacy_offers"
    __table_args__ = (Index(None, "tenant_id", "user_id", "status"),)

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("advocacy_proposals.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=OfferStatus.OFFERED)
    note: Mapped[str] = mapped_column(Text, default="")  # the person's own words, checked too
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
