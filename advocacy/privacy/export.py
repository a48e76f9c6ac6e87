"""`export_person`: all of one person's data, for their archive (web/archive.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy.models import (Delivery, LinkClick, Offer, Proposal, SocialAccount,
                             StandingConsent, TrackedLink)
from social.actor import Actor
from social.models import Space, User
from social.privacy.export import load_exportable, moment, social_data

FORMAT_VERSION = 1


def export_person(db: Session, actor: Actor, user_id: int) -> tuple[User, dict[str, Any]]:
    """The person (themselves, or one of the admin's firm) and their data. Reads only."""
    user = load_exportable(db, actor, user_id)
    data = {"format": FORMAT_VERSION, **social_data(db, user), **gateway_data(db, user)}
    return user, data


def gateway_data(db: Session, user: User) -> dict[str, Any]:
    tenant_id, user_id = user.tenant_id, user.id
    spaces = {row.id: row.name for row in db.execute(
        select(Space.id, Space.name).where(Space.tenant_id == tenant_id))}
    return {
        # What identifies their accounts, never the tokens (nor their ciphertext).
        "sharing_accounts": [{"network": row.network, "member_id": row.member_id,
                              "display_name": row.display_name, "status": row.status,
                              "connected_at": moment(row.connected_at),
                              "expires_at": moment(row.expires_at)} for row in db.scalars(
            select(SocialAccount).where(SocialAccount.tenant_id == tenant_id,
                                        SocialAccount.user_id == user_id)
            .order_by(SocialAccount.id))],
        "consents": [{"space_id": row.space_id, "space": spaces.get(row.space_id, ""),
                      "network": row.network, "given_at": moment(row.given_at),
                      "withdrawn_at": moment(row.withdrawn_at)} for row in db.scalars(
            select(StandingConsent).where(StandingConsent.tenant_id == tenant_id,
                                          StandingConsent.user_id == user_id)
            .order_by(StandingConsent.id))],
        "proposals": [{"id": row.id, "post_id": row.post_id, "state": row.state,
                       "variants": row.variants or {}, "reason": row.reason,
                       "created_at": moment(row.created_at),
                       "decided_at": moment(row.decided_at)} for row in db.scalars(
            select(Proposal).where(Proposal.tenant_id == tenant_id,
                                   Proposal.proposer_id == user_id).order_by(Proposal.id))],
        "offers": [{"proposal_id": row.proposal_id, "status": row.status, "note": row.note,
                    "created_at": moment(row.created_at),
                    "decided_at": moment(row.decided_at)} for row in db.scalars(
            select(Offer).where(Offer.tenant_id == tenant_id, Offer.user_id == user_id)
            .order_by(Offer.proposal_id))],
        "deliveries": _deliveries(db, tenant_id, user_id),
    }


def _deliveries(db: Session, tenant_id: int, user_id: int) -> list[dict[str, Any]]:
    clicks = func.count(LinkClick.id)
    counted = {delivery_id: count for delivery_id, count in db.execute(
        select(TrackedLink.delivery_id, clicks)
        .join(LinkClick, LinkClick.link_id == TrackedLink.id)
        .join(Delivery, Delivery.id == TrackedLink.delivery_id)
        .where(TrackedLink.tenant_id == tenant_id, Delivery.user_id == user_id)
        .group_by(TrackedLink.delivery_id))}
    return [{"id": row.id, "proposal_id": row.proposal_id, "network": row.network,
             "origin": row.origin, "status": row.status, "text": row.text,
             "link_url": row.link_url, "scheduled_at": moment(row.scheduled_at),
             "sent_at": moment(row.sent_at), "closed_at": moment(row.closed_at),
             "external_url": row.external_url, "failure_code": row.failure_code,
             "clicks": counted.get(row.id, 0)} for row in db.scalars(
        select(Delivery).where(Delivery.tenant_id == tenant_id, Delivery.user_id == user_id)
        .order_by(Delivery.id))]
