"""Deciding on proposals: approve, reject, ask for changes, retract; the approvals queue.

Approving is what opens the offer: it records the hash of the post and variants
as approved, offers the post to the people who may read it, and, in the same
transaction, schedules the shares of those who gave a standing consent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from advocacy.errors import RuleBlocked
from advocacy.models import (Delivery, DeliveryStatus, Offer, OfferStatus, Proposal,
                             ProposalState)
from advocacy.rules import DriveAnswer, Rules, check
from advocacy.services import inputs
from advocacy.services.consents import schedule_consented_shares
from advocacy.services.gate import cancel_waiting, current_hash, settle
from advocacy.services.loading import load_proposal, proposal_view
from advocacy.services.people import readers_of
from advocacy.services.rules import current_rules
from advocacy.views import ProposalView
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, InvalidInput
from social.models import Post
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.services.audit import record_audit
from social.services.feeds import readable_space_ids

REASON_LIMIT = 1000


def may_approve(actor: Actor, rules: Rules) -> bool:
    """Admins always; the named approvers when the rules name them."""
    if not actor.is_active or actor.is_guest:
        return False
    return actor.is_admin or (rules.approval_by == "approvers"
                              and actor.user_id in rules.approvers)


def approvals_queue(db: Session, actor: Actor, *, cursor: str | None = None,
                    limit: int | None = None, base_url: str | None = None,
                    now: datetime | None = None) -> Page[ProposalView]:
    """Proposals waiting for a decision, newest first: proposed ones, and approved ones
    whose post was edited since (their approval no longer holds)."""
    require_active(actor)
    now = now or utcnow()
    rules = current_rules(db, actor.tenant_id)
    if not may_approve(actor, rules):
        raise Forbidden()
    limit = page_size(limit)
    query = (select(Proposal, Post).join(Post, Post.id == Proposal.post_id)
             .where(Proposal.tenant_id == actor.tenant_id, Post.tenant_id == actor.tenant_id,
                    Post.space_id.in_(readable_space_ids(actor)),
                    or_(Proposal.state == ProposalState.PROPOSED,
                        (Proposal.state == ProposalState.APPROVED)
                        & (Post.edited_at > Proposal.approved_at))))
    key = decode_cursor(cursor, int)
    if key:
        query = query.where(Proposal.id < key[0])
    rows, more = cut(db.execute(query.order_by(Proposal.id.desc()).limit(limit + 1)).all(),
                     limit)
    views = [proposal_view(db, proposal, post, rules, now, base_url) for proposal, post in rows]
    return Page(views, encode_cursor(rows[-1][0].id) if more else None)


def approve(db: Session, actor: Actor, proposal_id: int, *,
            drive_files: Sequence[DriveAnswer] | None = None, base_url: str | None = None,
            now: datetime | None = None) -> ProposalView:
    now = now or utcnow()
    proposal, post = load_proposal(db, actor, proposal_id)
    rules = current_rules(db, actor.tenant_id)
    if not may_approve(actor, rules):
        raise Forbidden()
    settle(db, proposal, post, now)
    if proposal.state != ProposalState.PROPOSED or post is None:
        raise Conflict(N_("Only a proposal waiting for approval can be approved."))
    if drive_files is not None:
        proposal.drive_checks = {**proposal.drive_checks, **inputs.drive_checks(drive_files)}
    previews = _previews(db, proposal, post, rules, now, base_url)
    if not previews:
        raise Conflict(N_("No network is enabled by the rules: nothing could be shared."))
    if all(preview.content_blocked for preview in previews):
        raise RuleBlocked(previews[0], N_("The rules block this post on every network: "
                                          "ask for changes instead."))
    _grant(db, proposal, post, rules, actor.user_id, now)
    record_audit(db, actor, "advocacy.proposal.approved", "proposal", proposal.id,
                 post_id=post.id, rules_version=rules.version,
                 expires_at=proposal.expires_at.isoformat())
    _open_offer(db, proposal, post, rules, now, base_url)
    db.commit()
    return proposal_view(db, proposal, post, rules, now, base_url)


def approve_automatically(db: Session, proposal: Proposal, post: Post, rules: Rules,
                          now: datetime, base_url: str | None) -> bool:
    """With approval by nobody, a proposal no finding blocks is approved at once (in the
    caller's transaction); otherwise it waits for the admins."""
    if rules.approval_by != "nobody":
        return False
    previews = _previews(db, proposal, post, rules, now, base_url)
    if not previews or any(preview.content_blocked for preview in previews):
        return False
    _grant(db, proposal, post, rules, None, now)
    record_audit(db, None, "advocacy.proposal.approved_automatically", "proposal", proposal.id,
                 tenant_id=proposal.tenant_id, post_id=post.id, rules_version=rules.version)
    _open_offer(db, proposal, post, rules, now, base_url)
    return True


def reject(db: Session, actor: Actor, proposal_id: int, reason: str, *,
           now: datetime | None = None) -> ProposalView:
    return _decide(db, actor, proposal_id, ProposalState.REJECTED, reason, now or utcnow())


def request_changes(db: Session, actor: Actor, proposal_id: int, reason: str, *,
                    now: datetime | None = None) -> ProposalView:
    return _decide(db, actor, proposal_id, ProposalState.CHANGES_REQUESTED, reason,
                   now or utcnow())


def retract(db: Session, actor: Actor, proposal_id: int, *,
            now: datetime | None = None) -> ProposalView:
    """Withdraw a proposal: every delivery not yet out is cancelled. What already went
    out stays on people's accounts until they delete it themselves
    (sharing.delete_my_published_share); `retracted_shares` lists it for them."""
    now = now or utcnow()
    proposal, post = load_proposal(db, actor, proposal_id)
    rules = current_rules(db, actor.tenant_id)
    if not (actor.user_id == proposal.proposer_id or may_approve(actor, rules)):
        raise Forbidden()
    settle(db, proposal, post, now)
    if proposal.state in (ProposalState.RETRACTED, ProposalState.REJECTED):
        raise Conflict(N_("This proposal is already closed."))
    cancelled = cancel_waiting(db, proposal, "retracted", now)
    previous = proposal.state
    proposal.state = ProposalState.RETRACTED
    proposal.decided_by_id, proposal.decided_at, proposal.updated_at = actor.user_id, now, now
    sent = db.scalar(select(Delivery.id).where(
        Delivery.tenant_id == actor.tenant_id, Delivery.proposal_id == proposal.id,
        Delivery.status == DeliveryStatus.SENT).limit(1)) is not None
    record_audit(db, actor, "advocacy.proposal.retracted", "proposal", proposal.id,
                 previous_state=previous, cancelled=cancelled, already_published=sent)
    db.commit()
    return proposal_view(db, proposal, post, None, now)


def _decide(db: Session, actor: Actor, proposal_id: int, state: ProposalState, reason: str,
            now: datetime) -> ProposalView:
    proposal, post = load_proposal(db, actor, proposal_id)
    rules = current_rules(db, actor.tenant_id)
    if not may_approve(actor, rules):
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_LIMIT:
        raise InvalidInput(N_("Say why, in at most %(limit)s characters."), field="reason",
                           limit=REASON_LIMIT)
    settle(db, proposal, post, now)
    if proposal.state != ProposalState.PROPOSED:
        raise Conflict(N_("Only a proposal waiting for approval can be decided on."))
    proposal.state, proposal.reason = state, reason
    proposal.decided_by_id, proposal.decided_at, proposal.updated_at = actor.user_id, now, now
    action = "rejected" if state == ProposalState.REJECTED else "changes_requested"
    record_audit(db, actor, f"advocacy.proposal.{action}", "proposal", proposal.id,
                 reason=reason)
    db.commit()
    return proposal_view(db, proposal, post, rules, now)


def _previews(db: Session, proposal: Proposal, post: Post, rules: Rules, now: datetime,
              base_url: str | None):
    source = inputs.share_source(db, proposal, post, base_url=base_url)
    return [check(source, rules, network, None, now) for network in rules.enabled_networks()]


def _grant(db: Session, proposal: Proposal, post: Post, rules: Rules, approver_id: int | None,
           now: datetime) -> None:
    proposal.state = ProposalState.APPROVED
    proposal.approved_hash = current_hash(proposal, post)
    proposal.approved_at = proposal.decided_at = proposal.updated_at = now
    proposal.approved_by_id = proposal.decided_by_id = approver_id
    proposal.expires_at = now + timedelta(days=rules.offer_days)
    proposal.rules_version = rules.version
    proposal.reason = ""


def _open_offer(db: Session, proposal: Proposal, post: Post, rules: Rules, now: datetime,
                base_url: str | None) -> None:
    """Offer the post to everyone who may read it, then schedule consented shares."""
    offered = set(db.scalars(select(Offer.user_id).where(
        Offer.tenant_id == proposal.tenant_id, Offer.proposal_id == proposal.id)))
    for user_id in readers_of(db, proposal.tenant_id, post.space_id):
        if user_id not in offered:
            db.add(Offer(tenant_id=proposal.tenant_id, proposal_id=proposal.id,
                         user_id=user_id, status=OfferStatus.OFFERED, created_at=now))
    db.flush()
    schedule_consented_shares(db, proposal, post, rules, now, base_url)

