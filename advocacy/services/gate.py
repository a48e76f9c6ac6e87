"""The approval gate: whether a proposal may be shared now, and keeping its state true.

A proposal may be shared only while it is approved, its offer is open, and the
post and variants are exactly what was approved (same SHA-256). Every path that
creates a delivery goes through `require_shareable` (advocacy/services/outbox.py),
and the worker checks the same before each attempt.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import update
from sqlalchemy.orm import Session

from advocacy.errors import NotShareable
from advocacy.models import Delivery, DeliveryStatus, Proposal, ProposalState
from social.models import Post
from social.services.audit import record_audit


def content_hash(body_md: str, variants: Mapping[str, Any]) -> str:
    payload = json.dumps({"body": body_md, "variants": dict(variants)}, sort_keys=True,
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def current_hash(proposal: Proposal, post: Post | None) -> str | None:
    return None if post is None else content_hash(post.body_md, proposal.variants)


def changed_since_approval(proposal: Proposal, post: Post | None) -> bool:
    return proposal.approved_hash is not None and \
        current_hash(proposal, post) != proposal.approved_hash


def is_shareable(proposal: Proposal, post: Post | None, now: datetime) -> bool:
    return (proposal.state == ProposalState.APPROVED and post is not None
            and proposal.expires_at is not None and now < proposal.expires_at
            and not changed_since_approval(proposal, post))


def require_shareable(proposal: Proposal, post: Post | None, now: datetime) -> None:
    if not is_shareable(proposal, post, now):
        raise NotShareable()


def settle(db: Session, proposal: Proposal, post: Post | None, now: datetime) -> bool:
    """Make the stored state say what is true now: an approved proposal whose post
    changed goes back for approval, one whose offer ended expires. Deliveries still
    waiting are cancelled either way. Returns whether anything changed (not committed)."""
    if proposal.state != ProposalState.APPROVED:
        return False
    if post is None:  # the post was deleted: nothing is left to share
        proposal.state = ProposalState.RETRACTED
        proposal.updated_at = now
        cancel_waiting(db, proposal, "retracted", now)
        record_audit(db, None, "advocacy.proposal.retracted", "proposal", proposal.id,
                     tenant_id=proposal.tenant_id, post_deleted=True)
        return True
    if changed_since_approval(proposal, post):
        proposal.state = ProposalState.PROPOSED
        _clear_approval(proposal, now)
        cancel_waiting(db, proposal, "changed", now)
        record_audit(db, None, "advocacy.proposal.changed_after_approval", "proposal",
                     proposal.id, tenant_id=proposal.tenant_id)
        return True
    if proposal.expires_at is not None and proposal.expires_at <= now:
        proposal.state = ProposalState.EXPIRED
        proposal.updated_at = now
        cancel_waiting(db, proposal, "expired", now)
        record_audit(db, None, "advocacy.proposal.expired", "proposal", proposal.id,
                     tenant_id=proposal.tenant_id)
        return True
    return False


def cancel_waiting(db: Session, proposal: Proposal, code: str, now: datetime) -> int:
    """Cancel the proposal's deliveries that have not gone out. A claimed one may be
    in a worker's hands: if it does go out, the worker records it as sent (the truth
    wins), and the person can delete it."""
    result = db.execute(update(Delivery).where(
        Delivery.tenant_id == proposal.tenant_id, Delivery.proposal_id == proposal.id,
        Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)))
        .values(status=DeliveryStatus.CANCELLED, failure_code=code, closed_at=now,
                updated_at=now))
    return result.rowcount or 0


def _clear_approval(proposal: Proposal, now: datetime) -> None:
    proposal.approved_hash = None
    proposal.approved_at = None
    proposal.approved_by_id = None
    proposal.expires_at = None
    proposal.updated_at = now
