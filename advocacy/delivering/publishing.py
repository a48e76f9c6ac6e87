"""Publishing one claimed delivery and applying the outcomes table of integrations/networks.py.

| outcome         | what happens here                                                |
|-----------------|------------------------------------------------------------------|
| (published)     | sent, with the external id and URL                               |
| RATE_LIMITED    | pending again at `retry_at`, or after a backoff                  |
| UNAUTHORIZED    | X: refresh once (stored atomically), retry once; still 401, or   |
|                 | LinkedIn: the account needs reconnecting, the delivery waits     |
| DUPLICATE       | sent: an earlier attempt of this very text went out              |
| TRANSIENT       | pending after an exponential backoff with jitter; failed with    |
|                 | the reason after MAX_TRANSIENT_FAILURES                          |
| REJECTED        | failed at once, with the network's reason                        |
| NETWORK_PAUSED  | the network is paused for the firm (admin alerted), it waits     |
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from advocacy.delivering import records, tokens
from advocacy.delivering.claims import Claim
from advocacy.models import (AccountStatus, Delivery, DeliveryStatus, Proposal, ProposalState,
                             RuleVersion, SocialAccount)
from advocacy.rules import Rules
from advocacy.rules.little_text import unescape
from advocacy.rules.words import forbidden_in
from advocacy.services.accounts import Cipher
from advocacy.services.gate import current_hash
from advocacy.services.rules import rules_of
from core.database import Database
from integrations.networks import LinkCard, Network, Outcome, PublishError, Publisher
from social.models import Post

log = logging.getLogger(__name__)
REFRESH_AHEAD = timedelta(minutes=2)
MISSING_PUBLISHER_DELAY = timedelta(minutes=5)


# The rows one attempt reads, and the rules in force.
Attempt = tuple[Delivery, Proposal, Post | None, SocialAccount | None, Rules]


@dataclass
class Context:
    database: Database
    publishers: Mapping[Network, Publisher]
    cipher: Cipher
    refresher: tokens.TokenRefresher | None
    rng: Callable[[], float]


def deliver(context: Context, claim: Claim, now: datetime) -> None:
    database = context.database
    delivery, proposal, post, account, rules = claim.read or _load(database, claim.id)
    reason = _no_longer_allowed(delivery, proposal, post, now) or \
        _rules_now_forbid(rules, delivery)
    if reason:
        records.close(database, delivery.id, claim.token, DeliveryStatus.CANCELLED, reason,
                      "", now)
        return
    if account is None or account.user_id != delivery.user_id:
        records.close(database, delivery.id, claim.token, DeliveryStatus.CANCELLED,
                      "account_missing", "", now)
        return
    publisher = context.publishers.get(Network(delivery.network))
    if publisher is None:
        log.error("no publisher for %s: delivery %s waits", delivery.network, delivery.id)
        records.reschedule(database, delivery.id, claim.token, now + MISSING_PUBLISHER_DELAY,
                           "no publisher configured", now)
        return
    try:
        credentials = tokens.credentials(account, context.cipher)
    except Exception:  # noqa: BLE001 - a token no key decrypts: only reconnecting helps
        log.exception("the token of account %s does not decrypt", account.id)
        records.needs_reconnect(database, account.id, now)
        records.wait(database, delivery.id, claim.token, "token does not decrypt", now)
        return
    refreshed = False
    if _should_refresh_first(account, context, now):
        credentials = tokens.refresh(database, account, context.cipher, context.refresher,
                                     now) or credentials
        refreshed = True
    link = LinkCard(delivery.link_url, delivery.link_title or "",
                    delivery.link_description or "") if delivery.link_url else None
    while True:
        try:
            published = publisher.publish(credentials, delivery.text, link)
        except PublishError as error:
            if error.outcome is Outcome.UNAUTHORIZED and delivery.network == Network.X \
                    and not refreshed and context.refresher is not None:
                refreshed = True
                fresh = tokens.refresh(database, account, context.cipher, context.refresher,
                                       now)
                if fresh is not None:
                    credentials = fresh
                    continue  # the one retry after a refresh
            _failed(context, delivery, claim, error, now)
        except Exception as error:  # noqa: BLE001 - unknown: it may have gone out; retry
            log.exception("publishing delivery %s failed unexpectedly", delivery.id)
            _failed(context, delivery, claim,
                    PublishError(Outcome.TRANSIENT, f"{type(error).__name__}: {error}"), now)
        else:
            records.mark_sent(database, delivery.id, published.external_id, published.url, now)
        return


def _failed(context: Context, delivery: Delivery, claim: Claim, error: PublishError,
            now: datetime) -> None:
    database, detail = context.database, error.detail or str(error)
    if error.outcome is Outcome.DUPLICATE:
        records.mark_sent(database, delivery.id, error.existing_id, None, now, duplicate=True)
    elif error.outcome is Outcome.RATE_LIMITED:
        at = error.retry_at if error.retry_at and error.retry_at > now else \
            now + records.backoff(claim.attempts, context.rng)
        records.reschedule(database, delivery.id, claim.token, at, f"rate limited: {detail}",
                           now)
    elif error.outcome is Outcome.UNAUTHORIZED:
        records.needs_reconnect(database, delivery.account_id, now)
        records.wait(database, delivery.id, claim.token, f"unauthorized: {detail}", now)
    elif error.outcome is Outcome.NETWORK_PAUSED:
        records.pause(database, delivery.tenant_id, delivery.network, detail, now)
        records.wait(database, delivery.id, claim.token, f"network paused: {detail}", now)
    elif error.outcome is Outcome.REJECTED:
        records.close(database, delivery.id, claim.token, DeliveryStatus.FAILED, "rejected",
                      detail, now)
    else:  # TRANSIENT
        failures = delivery.transient_failures + 1
        if failures >= records.MAX_TRANSIENT_FAILURES:
            records.close(database, delivery.id, claim.token, DeliveryStatus.FAILED,
                          "transient", detail, now)
        else:
            records.reschedule(database, delivery.id, claim.token,
                               now + records.backoff(failures, context.rng),
                               f"transient: {detail}", now, transient=True)


def read_attempt(session: Session, delivery_id: int) -> Attempt:
    """Everything one attempt reads, in one statement: the delivery, its proposal, post
    and account, and the firm's rules in force. Given to `claims.claim_delivery` as
    `then`, it runs in the claim's own transaction."""
    versions = aliased(RuleVersion)
    latest = (select(func.max(versions.version)).where(versions.tenant_id == Delivery.tenant_id)
              .correlate(Delivery).scalar_subquery())
    delivery, proposal, post, account, rules = session.execute(
        select(Delivery, Proposal, Post, SocialAccount, RuleVersion)
        .join(Proposal, Proposal.id == Delivery.proposal_id)
        .outerjoin(Post, Post.id == Proposal.post_id)
        .outerjoin(SocialAccount, SocialAccount.id == Delivery.account_id)
        .outerjoin(RuleVersion, (RuleVersion.tenant_id == Delivery.tenant_id)
                   & (RuleVersion.version == latest))
        .where(Delivery.id == delivery_id)).one()
    return delivery, proposal, post, account, rules_of(rules)


