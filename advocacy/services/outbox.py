"""Writing the outbox: the one function that creates deliveries, behind the gate.

`enqueue_share` is the only code that adds a Delivery row. It refuses unless the
proposal is approved, open and unchanged (gate.require_shareable), the sharer is
an active person of the same firm who may read the post, the account is their
own and connected, and the rule check finds nothing blocking at the chosen
moment. The caller adds its own audit entry and commits: the delivery is written
in the same transaction as the decision that creates it.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.i18n import N_
from advocacy.errors import NotShareable, RuleBlocked
from advocacy.models import (LIVE_STATUSES, AccountStatus, Delivery, DeliveryStatus, Proposal,
                             SocialAccount, TrackedLink)
from advocacy.rules import Decision, Rules, check, earliest_slot
from advocacy.services import inputs
from advocacy.services.gate import require_shareable
from advocacy.services.rules import current_rules
from social.actor import Actor
from social.errors import Conflict, NotFound
from social.models import Post, User
from social.services.access import load_post

SEARCH_HORIZON = timedelta(days=30)


def enqueue_share(db: Session, proposal: Proposal, post: Post | None, user_id: int,
                  network: str, *, at: datetime, origin: str, note: str,
                  base_url: str | None, now: datetime,
                  account_id: int | None = None) -> Delivery:
    require_shareable(proposal, post, now)
    if at < now - timedelta(minutes=1) or at >= proposal.expires_at:
        raise NotShareable(N_("This moment is outside the offer: choose one before it "
                              "closes."))
    sharer = _sharer(db, proposal, post, user_id)
    account = _own_account(db, proposal.tenant_id, sharer.id, network, account_id)
    rules = current_rules(db, proposal.tenant_id)
    decision = decide(db, proposal, post, sharer.id, network, at=at, note=note,
                      base_url=base_url, rules=rules)
    if decision.blocked:
        raise RuleBlocked(decision)
    if db.scalar(select(Delivery.id).where(
            Delivery.tenant_id == proposal.tenant_id, Delivery.proposal_id == proposal.id,
            Delivery.user_id == sharer.id, Delivery.network == network,
            Delivery.status.in_(LIVE_STATUSES))) is not None:
        raise Conflict(N_("You already shared this post on this network."))
    delivery = Delivery(
        tenant_id=proposal.tenant_id, proposal_id=proposal.id, user_id=sharer.id,
        network=network, account_id=account.id, origin=origin, text=decision.text,
        link_url=decision.card.url if decision.card else None,
        link_title=decision.card.title[:400] if decision.card else None,
        link_description=decision.card.description[:400] if decision.card else None,
        approved_hash=proposal.approved_hash, rules_version=rules.version, scheduled_at=at,
        expires_at=proposal.expires_at, status=DeliveryStatus.PENDING,
        idempotency_key=_idempotency_key(proposal, sharer.id, network), created_at=now,
        updated_at=now)
    try:
        with db.begin_nested():
            db.add(delivery)
            db.flush()
    except IntegrityError:  # the same share, created at the same moment elsewhere
        raise Conflict(N_("You already shared this post on this network.")) from None
    _track(db, delivery, decision, now)
    return delivery


def decide(db: Session, proposal: Proposal, post: Post, user_id: int, network: str, *,
           at: datetime, note: str, base_url: str | None, rules: Rules) -> Decision:
    """The rule check for this person sharing this post at `at`, with the counts read."""
    source = inputs.share_source(db, proposal, post, note=note, base_url=base_url)
    sharer = inputs.employee(db, proposal.tenant_id, user_id, network, proposal.id, at)
    load = inputs.load(db, proposal.tenant_id, network, proposal.id, user_id, at)
    return check(source, rules, network, sharer, at, load)


def first_slot(db: Session, proposal: Proposal, user_id: int, network: str,
               start: datetime, rules: Rules) -> datetime | None:
    """The first moment from `start` when the timing rules let this person share."""
    until = min(proposal.expires_at, start + SEARCH_HORIZON)
    sharer = inputs.employee(db, proposal.tenant_id, user_id, network, proposal.id, start,
                             until)
    load = inputs.load(db, proposal.tenant_id, network, proposal.id, user_id, start, until)
    return earliest_slot(rules, network, sharer, load, start, until)


def spread_offset(rules: Rules, proposal_id: int, user_id: int) -> timedelta:
    """Where in the spread window this person's share of this post falls: fixed per
    person and post, different between colleagues."""
    if rules.spread_minutes <= 0:
        return timedelta(0)
    digest = hashlib.sha256(f"{proposal_id}:{user_id}".encode()).digest()
    return timedelta(minutes=int.from_bytes(digest[:4], "big") % (rules.spread_minutes + 1))


def _sharer(db: Session, proposal: Proposal, post: Post | None, user_id: int) -> User:
    """An active person of the proposal's firm, not a guest, who may read the post."""
    user = db.scalar(select(User).where(User.id == user_id,
                                        User.tenant_id == proposal.tenant_id))
    if user is None or not user.is_active or user.role == "guest" or post is None:
        raise NotFound()
    load_post(db, Actor.of(user), post.id)  # NotFound when they may not read it
    return user


def _own_account(db: Session, tenant_id: int, user_id: int, network: str,
                 account_id: int | None) -> SocialAccount:
    query = select(SocialAccount).where(SocialAccount.tenant_id == tenant_id,
                                        SocialAccount.user_id == user_id,
                                        SocialAccount.network == network)
    if account_id is not None:
        query = query.where(SocialAccount.id == account_id)
    account = db.scalar(query)
    if account is None:
        if account_id is not None:
            raise NotFound()  # someone else's account, or none: never reveal which
        raise Conflict(N_("Connect your account on this network first."))
    if account.status != AccountStatus.CONNECTED:
        raise Conflict(N_("Your account on this network must be reconnected first."))
    return account


def _track(db: Session, delivery: Delivery, decision: Decision, now: datetime) -> None:
    """Tracked links of this delivery. Codes are derived from the share, so sharing
    again after a failure meets the same codes: they then point to the new delivery."""
    for target in decision.links:
        link = db.scalar(select(TrackedLink).where(TrackedLink.code == target.code))
        if link is None:
            db.add(TrackedLink(tenant_id=delivery.tenant_id, code=target.code,
                               delivery_id=delivery.id, target=target.target, created_at=now))
        elif link.tenant_id == delivery.tenant_id:
            link.delivery_id, link.target = delivery.id, target.target


def _idempotency_key(proposal: Proposal, user_id: int, network: str) -> str:
    return f"{proposal.tenant_id}-{proposal.id}-{user_id}-{network}-{uuid.uuid4().hex[:16]}"
