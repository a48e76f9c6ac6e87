"""Deleting a published share the person asked to delete (services/published.py).

Deleting is idempotent at the networks ("a post already gone is not an error"),
so a retry after a crash is harmless. 401 on X refreshes once; any other 401
marks the account for reconnection and the request waits.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update

from advocacy.delivering import records, tokens
from advocacy.delivering.claims import Claim
from advocacy.delivering.publishing import Context
from advocacy.models import DeletionRequest, DeletionStatus, Delivery
from integrations.networks import Network, Outcome, PublishError
from social.services.audit import record_audit

log = logging.getLogger(__name__)


def delete(context: Context, claim: Claim, now: datetime) -> None:
    database = context.database
    with database.system_session(write=False) as session:
        request = session.get(DeletionRequest, claim.id)
        delivery = session.get(Delivery, request.delivery_id)
    account = tokens.load_account(database, delivery.account_id)
    publisher = context.publishers.get(Network(delivery.network))
    if account is None or account.user_id != delivery.user_id or publisher is None:
        _finish(context, claim, delivery, DeletionStatus.FAILED, "no account to delete with",
                now)
        return
    credentials = tokens.credentials(account, context.cipher)
    refreshed = False
    while True:
        try:
            publisher.delete(credentials, delivery.external_id)
        except PublishError as error:
            if error.outcome is Outcome.UNAUTHORIZED and delivery.network == Network.X \
                    and not refreshed and context.refresher is not None:
                refreshed = True
                fresh = tokens.refresh(database, account, context.cipher, context.refresher,
                                       now)
                if fresh is not None:
                    credentials = fresh
                    continue
            _failed(context, claim, delivery, error, now)
        except Exception as error:  # noqa: BLE001 - retried like a transient failure
            log.exception("deleting delivery %s failed unexpectedly", delivery.id)
            _failed(context, claim, delivery, PublishError(Outcome.TRANSIENT, str(error)), now)
        else:
            _finish(context, claim, delivery, DeletionStatus.DONE, "", now)
        return


def _failed(context: Context, claim: Claim, delivery: Delivery, error: PublishError,
            now: datetime) -> None:
    detail = error.detail or str(error)
    if error.outcome is Outcome.DUPLICATE:
        _finish(context, claim, delivery, DeletionStatus.DONE, "", now)
    elif error.outcome is Outcome.UNAUTHORIZED:
        records.needs_reconnect(context.database, delivery.account_id, now)
        _retry(context, claim, now, detail, now)
    elif error.outcome is Outcome.NETWORK_PAUSED:
        records.pause(context.database, delivery.tenant_id, delivery.network, detail, now)
        _retry(context, claim, now, detail, now)
    elif error.outcome is Outcome.REJECTED or claim.attempts >= records.MAX_TRANSIENT_FAILURES:
        _finish(context, claim, delivery, DeletionStatus.FAILED, detail, now)
    else:
        at = error.retry_at if error.retry_at and error.retry_at > now else \
            now + records.backoff(claim.attempts, context.rng)
        _retry(context, claim, at, detail, now)


def _retry(context: Context, claim: Claim, at: datetime, detail: str, now: datetime) -> None:
    with context.database.system_session(write=True) as session:
        session.execute(update(DeletionRequest).where(
            DeletionRequest.id == claim.id, DeletionRequest.claim_token == claim.token,
            DeletionRequest.status == DeletionStatus.CLAIMED).values(
            status=DeletionStatus.PENDING, scheduled_at=at, lease_until=None, claim_token=None,
            last_error=detail[:2000]))
        session.commit()


def _finish(context: Context, claim: Claim, delivery: Delivery, status: DeletionStatus,
            detail: str, now: datetime) -> None:
    with context.database.system_session(write=True) as session:
        done = session.execute(update(DeletionRequest).where(
            DeletionRequest.id == claim.id, DeletionRequest.claim_token == claim.token,
            DeletionRequest.status == DeletionStatus.CLAIMED).values(
            status=status, done_at=now, lease_until=None, claim_token=None,
            last_error=detail[:2000])).rowcount
        if done:
            record_audit(session, None, "advocacy.share.deleted" if status == DeletionStatus.DONE
                         else "advocacy.share.deletion_failed", "delivery", delivery.id,
                         tenant_id=delivery.tenant_id, user_id=delivery.user_id,
                         network=delivery.network, error=detail[:500])
        session.commit()
