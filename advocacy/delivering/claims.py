"""Claiming due work with a lease, so any number of workers can run side by side.

A claim is one short write transaction: pick the first due row nobody holds, in
the order of the open-queue index (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so
concurrent workers take different rows without waiting; on SQLite the session's
BEGIN IMMEDIATE serialises claims), mark it claimed with a fresh token and a lease,
count the attempt, commit. A row whose lease ran out is
due again: its worker died or hung. The worker also reads what the attempt needs in
that same transaction (`then`): a transaction's BEGIN and COMMIT are round trips
too, paid on every delivery.
"""

from __future__ import annotations

import functools
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from sqlalchemy import and_, bindparam, exists, or_, select, update
from sqlalchemy.orm import Session

from advocacy.models import (AccountStatus, DeletionRequest, DeletionStatus, Delivery,
                             DeliveryStatus, NetworkPause, SocialAccount)
from core.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    id: int
    token: str
    attempts: int
    read: Any = None  # what `then` read in the claim's transaction, if it was given


def _waiting_on_account(account_id) -> exists:
    """The account needs reconnecting: the work waits (it still closes at expiry)."""
    return exists().where(SocialAccount.id == account_id,
                          SocialAccount.status == AccountStatus.RECONNECT_NEEDED)


def _paused(tenant_id, network) -> exists:
    return exists().where(NetworkPause.tenant_id == tenant_id, NetworkPause.network == network,
                          NetworkPause.resumed_at.is_(None))


def claim_delivery(database: Database, now: datetime, lease: timedelta, *,
                   then: Callable[[Session, int], Any] | None = None) -> Claim | None:
    """The next due delivery, claimed; `then(session, id)`, if given, reads what its
    attempt needs before the claim commits (Claim.read)."""
    token = uuid.uuid4().hex
    with database.system_session(write=True) as session:
        row = session.execute(_claim_statement(database.dialect),
                              {"now": now, "lease_until": now + lease, "token": token}).first()
        try:
            read = then(session, row.id) if row is not None and then is not None else None
        except Exception:  # noqa: BLE001 - the row is claimed alone; its attempt fails, logged
            log.exception("reading delivery %s with its claim failed", row.id)
            session.rollback()
            return claim_delivery(database, now, lease)
        session.commit()
    return None if row is None else Claim(row.id, token, row.attempts, read)


@functools.cache
def _claim_statement(dialect: str):
    """One statement, built once: the worker pays for each round trip, and for building
    a statement, on every delivery. A claim changes no firm's content (nothing shows a
    row being published): as a bulk statement of a system session, it raises no
    content version."""
    moment = Delivery.__table__.c.scheduled_at.type
    now = bindparam("now", type_=moment)
    due = or_(and_(Delivery.status == DeliveryStatus.PENDING, Delivery.scheduled_at <= now),
              and_(Delivery.status == DeliveryStatus.CLAIMED, Delivery.lease_until < now))
    first_due = (select(Delivery.id).where(due, Delivery.expires_at > now,
                                           ~_waiting_on_account(Delivery.account_id),
                                           ~_paused(Delivery.tenant_id, Delivery.network))
                 .order_by(Delivery.scheduled_at, Delivery.id).limit(1))
    return (update(Delivery)
            .where(Delivery.id == _locked(dialect, first_due).scalar_subquery())
            .values(status=DeliveryStatus.CLAIMED, claim_token=bindparam("token"),
                    lease_until=bindparam("lease_until", type_=moment), updated_at=now,
                    attempts=Delivery.attempts + 1)  # before the network is called
            .returning(Delivery.id, Delivery.attempts)
            .execution_options(synchronize_session=False))


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
        row = session.scalar(_locked(database.dialect, query, DeletionRequest))
        if row is None:
            return None
        token = uuid.uuid4().hex
        row.status, row.claim_token = DeletionStatus.CLAIMED, token
        row.lease_until = now + lease
        row.attempts += 1
        session.commit()
        return Claim(row.id, token, row.attempts)


def _locked(dialect: str, query, entity=None):
    if dialect == "postgresql":
        return query.with_for_update(skip_locked=True, of=entity)
    return query
