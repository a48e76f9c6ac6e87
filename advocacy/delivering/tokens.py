"""Account tokens for the worker: decrypted only for a call, refreshed and stored atomically.

X access tokens live two hours and every refresh rotates the refresh token: the
new pair is stored with a compare-and-set on the old refresh token, so two
workers refreshing at once never leave a stale token behind. Whoever loses the
race uses the pair the winner stored. A token merely re-encrypted meanwhile
(`tokens rotate`) is the same token: the compare-and-set is tried again on it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, Protocol

from sqlalchemy import select, update

from advocacy.models import AccountStatus, SocialAccount
from advocacy.services.accounts import Cipher
from core.database import Database
from integrations.networks import Credentials

log = logging.getLogger(__name__)


class RefreshedTokens(Protocol):
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None


# The X OAuth client's refresh: the current refresh token in, the new pair out.
TokenRefresher = Callable[[str], RefreshedTokens]


def load_account(database: Database, account_id: int | None) -> SocialAccount | None:
    if account_id is None:
        return None
    with database.system_session(write=False) as session:
        return session.scalar(select(SocialAccount).where(SocialAccount.id == account_id))


def credentials(account: SocialAccount, cipher: Cipher) -> Credentials:
    return Credentials(access_token=cipher.decrypt(account.access_token),
                       member_id=account.member_id)


def refresh(database: Database, account: SocialAccount, cipher: Cipher,
            refresher: TokenRefresher, now: datetime) -> Credentials | None:
    """Fresh credentials, or None when the account cannot be refreshed (reconnect)."""
    old = account.refresh_token
    if old is None:
        return None
    used = cipher.decrypt(old)
    try:
        tokens = refresher(used)
    except Exception:  # noqa: BLE001 - a refused refresh means "reconnect", unless raced
        log.info("refreshing account %s failed", account.id, exc_info=True)
        return _winner(database, account, cipher, used)
    new_refresh = cipher.encrypt(tokens.refresh_token) if tokens.refresh_token else None
    for _ in range(3):
        with database.system_session(write=True) as session:
            stored = session.execute(update(SocialAccount).where(
                SocialAccount.id == account.id, SocialAccount.refresh_token == old).values(
                access_token=cipher.encrypt(tokens.access_token),
                refresh_token=new_refresh or old, expires_at=tokens.expires_at,
                status=AccountStatus.CONNECTED, updated_at=now)).rowcount
            session.commit()
        if stored:
            return Credentials(access_token=tokens.access_token, member_id=account.member_id)
        current = load_account(database, account.id)
        if current is None or current.refresh_token is None or \
                cipher.decrypt(current.refresh_token) != used:
            break
        old = current.refresh_token  # re-encrypted under a new key meanwhile: same token
    return _winner(database, account, cipher, used)


def _winner(database: Database, account: SocialAccount, cipher: Cipher,
            used: str) -> Credentials | None:
    """Another worker refreshed first: its tokens are the good ones. None when nobody
    did (the refresh token was refused): the person must reconnect."""
    current = load_account(database, account.id)
    if current is None or current.refresh_token is None or \
            cipher.decrypt(current.refresh_token) == used:
        return None
    return credentials(current, cipher)
