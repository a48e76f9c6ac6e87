"""`offboard_person`: the gateway lets go of someone who left.

Three steps, so that no transaction stays open while a provider answers (a
write transaction on SQLite would hold every writer for as long):

1. read their accounts and decrypt the tokens, then end the transaction;
2. revoke the tokens at X and LinkedIn (best effort, revocation.py);
3. in one transaction: delete the accounts, cancel the shares still waiting
   (pending, or claimed by a worker that will find no account), withdraw the
   standing consents, and record all of it in the audit log.

It may run again for the same person at any time and changes nothing more: the
worker's sweep (directory.py) relies on that to finish what a dead process left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from sqlalchemy import delete, exists, select, union, update
from sqlalchemy.orm import Session

from advocacy.models import Delivery, DeliveryStatus, SocialAccount, StandingConsent
from advocacy.offboarding.revocation import Outcome, Revoke, Tokens, revoke_tokens
from advocacy.services.accounts import Cipher
from core.clock import utcnow
from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, NotFound
from social.models import User
from social.services.audit import record_audit
from social.services.people import deactivate_user

WAITING = (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)


@dataclass(frozen=True)
class Offboarding:
    user_id: int
    revocations: tuple[Outcome, ...]
    cancelled: int          # shares that will not go out
    withdrawn: int          # standing consents

    @property
    def changed(self) -> bool:
        return bool(self.revocations or self.cancelled or self.withdrawn)


def deactivate_and_offboard(db: Session, actor: Actor, user_id: int, *, cipher: Cipher,
                            revoke: Mapping[str, Revoke], now: datetime | None = None) -> User:
    """The admin's act: `social.services.people.deactivate_user`, then `offboard_person`."""
    user = deactivate_user(db, actor, user_id)
    offboard_person(db, actor, user_id, cipher=cipher, revoke=revoke, reason="deactivated",
                    now=now)
    return user


def offboard_person(db: Session, actor: Actor | None, user_id: int, *, cipher: Cipher,
                    revoke: Mapping[str, Revoke], reason: str,
                    tenant_id: int | None = None, now: datetime | None = None) -> Offboarding:
    """For a person already deactivated. `actor` is the firm's admin, or None when the
    system acts (then `tenant_id` says which firm). Commits."""
    if actor is not None:
        require_active(actor)
        if not actor.is_admin:
            raise Forbidden()
        tenant_id = actor.tenant_id
    user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == tenant_id))
    if user is None:
        raise NotFound()
    if user.is_active:
        raise Conflict(N_("Deactivate this person first."))
    held = _tokens(db, user, cipher)
    db.commit()  # nothing may wait on the providers inside a transaction
    outcomes = tuple(revoke_tokens(tokens, revoke) for tokens in held)
    now = now or utcnow()
    result = _let_go(db, actor, user, outcomes, reason, now)
    db.commit()
    return result


def _tokens(db: Session, user: User, cipher: Cipher) -> list[Tokens]:
    accounts = db.scalars(select(SocialAccount).where(
        SocialAccount.tenant_id == user.tenant_id, SocialAccount.user_id == user.id)
        .order_by(SocialAccount.id)).all()
    held = []
    for account in accounts:
        try:
            access = cipher.decrypt(account.access_token)
            refresh = cipher.decrypt(account.refresh_token) if account.refresh_token else None
        except Exception:  # noqa: BLE001 - no key decrypts them: nothing to revoke with
            held.append(Tokens(account.id, account.network, None, None, readable=False))
            continue
        held.append(Tokens(account.id, account.network, access, refresh))
    return held


def _let_go(db: Session, actor: Actor | None, user: User, outcomes: tuple[Outcome, ...],
            reason: str, now: datetime) -> Offboarding:
    tenant_id = user.tenant_id
    for outcome in outcomes:
        record_audit(db, actor, "advocacy.account.disconnected", "account", outcome.account_id,
                     tenant_id=tenant_id, network=outcome.network, revoked=outcome.revoked,
                     via="offboarding")
    db.execute(delete(SocialAccount).where(SocialAccount.tenant_id == tenant_id,
                                           SocialAccount.user_id == user.id))
    cancelled = db.execute(update(Delivery).where(
        Delivery.tenant_id == tenant_id, Delivery.user_id == user.id,
        Delivery.status.in_(WAITING)).values(
        status=DeliveryStatus.CANCELLED, failure_code="offboarded", closed_at=now,
        updated_at=now, lease_until=None, claim_token=None)).rowcount or 0
    withdrawn = db.execute(update(StandingConsent).where(
        StandingConsent.tenant_id == tenant_id, StandingConsent.user_id == user.id,
        StandingConsent.withdrawn_at.is_(None)).values(withdrawn_at=now)).rowcount or 0
    result = Offboarding(user.id, outcomes, cancelled, withdrawn)
    if result.changed:
        record_audit(db, actor, "user.offboarded", "user", user.id, tenant_id=tenant_id,
                     reason=reason, cancelled=cancelled, withdrawn=withdrawn,
                     revoked={outcome.network: outcome.revoked for outcome in outcomes})
    return result


def still_holding(db: Session, limit: int) -> list[tuple[int, int]]:
    """(tenant id, user id) of inactive people the gateway still acts for: an account,
    a standing consent, or a share waiting (system session)."""
    holders = union(
        select(SocialAccount.tenant_id, SocialAccount.user_id),
        select(StandingConsent.tenant_id, StandingConsent.user_id).where(
            StandingConsent.withdrawn_at.is_(None)),
        select(Delivery.tenant_id, Delivery.user_id).where(Delivery.status.in_(WAITING)),
    ).subquery()
    inactive = exists().where(User.id == holders.c.user_id, User.is_active.is_(False))
    return [tuple(row) for row in db.execute(
        select(holders.c.tenant_id, holders.c.user_id).where(inactive)
        .order_by(holders.c.user_id).limit(limit)).all()]
