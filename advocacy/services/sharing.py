"""The employee's side: what is ready to share, and sharing now, at a slot, or skipping.

Each share goes through outbox.enqueue_share (the gate and the rule check) and is
written with the person's offer and the audit entry in one transaction.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_, safe_zone
from advocacy.errors import RuleBlocked
from advocacy.models import (LIVE_STATUSES, Delivery, DeliveryOrigin, Offer, OfferStatus,
                             Proposal, ProposalState, SocialAccount)
from advocacy.rules import Rules, Scope
from advocacy.services.gate import is_shareable, require_shareable
from advocacy.services.loading import delivery_view, load_proposal, proposal_view
from advocacy.services.outbox import decide, enqueue_share, first_slot, spread_offset
from advocacy.services.accounts import network_of
from advocacy.services.rules import current_rules
from advocacy.views import DeliveryView, NetworkOffer, OfferView
from social.actor import Actor, require_active
from social.errors import Forbidden, InvalidInput
from social.models import Post, User
from social.services.audit import record_audit
from social.services.feeds import readable_space_ids
from social.services.writing import checked_text

NOTE_LIMIT = 1000
READY_LIMIT = 20  # each offer is checked per network for the person: keep it short


def ready_to_share(db: Session, actor: Actor, *, base_url: str | None = None,
                   now: datetime | None = None) -> list[OfferView]:
    """Open offers for the actor, newest first, each with a preview per enabled network
    checked for them now, their account's state, and what they already shared."""
    require_active(actor)
    if actor.is_guest:
        return []
    now = now or utcnow()
    rules = current_rules(db, actor.tenant_id)
    rows = db.execute(
        select(Proposal, Post, Offer).join(Post, Post.id == Proposal.post_id)
        .outerjoin(Offer, (Offer.proposal_id == Proposal.id) & (Offer.user_id == actor.user_id))
        .where(Proposal.tenant_id == actor.tenant_id, Proposal.state == ProposalState.APPROVED,
               Proposal.expires_at > now, Post.space_id.in_(readable_space_ids(actor)))
        .order_by(Proposal.approved_at.desc(), Proposal.id.desc()).limit(READY_LIMIT)).all()
    accounts = _account_states(db, actor)
    return [_offer_view(db, actor, proposal, post, offer, rules, accounts, now, base_url)
            for proposal, post, offer in rows
            # one edited since its approval is back with the approvers
            if is_shareable(proposal, post, now)]


def _offer_view(db: Session, actor: Actor, proposal: Proposal, post: Post,
                offer: Offer | None, rules: Rules, accounts: dict[str, str], now: datetime,
                base_url: str | None) -> OfferView:
    mine = {d.network: d for d in db.scalars(select(Delivery).where(
        Delivery.tenant_id == actor.tenant_id, Delivery.proposal_id == proposal.id,
        Delivery.user_id == actor.user_id, Delivery.status.in_(LIVE_STATUSES)))}
    note = offer.note if offer else ""
    networks = tuple(NetworkOffer(
        network, decide(db, proposal, post, actor.user_id, network, at=now, note=note,
                        base_url=base_url, rules=rules),
        accounts.get(network), delivery_view(mine[network]) if network in mine else None)
        for network in rules.enabled_networks())
    return OfferView(proposal_view(db, proposal, post, None, now),
                     offer.status if offer else OfferStatus.OFFERED, note, networks)


def _account_states(db: Session, actor: Actor) -> dict[str, str]:
    return {a.network: a.status for a in db.scalars(select(SocialAccount).where(
        SocialAccount.tenant_id == actor.tenant_id, SocialAccount.user_id == actor.user_id))}


def share_now(db: Session, actor: Actor, proposal_id: int, network: str, *,
              account_id: int | None = None, base_url: str | None = None,
              now: datetime | None = None) -> DeliveryView:
    """Share at once, or within minutes when a colleague's share of the same post is
    that close; refused, with the decision, when another rule blocks now."""
    now = now or utcnow()
    network = network_of(network).value
    proposal, post = load_proposal(db, actor, proposal_id)
    require_shareable(proposal, post, now)
    rules = current_rules(db, actor.tenant_id)
    note = _note(db, actor, proposal.id)
    decision = decide(db, proposal, post, actor.user_id, network, at=now, note=note,
                      base_url=base_url, rules=rules)
    if any(f.blocks and (f.scope is Scope.CONTENT or f.rule != "schedule.min_gap_minutes")
           for f in decision.findings):
        raise RuleBlocked(decision)
    # Nothing blocks now: now, to the second (slots are searched to the minute, which
    # would hold a share made at 10:00:30 until 10:01). Only a colleague's share of the
    # same post too close moves it.
    at = now if not decision.blocked else \
        (first_slot(db, proposal, actor.user_id, network, now, rules) or now)
    return _share(db, actor, proposal, post, network, at, note, base_url, now, account_id,
                  OfferStatus.SHARED)


