"""Keeping states true over time (run by the delivery job each round, system session).

Approved proposals whose offer ended expire; those whose post was edited since
approval go back to the approvers. Either way their waiting deliveries are
cancelled (gate.settle). Offers that nobody answered stay "offered": the
participation figures count them as such.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from advocacy.models import Proposal, ProposalState
from advocacy.services.gate import settle
from social.models import Post

BATCH = 200


def expire_offers(db: Session, now: datetime) -> int:
    """Settle every approved proposal that expired or whose post changed; returns how many.

    Expired ones are read apart from edited ones: a post edited without changing its
    text (its files only) stays a candidate of the second query, and must not crowd
    out the first."""
    base = select(Proposal, Post).outerjoin(Post, Post.id == Proposal.post_id).where(
        Proposal.state == ProposalState.APPROVED)
    expired = db.execute(base.where(Proposal.expires_at <= now)
                         .order_by(Proposal.expires_at, Proposal.id).limit(BATCH)).all()
    edited = db.execute(base.where(or_(Post.id.is_(None), Post.edited_at > Proposal.approved_at))
                        .order_by(Proposal.id).limit(BATCH)).all()
    settled = sum(1 for proposal, post in expired + edited if settle(db, proposal, post, now))
    db.commit()
    return settled
