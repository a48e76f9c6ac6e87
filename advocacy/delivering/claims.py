"""Claiming due work with a lease, so any number of workers can run side by side.

A claim is one short write transaction: pick the first due row nobody holds (on
PostgreSQL `FOR UPDATE SKIP LOCKED`, so concurrent workers take different rows
without waiting; on SQLite the session's BEGIN IMMEDIATE serialises claims),
mark it claimed with a fresh token and a lease, count the attempt, commit. A
row whose lease ran out is due again: its worker died or hung.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from advocacy.models import (AccountStatus, DeletionRequest, DeletionStatus, Delivery,
                             DeliveryStatus, NetworkPause, SocialAccount)
from core.database import Database


@dataclass(frozen=True)
class Claim:
    id: int
    token: str
    attempts: int


def _waiting_on_account(account_id) -> exists:
    """The account needs reconnecting: the work waits (it still closes at expiry)."""
    return exists().where(SocialAccount.id == account_id,
                          SocialAccount.status == AccountStatus.RECONNECT_NEEDED)


def _paused(tenant_id, network) -> exists:
    return exists().where(NetworkPause.tenant_id == tenant_id, NetworkPause.network == network,
                          NetworkPause.resumed_at.is_(None))


def claim_delivery(database: Database, now: datetime, lease: timedelta) -> Claim | None:
    due = or_(and_(Delivery.status == DeliveryStatus.PENDING, Delivery.scheduled_at <= now),
              and_(Delivery.status == DeliveryStatus.CLAIMED, Delivery.lease_until < now))
    query = (select(Delivery).where(due, Delivery.expires_at > now,
                                    ~_waiting_on_account(Delivery.account_id),
                                    ~_paused(Delivery.tenant_id, Delivery.network))
             .order_by(Delivery.scheduled_at, Delivery.id).limit(1))
    with database.system_session(write=True) as session:
        row = session.scalar(_locked(session, query, Delivery))
        if row is None:
            return None
        token = uuid.uuid4().hex
        row.status, row.claim_token, row.lease_until = DeliveryStatus.CLAIMED, token, now + lease
        row.attempts += 1  # counted before the network is called: see worker.py
        row.updated_at = now
        session.commit()
        return Claim(row.id, token, row.attempts)


def claim_deletion(database: Database, now: datetime, lease: timedelta) -> Claim | None:
    due = or_(and_(DeletionRequest.status == DeletionStatus.PENDING,
                   DeletionRequest.scheduled_at <= now),
              and_(DeletionRequest.status == DeletionStatus.CLAIMED,
                   DeletionRequest.lease_until < now))
    account = select(Delivery.account_id).where(
        Delivery.id == DeletionRequest.delivery_id).scalar_subquery()
    network = select(Delivery.network).where(
        Delivery.id == DeletionRequest.delivery_id).scalar_subquery()
    query = (select(DeletionRequest).where(due, ~_waiting_on_account(account),
                                           ~_paused(DeletionRequest.tenant_id, network))
             .order_by(DeletionRequest.scheduled_at, DeletionRequest.id).limit(1))
    with database.system_session(write=True) as session:
        row = session.scalar(_locked(session, query, DeletionRequest))
        if row is None:
            return None
        token = uuid.uuid4().hex
        row.status, row.claim_token = DeletionStatus.CLAIMED, token
        row.lease_until = now + lease
        row.attempts += 1
        session.commit()
        return Claim(row.id, token, row.attempts)


def _locked(session: Session, query, entity):
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True, of=entity)
    return query