def suggest_slots(db: Session, actor: Actor, proposal_id: int, network: str, *,
                  count: int = 3, now: datetime | None = None) -> list[datetime]:
    """Moments the rules allow for this person: the first, then the first of each
    following day, within the offer; spread among colleagues."""
    now = now or utcnow()
    network = network_of(network).value
    proposal, post = load_proposal(db, actor, proposal_id)
    require_shareable(proposal, post, now)
    rules = current_rules(db, actor.tenant_id)
    slots: list[datetime] = []
    start = now + spread_offset(rules, proposal.id, actor.user_id)
    while len(slots) < count:
        slot = first_slot(db, proposal, actor.user_id, network, start, rules)
        if slot is None:
            break
        slots.append(slot)
        start = _next_local_day(db, actor, slot)
    return slots


def share_at_slot(db: Session, actor: Actor, proposal_id: int, network: str, at: datetime, *,
                  account_id: int | None = None, base_url: str | None = None,
                  now: datetime | None = None) -> DeliveryView:
    """Schedule the share at a moment the person chose (a suggested slot, or any the
    rules allow at that moment)."""
    now = now or utcnow()
    if at.tzinfo is None:
        raise InvalidInput(N_("This moment has no time zone."), field="at")
    network = network_of(network).value
    proposal, post = load_proposal(db, actor, proposal_id)
    note = _note(db, actor, proposal.id)
    return _share(db, actor, proposal, post, network, max(at, now), note, base_url, now,
                  account_id, OfferStatus.SCHEDULED)


def skip(db: Session, actor: Actor, proposal_id: int, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    proposal, post = load_proposal(db, actor, proposal_id)
    require_shareable(proposal, post, now)
    offer = _offer(db, actor, proposal, now)
    offer.status, offer.decided_at = OfferStatus.SKIPPED, now
    record_audit(db, actor, "advocacy.offer.skipped", "proposal", proposal.id)
    db.commit()


def set_note(db: Session, actor: Actor, proposal_id: int, note: str, *,
             base_url: str | None = None, now: datetime | None = None) -> OfferView:
    """Keep the person's own words for their next shares of this post, and show the
    previews re-checked with them (a forbidden word in a note blocks like anywhere)."""
    now = now or utcnow()
    proposal, post = load_proposal(db, actor, proposal_id)
    require_shareable(proposal, post, now)
    note = checked_text(note, NOTE_LIMIT) if note.strip() else ""
    offer = _offer(db, actor, proposal, now)
    offer.note = note
    db.commit()
    return _offer_view(db, actor, proposal, post, offer, current_rules(db, actor.tenant_id),
                       _account_states(db, actor), now, base_url)


def _share(db: Session, actor: Actor, proposal: Proposal, post: Post | None, network: str,
           at: datetime, note: str, base_url: str | None, now: datetime,
           account_id: int | None, status: OfferStatus) -> DeliveryView:
    if actor.is_guest:
        raise Forbidden()
    delivery = enqueue_share(db, proposal, post, actor.user_id, network, at=at,
                             origin=DeliveryOrigin.OFFER, note=note, base_url=base_url,
                             now=now, account_id=account_id)
    offer = _offer(db, actor, proposal, now)
    if offer.status != OfferStatus.SHARED:
        offer.status, offer.decided_at = status, now
    record_audit(db, actor, "advocacy.share.scheduled", "delivery", delivery.id,
                 proposal_id=proposal.id, network=network, origin="offer",
                 scheduled_at=at.isoformat())
    db.commit()
    return delivery_view(delivery)


def _offer(db: Session, actor: Actor, proposal: Proposal, now: datetime) -> Offer:
    """The person's offer; one is made for someone who came after the approval."""
    offer = db.scalar(select(Offer).where(Offer.tenant_id == actor.tenant_id,
                                          Offer.proposal_id == proposal.id,
                                          Offer.user_id == actor.user_id))
    if offer is None:
        offer = Offer(tenant_id=actor.tenant_id, proposal_id=proposal.id,
                      user_id=actor.user_id, status=OfferStatus.OFFERED, created_at=now)
        db.add(offer)
    return offer


def _note(db: Session, actor: Actor, proposal_id: int) -> str:
    return db.scalar(select(Offer.note).where(Offer.tenant_id == actor.tenant_id,
                                              Offer.proposal_id == proposal_id,
                                              Offer.user_id == actor.user_id)) or ""


def _next_local_day(db: Session, actor: Actor, slot: datetime) -> datetime:
    """Midnight after `slot` in the person's own time zone."""
    zone = safe_zone(db.scalar(select(User.time_zone).where(User.id == actor.user_id,
                                                             User.tenant_id == actor.tenant_id)))
    local = slot.astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), zone)
    return midnight.astimezone(timezone.utc)
