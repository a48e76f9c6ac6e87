"""Standing consents: approved posts of a space shared on my account without asking me
each time, still bounded by the rules and caps, and withdrawable at any moment.

When a proposal is approved, each consenting person gets a delivery at the first
moment the rules allow, spread over the rules' window so that colleagues do not
publish the same text in the same minute. They are told afterwards what went
out: `consent_shares_to_report` lists it until `mark_reported`.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from advocacy.models import (Delivery, DeliveryOrigin, DeliveryStatus, Offer, OfferStatus,
                             Proposal, StandingConsent)
from advocacy.rules import Rules
from advocacy.services.accounts import network_of
from advocacy.services.loading import delivery_view
from advocacy.services.outbox import enqueue_share, first_slot, spread_offset
from advocacy.views import ConsentView, DeliveryView
from social.actor import Actor, require_active
from social.errors import Conflict, DomainError, Forbidden, NotFound
from social.models import Post, Space
from social.policy import Access
from social.services.access import load_space
from social.services.assemble import space_ref
from social.services.audit import record_audit

log = logging.getLogger(__name__)


def give_consent(db: Session, actor: Actor, space_id: int, network: str, *,
                 now: datetime | None = None) -> ConsentView:
    require_active(actor)
    if actor.is_guest:
        raise Forbidden()
    network = network_of(network).value
    space = load_space(db, actor, space_id, Access.READ).space
    if _active(db, actor, space_id, network) is not None:
        raise Conflict(N_("You already gave this consent."))
    consent = StandingConsent(tenant_id=actor.tenant_id, user_id=actor.user_id,
                              space_id=space_id, network=network, given_at=now or utcnow())
    db.add(consent)
    db.flush()
    record_audit(db, actor, "advocacy.consent.given", "consent", consent.id,
                 space_id=space_id, network=network)
    db.commit()
    return ConsentView(consent.id, space_ref(space), network, consent.given_at)


def withdraw_consent(db: Session, actor: Actor, space_id: int, network: str, *,
                     now: datetime | None = None) -> int:
    """Withdraw it; shares it scheduled that have not gone out are cancelled. Returns
    how many were."""
    require_active(actor)
    now = now or utcnow()
    consent = _active(db, actor, space_id, network_of(network).value)
    if consent is None:
        raise NotFound()
    consent.withdrawn_at = now
    waiting = select(Delivery.id).join(Proposal, Proposal.id == Delivery.proposal_id).where(
        Delivery.tenant_id == actor.tenant_id, Delivery.user_id == actor.user_id,
        Delivery.network == consent.network, Delivery.origin == DeliveryOrigin.CONSENT,
        Delivery.status == DeliveryStatus.PENDING, Proposal.space_id == space_id)
    cancelled = db.execute(update(Delivery).where(Delivery.id.in_(waiting)).values(
        status=DeliveryStatus.CANCELLED, failure_code="consent_withdrawn", closed_at=now,
        updated_at=now)).rowcount or 0
    record_audit(db, actor, "advocacy.consent.withdrawn", "consent", consent.id,
                 space_id=space_id, network=consent.network, cancelled=cancelled)
    db.commit()
    return cancelled


def my_consents(db: Session, actor: Actor) -> list[ConsentView]:
    require_active(actor)
    rows = db.execute(select(StandingConsent, Space).join(
        Space, Space.id == StandingConsent.space_id).where(
        StandingConsent.tenant_id == actor.tenant_id, StandingConsent.user_id == actor.user_id,
        StandingConsent.withdrawn_at.is_(None)).order_by(StandingConsent.id)).all()
    return [ConsentView(c.id, space_ref(s), c.network, c.given_at) for c, s in rows]


def schedule_consented_shares(db: Session, proposal: Proposal, post: Post, rules: Rules,
                              now: datetime, base_url: str | None) -> int:
    """In the approval's transaction: a delivery for each person whose consent covers
    this post, at their first allowed moment. Anyone the gate or the rules refuse is
    simply not scheduled (they keep the offer). Returns how many were scheduled."""
    enabled = rules.enabled_networks()
    consents = db.scalars(select(StandingConsent).where(
        StandingConsent.tenant_id == proposal.tenant_id,
        StandingConsent.space_id == proposal.space_id, StandingConsent.network.in_(enabled),
        StandingConsent.withdrawn_at.is_(None)).order_by(StandingConsent.id)).all()
    scheduled = 0
    for consent in consents:
        start = max(now, proposal.approved_at + spread_offset(rules, proposal.id,
                                                              consent.user_id))
        at = first_slot(db, proposal, consent.user_id, consent.network, start, rules)
        if at is None:
            continue
        offer = db.scalar(select(Offer).where(Offer.proposal_id == proposal.id,
                                              Offer.user_id == consent.user_id))
        try:
            delivery = enqueue_share(db, proposal, post, consent.user_id, consent.network,
                                     at=at, origin=DeliveryOrigin.CONSENT,
                                     note=offer.note if offer else "", base_url=base_url,
                                     now=now)
        except DomainError as refused:
            log.info("consent %s not scheduled: %s", consent.id, refused)
            continue
        if offer is not None and offer.status == OfferStatus.OFFERED:
            offer.status, offer.decided_at = OfferStatus.SCHEDULED, now
        record_audit(db, None, "advocacy.share.scheduled", "delivery", delivery.id,
                     tenant_id=proposal.tenant_id, user_id=consent.user_id,
                     proposal_id=proposal.id, network=consent.network, origin="consent",
                     scheduled_at=at.isoformat())
        scheduled += 1
    return scheduled


def consent_shares_to_report(db: Session, actor: Actor) -> list[DeliveryView]:
    """What went out on my accounts through my consent and I was not told of yet."""
    require_active(actor)
    rows = db.scalars(select(Delivery).where(
        Delivery.tenant_id == actor.tenant_id, Delivery.user_id == actor.user_id,
        Delivery.origin == DeliveryOrigin.CONSENT, Delivery.status == DeliveryStatus.SENT,
        Delivery.reported_at.is_(None)).order_by(Delivery.id).limit(100))
    return [delivery_view(row) for row in rows]


def mark_reported(db: Session, actor: Actor, delivery_ids: list[int], *,
                  now: datetime | None = None) -> None:
    require_active(actor)
    db.execute(update(Delivery).where(
        Delivery.tenant_id == actor.tenant_id, Delivery.user_id == actor.user_id,
        Delivery.id.in_(delivery_ids)).values(reported_at=now or utcnow()))
    db.commit()


def _active(db: Session, actor: Actor, space_id: int, network: str) -> StandingConsent | None:
    return db.scalar(select(StandingConsent).where(
        StandingConsent.tenant_id == actor.tenant_id, StandingConsent.user_id == actor.user_id,
        StandingConsent.space_id == space_id, StandingConsent.network == network,
        StandingConsent.withdrawn_at.is_(None)))
