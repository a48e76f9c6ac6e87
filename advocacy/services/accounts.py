"""Connected X and LinkedIn accounts: stored encrypted, one per person and network.

The OAuth flows (integrations/x, integrations/linkedin) obtain the tokens; these
services store them through an injected cipher (core/crypto.py) and never keep
or return a plaintext token, except to the worker for the duration of a call.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Callable, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from advocacy.models import AccountStatus, Delivery, DeliveryStatus, SocialAccount
from advocacy.views import AccountView
from integrations.networks import Network
from social.actor import Actor, require_active
from social.errors import Forbidden, InvalidInput, NotFound
from social.services.audit import record_audit

log = logging.getLogger(__name__)
REMIND_BEFORE = timedelta(days=7)


class Cipher(Protocol):
    """What core/crypto.py offers: text in, opaque text out, and back."""

    def encrypt(self, plaintext: str) -> str: ...

    def decrypt(self, ciphertext: str) -> str: ...


def network_of(value: str) -> Network:
    try:
        return Network(value)
    except ValueError:
        raise InvalidInput(N_("Unknown network: %(name)s."), field="network", name=value) \
            from None


def connect_account(db: Session, actor: Actor, network: str, *, member_id: str,
                    display_name: str, access_token: str, refresh_token: str | None,
                    expires_at: datetime | None, cipher: Cipher,
                    now: datetime | None = None) -> AccountView:
    """Store (or replace) the actor's account on a network after a successful OAuth flow.

    Reconnecting the same member without a new refresh token keeps the stored one:
    LinkedIn gives none to most apps, and losing X's would force a new consent."""
    require_active(actor)
    if actor.is_guest:
        raise Forbidden()
    network = network_of(network).value
    if not member_id or not access_token:
        raise InvalidInput(N_("The network did not give what is needed to publish."))
    now = now or utcnow()
    account = db.scalar(select(SocialAccount).where(
        SocialAccount.tenant_id == actor.tenant_id, SocialAccount.user_id == actor.user_id,
        SocialAccount.network == network))
    if account is None:
        account = SocialAccount(tenant_id=actor.tenant_id, user_id=actor.user_id,
                                network=network, connected_at=now)
        db.add(account)
    elif account.member_id != member_id:
        account.refresh_token = None  # another member: its old refresh token is not theirs
    account.member_id = member_id[:255]
    account.display_name = display_name[:200]
    account.access_token = cipher.encrypt(access_token)
    if refresh_token:
        account.refresh_token = cipher.encrypt(refresh_token)
    account.expires_at = expires_at
    account.status = AccountStatus.CONNECTED
    account.reminder_sent_at = None
    account.updated_at = now
    db.flush()
    record_audit(db, actor, "advocacy.account.connected", "account", account.id,
                 network=network, member_id=account.member_id)
    db.commit()
    return account_view(account)


def disconnect_account(db: Session, actor: Actor, network: str, *, cipher: Cipher,
                       revoke: Callable[[str], None] | None = None,
                       now: datetime | None = None) -> None:
    """Revoke the token at the provider where it can be, then forget it. Shares still
    waiting on this account are cancelled: they could never go out."""
    require_active(actor)
    network = network_of(network).value
    account = db.scalar(select(SocialAccount).where(
        SocialAccount.tenant_id == actor.tenant_id, SocialAccount.user_id == actor.user_id,
        SocialAccount.network == network))
    if account is None:
        raise NotFound()
    now = now or utcnow()
    revoked = False
    if revoke is not None:
        try:
            revoke(cipher.decrypt(account.access_token))
            revoked = True
        except Exception:  # noqa: BLE001 - the person asked to disconnect: forget it anyway
            log.warning("revoking the %s token of account %s failed", network, account.id,
                        exc_info=True)
    db.execute(update(Delivery).where(
        Delivery.tenant_id == actor.tenant_id, Delivery.account_id == account.id,
        Delivery.status == DeliveryStatus.PENDING).values(
        status=DeliveryStatus.CANCELLED, failure_code="disconnected", closed_at=now,
        updated_at=now))
    record_audit(db, actor, "advocacy.account.disconnected", "account", account.id,
                 network=network, revoked=revoked)
    db.delete(account)
    db.commit()


def my_accounts(db: Session, actor: Actor) -> list[AccountView]:
    require_active(actor)
    rows = db.scalars(select(SocialAccount).where(
        SocialAccount.tenant_id == actor.tenant_id, SocialAccount.user_id == actor.user_id)
        .order_by(SocialAccount.network))
    return [account_view(row) for row in rows]


def accounts_to_remind(db: Session, now: datetime) -> list[SocialAccount]:
    """LinkedIn accounts whose token ends within 7 days and whose owner was not told yet
    (system session: for the job that sends the reminders)."""
    return list(db.scalars(select(SocialAccount).where(
        SocialAccount.network == Network.LINKEDIN, SocialAccount.expires_at.is_not(None),
        SocialAccount.expires_at <= now + REMIND_BEFORE,
        SocialAccount.reminder_sent_at.is_(None)).order_by(SocialAccount.id).limit(500)))


def mark_reminded(db: Session, account_id: int, now: datetime) -> None:
    db.execute(update(SocialAccount).where(SocialAccount.id == account_id)
               .values(reminder_sent_at=now))
    db.commit()


def mark_expired_accounts(db: Session, now: datetime) -> int:
    """Tokens past their end with no way to refresh them: the person must reconnect."""
    result = db.execute(update(SocialAccount).where(
        SocialAccount.status == AccountStatus.CONNECTED, SocialAccount.expires_at.is_not(None),
        SocialAccount.expires_at <= now, SocialAccount.refresh_token.is_(None))
        .values(status=AccountStatus.RECONNECT_NEEDED, updated_at=now))
    db.commit()
    return result.rowcount or 0


def account_view(account: SocialAccount) -> AccountView:
    return AccountView(account.id, account.network, account.member_id, account.display_name,
                       account.status, account.expires_at, account.connected_at)