def _load(database: Database, delivery_id: int) -> Attempt:
    with database.system_session(write=False) as session:
        return read_attempt(session, delivery_id)


def _no_longer_allowed(delivery: Delivery, proposal: Proposal, post: Post | None,
                       now: datetime) -> str | None:
    """The gate, again, at the last moment: the approval this delivery rests on must
    still hold (same tenant, approved, unchanged, open)."""
    if delivery.expires_at <= now:
        return "expired"
    if proposal.tenant_id != delivery.tenant_id or proposal.state != ProposalState.APPROVED:
        return "retracted" if proposal.state == ProposalState.RETRACTED else "not_approved"
    if proposal.approved_hash != delivery.approved_hash or \
            current_hash(proposal, post) != delivery.approved_hash:
        return "changed"
    return None


def _rules_now_forbid(rules: Rules, delivery: Delivery) -> str | None:
    """Rules changed since the text was frozen: a network turned off, or a word
    forbidden meanwhile, stops it. (Other changes, such as a new hashtag, apply to
    shares made from now on: the person previewed and chose this text.)"""
    settings = rules.network(delivery.network)
    shown = unescape(delivery.text) if delivery.network == Network.LINKEDIN else delivery.text
    if not settings.enabled or forbidden_in(shown, settings.forbidden):
        return "rules_changed"
    return None


def _should_refresh_first(account, context: Context, now: datetime) -> bool:
    return (account.network == Network.X and context.refresher is not None
            and account.refresh_token is not None and account.expires_at is not None
            and account.expires_at <= now + REFRESH_AHEAD
            and account.status == AccountStatus.CONNECTED)
