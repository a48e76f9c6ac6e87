"""What went out on my accounts: my shares with their clicks, and deleting one.

A post is never deleted from someone's account without their action: after a
retraction they are shown what they published (`retracted_shares`) and may ask
for its deletion, which the worker carries out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from advocacy.models import (DeletionRequest, DeletionStatus, Delivery, DeliveryStatus,
                             Proposal, ProposalState, TrackedLink)
from advocacy.services.loading import delivery_view
from advocacy.views import DeliveryView, MyShares
from social.actor import Actor, require_active
from social.errors import Conflict, NotFound
from social.services.audit import record_audit

MY_SHARES_LIMIT = 100


def delete_my_published_share(db: Session, actor: Actor, delivery_id: int, *,
                              now: datetime | None = None) -> DeliveryView:
    """Ask for the deletion of one of my published shares; the worker deletes it."""
    require_active(actor)
    now = now or utcnow()
    delivery = db.scalar(select(Delivery).where(Delivery.id == delivery_id,
                                                Delivery.tenant_id == actor.tenant_id,
                                                Delivery.user_id == actor.user_id))
    if delivery is None:
        raise NotFound()
    if delivery.status != DeliveryStatus.SENT:
        raise Conflict(N_("Only a published share can be deleted."))
    if not delivery.external_id:
        # A retry met "duplicate content", and X does not say which post it was.
        raise Conflict(N_("The network did not tell us this post's id: delete it on the "
                          "network itself."))
    if delivery.account_id is None:
        # The account it went out on was disconnected: we no longer hold its token.
        raise Conflict(N_("The account this went out on is disconnected: delete the post on "
                          "the network itself."))
    request = db.scalar(select(DeletionRequest).where(
        DeletionRequest.tenant_id == actor.tenant_id,
        DeletionRequest.delivery_id == delivery.id))
    if request is None:
        request = DeletionRequest(tenant_id=actor.tenant_id, delivery_id=delivery.id,
                                  requested_by_id=actor.user_id, scheduled_at=now,
                                  created_at=now)
        db.add(request)
    elif request.status == DeletionStatus.FAILED:
        request.status, request.scheduled_at, request.attempts = DeletionStatus.PENDING, now, 0
    else:
        return delivery_view(delivery, deletion_status=request.status)
    db.flush()
    record_audit(db, actor, "advocacy.share.deletion_requested", "delivery", delivery.id,
                 network=delivery.network, external_id=delivery.external_id)
    db.commit()
    return delivery_view(delivery, deletion_status=request.status)


def my_shares(db: Session, actor: Actor, *, limit: int = MY_SHARES_LIMIT) -> MyShares:
    """My deliveries, newest first, with the clicks on their links."""
    require_active(actor)
    rows = db.execute(
        select(Delivery, DeletionRequest.status).outerjoin(
            DeletionRequest, DeletionRequest.delivery_id == Delivery.id)
        .where(Delivery.tenant_id == actor.tenant_id, Delivery.user_id == actor.user_id)
        .order_by(Delivery.id.desc()).limit(limit)).all()
    clicks = _clicks(db, actor, [delivery.id for delivery, _ in rows])
    views = tuple(delivery_view(d, clicks.get(d.id, 0), status) for d, status in rows)
    by_network: dict[str, int] = {}
    for view in views:
        if view.status == DeliveryStatus.SENT:
            by_network[view.network] = by_network.get(view.network, 0) + 1
    return MyShares(views, sum(clicks.values()), by_network)


def retracted_shares(db: Session, actor: Actor) -> list[DeliveryView]:
    """My published shares of posts since withdrawn, not yet asked to be deleted."""
    require_active(actor)
    rows = db.scalars(
        select(Delivery).join(Proposal, Proposal.id == Delivery.proposal_id)
        .outerjoin(DeletionRequest, DeletionRequest.delivery_id == Delivery.id)
        .where(Delivery.tenant_id == actor.tenant_id, Delivery.user_id == actor.user_id,
               Delivery.status == DeliveryStatus.SENT,
               Proposal.state == ProposalState.RETRACTED, DeletionRequest.id.is_(None))
        .order_by(Delivery.id.desc()).limit(MY_SHARES_LIMIT))
    return [delivery_view(row) for row in rows]


def _clicks(db: Session, actor: Actor, delivery_ids: list[int]) -> dict[int, int]:
    if not delivery_ids:
        return {}
    return dict(db.execute(select(TrackedLink.delivery_id, func.sum(TrackedLink.clicks))
                           .where(TrackedLink.tenant_id == actor.tenant_id,
                                  TrackedLink.delivery_id.in_(delivery_ids))
                           .group_by(TrackedLink.delivery_id)).all())
