"""Recording what happened to a claimed delivery, each in its own short transaction.

Success is written whatever became of the claim meanwhile (a lost lease, a
retraction): the post is out, and the record must say so. Every other outcome
is written only while this claim still holds the row (status claimed, same
token), so a late worker never overwrites a newer one or revives a cancelled row.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import case, update

from advocacy.models import (AccountStatus, Delivery, DeliveryStatus, Offer, OfferStatus,
                             SocialAccount)
from advocacy.services.pauses import pause_network
from core.database import Database
from social.services.audit import record_audit

MAX_TRANSIENT_FAILURES = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)


def backoff(failures: int, rng=random.random) -> timedelta:
    """Exponential in the number of failures, capped, with jitter over its upper half
    (so colleagues' retries after a network outage do not arrive all at once)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** max(0, failures - 1)))
    return ceiling / 2 + ceiling / 2 * rng()


def external_url(network: str, external_id: str | None) -> str | None:
    if not external_id:
        return None
    if network == "x":
        return f"https://x.com/i/web/status/{external_id}"
    return f"https://www.linkedin.com/feed/update/{external_id}/"


def mark_sent(database: Database, delivery_id: int, external_id: str | None,
              url: str | None, now: datetime, *, duplicate: bool = False) -> bool:
    # UPDATE ... RETURNING rather than load-then-change: one round trip fewer on every
    # delivery, and a second worker's record of the same success waits on the row
    # lock, then finds it sent and changes nothing.
    sent = update(Delivery).where(
        Delivery.id == delivery_id, Delivery.status != DeliveryStatus.SENT).values(
        status=DeliveryStatus.SENT, sent_at=now, updated_at=now, external_id=external_id,
        external_url=url or _external_url_of_row(external_id), lease_until=None,
        claim_token=None, failure_code=None,
        last_error="duplicate: already published" if duplicate else "").returning(
        Delivery.tenant_id, Delivery.user_id, Delivery.proposal_id, Delivery.network
    ).execution_options(synchronize_session=False)
    with database.system_session(write=True) as session:
        delivery = session.execute(sent).first()
        if delivery is None:
            return False
        session.execute(update(Offer).where(
            Offer.proposal_id == delivery.proposal_id, Offer.user_id == delivery.user_id,
            Offer.status.in_((OfferStatus.OFFERED, OfferStatus.SCHEDULED)))
            .values(status=OfferStatus.SHARED, decided_at=now))
        # The audit entry, a row of the firm, raises its content version: the person's
        # views show the share as published.
        record_audit(session, None, "advocacy.share.published", "delivery", delivery_id,
                     tenant_id=delivery.tenant_id, user_id=delivery.user_id,
                     network=delivery.network, external_id=external_id, duplicate=duplicate)
        session.commit()
        return True


def _external_url_of_row(external_id: str | None):
    """`external_url` for the row's own network, inside the UPDATE."""
    if not external_id:
        return None
    return case((Delivery.network == "x", external_url("x", external_id)),
                else_=external_url("linkedin", external_id))


def reschedule(database: Database, delivery_id: int, token: str, at: datetime, error: str,
               now: datetime, *, transient: bool = False) -> None:
    _update_claimed(database, delivery_id, token, now, status=DeliveryStatus.PENDING,
                    scheduled_at=at, last_error=error[:2000],
                    **({"transient_failures": Delivery.transient_failures + 1}
                       if transient else {}))


def wait(database: Database, delivery_id: int, token: str, error: str, now: datetime) -> None:
    """Back to pending as it was: the claim query skips it until the account is
    reconnected or the network resumed."""
    _update_claimed(database, delivery_id, token, now, status=DeliveryStatus.PENDING,
                    last_error=error[:2000])


def close(database: Database, delivery_id: int, token: str, status: DeliveryStatus,
          code: str, error: str, now: datetime) -> bool:
    closed = _update_claimed(database, delivery_id, token, now, status=status,
                             failure_code=code, last_error=error[:2000], closed_at=now)
    if closed and status == DeliveryStatus.FAILED:
        with database.system_session(write=True) as session:
            delivery = session.get(Delivery, delivery_id)
            record_audit(session, None, "advocacy.share.failed", "delivery", delivery_id,
                         tenant_id=delivery.tenant_id, user_id=delivery.user_id,
                         network=delivery.network, code=code, error=error[:500])
            session.commit()
    return closed


def needs_reconnect(database: Database, account_id: int, now: datetime) -> None:
    with database.system_session(write=True) as session:
        session.execute(update(SocialAccount).where(SocialAccount.id == account_id).values(
            status=AccountStatus.RECONNECT_NEEDED, updated_at=now))
        session.commit()


def pause(database: Database, tenant_id: int, network: str, reason: str,
          now: datetime) -> None:
    with database.system_session(write=True) as session:
        pause_network(session, tenant_id, network, reason, now)
        session.commit()


def close_expired(database: Database, now: datetime) -> int:
    """Deliveries past their offer's end that no live lease holds are closed: nothing
    is published after its offer. (A claim in flight finishes; its outcome decides.)"""
    with database.system_session(write=True) as session:
        result = session.execute(update(Delivery).where(
            Delivery.expires_at <= now,
            (Delivery.status == DeliveryStatus.PENDING)
            | ((Delivery.status == DeliveryStatus.CLAIMED) & (Delivery.lease_until < now)))
            .values(status=DeliveryStatus.CANCELLED, failure_code="expired", closed_at=now,
                    lease_until=None, claim_token=None, updated_at=now))
        session.commit()
        return result.rowcount or 0


def _update_claimed(database: Database, delivery_id: int, token: str, now: datetime,
                    **values) -> bool:
    with database.system_session(write=True) as session:
        result = session.execute(update(Delivery).where(
            Delivery.id == delivery_id, Delivery.status == DeliveryStatus.CLAIMED,
            Delivery.claim_token == token).values(
            lease_until=None, claim_token=None, updated_at=now, **values))
        session.commit()
        return bool(result.rowcount)

