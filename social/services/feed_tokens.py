"""Private feed tokens: how a feed reader, which cannot sign in, reads someone's feeds.

A token is shown once, when created; only its SHA-256 is stored, and a token is
found by that hash, so no comparison leaks it character by character. The token
starts with its firm's id: the session is bound to that firm before anything
is read, like any other request. Revoking is immediate; so is deactivating the
person.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.bounded_map import BoundedMap
from core.clock import utcnow
from core.database import bind_tenant
from core.i18n import N_
from core.text import clean_line
from core.version_board import VersionBoard
from social.actor import Actor, require_active
from social.errors import Conflict, InvalidInput, NotFound
from social.models import FeedToken, Tenant, User
from social.services.audit import record_audit
from social.services.versions import (content_version, hold_callers_firm, hold_firm_version,
                                      recall_unchanged, remember_unchanged)

LABEL_LENGTH = 80
MAX_ACTIVE_TOKENS = 20
# Noting each use would make every poll of a feed reader a write: once an hour is
# enough to tell a token in use from a forgotten one.
USE_PRECISION = timedelta(hours=1)
_TOKEN = re.compile(r"(\d{1,12})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class FeedTokenView:
    id: int
    label: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _view(row: FeedToken) -> FeedTokenView:
    return FeedTokenView(id=row.id, label=row.label, created_at=row.created_at,
                         revoked_at=row.revoked_at, last_used_at=row.last_used_at)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_feed_token(db: Session, actor: Actor, label: str = "") -> tuple[str, FeedTokenView]:
    """A new token for the actor's feeds: the plain token is returned this once only."""
    require_active(actor)
    # A line break typed in the label separates words: it must not glue them.
    label = clean_line(" ".join(label.split())) if isinstance(label, str) else ""
    if len(label) > LABEL_LENGTH:
        raise InvalidInput(N_("This text is too long (%(limit)s characters at most)."),
                           field="label", limit=LABEL_LENGTH)
    active = db.scalar(select(func.count()).select_from(FeedToken).where(
        FeedToken.user_id == actor.user_id, FeedToken.tenant_id == actor.tenant_id,
        FeedToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE_TOKENS:
        raise Conflict(N_("You have %(limit)s feed links already: revoke one first."),
                       field="label", limit=MAX_ACTIVE_TOKENS)
    token = f"{actor.tenant_id}.{secrets.token_urlsafe(32)}"
    row = FeedToken(tenant_id=actor.tenant_id, user_id=actor.user_id,
                    token_hash=token_hash(token), label=label)
    db.add(row)
    db.flush()
    record_audit(db, actor, "feed_token.created", "feed_token", row.id)
    db.commit()
    return token, _view(row)


def list_feed_tokens(db: Session, actor: Actor) -> list[FeedTokenView]:
    """The actor's tokens, newest first, revoked ones included (they say when)."""
    require_active(actor)
    rows = db.scalars(select(FeedToken).where(FeedToken.user_id == actor.user_id,
                                              FeedToken.tenant_id == actor.tenant_id)
                      .order_by(FeedToken.id.desc()).limit(100)).all()
    return [_view(row) for row in rows]


def revoke_feed_token(db: Session, actor: Actor, token_id: int) -> FeedTokenView:
    """Revoke one of the actor's own tokens; its feeds answer 404 from now on."""
    require_active(actor)
    row = db.scalar(select(FeedToken).where(FeedToken.id == token_id,
                                            FeedToken.user_id == actor.user_id,
                                            FeedToken.tenant_id == actor.tenant_id))
    if row is None:
        raise NotFound()
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_audit(db, actor, "feed_token.revoked", "feed_token", row.id)
        db.commit()
    return _view(row)


@dataclass(frozen=True)
class KnownReader:
    """Whose feeds a token opened, at its firm's `firm_version` (revoking a token and
    deactivating a person raise it)."""

    owner: Actor
    tenant_id: int
    firm_version: int
    last_used_at: datetime


def resolve_feed_token(db: Session, token: str, *, now: datetime | None = None,
                       known: BoundedMap | None = None,
                       board: VersionBoard | None = None) -> Actor | None:
    """The person whose feeds a token opens, as they are now; None for a token that is
    malformed, unknown, revoked, or whose owner was deactivated. With `known` and `board`
    (core/version_board.py), remembered while the firm is unchanged: no statement."""
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        return None
    tenant_id = int(match.group(1))
    bind_tenant(db, tenant_id)
    now = now or utcnow()
    key = ("feed", token_hash(token))
    remembered = recall_unchanged(known, board, key) if known is not None else None
    if remembered is not None and now - remembered.last_used_at < USE_PRECISION:
        hold_firm_version(db, tenant_id, remembered.firm_version)
        return remembered.owner
    reading = board.reading() if board is not None else None  # before the token's row
    # The firm comes along (one statement for a feed served again): its content version
    # keys the kept feed, and the session keeps it for `db.get(Tenant, id)`.
    row = db.execute(select(FeedToken, User, Tenant).join(User, User.id == FeedToken.user_id)
                     .join(Tenant, Tenant.id == FeedToken.tenant_id)
                     .where(FeedToken.token_hash == token_hash(token),
                            FeedToken.tenant_id == tenant_id)).first()
    if row is None:
        return None
    feed_token, user, firm = row
    hold_callers_firm(db, firm)
    if feed_token.revoked_at is not None or not user.is_active:
        return None
    if feed_token.last_used_at is None or now - feed_token.last_used_at >= USE_PRECISION:
        feed_token.last_used_at = now
        db.commit()
    owner = Actor.of(user)
    if known is not None:
        remember_unchanged(db, known, board, key, KnownReader(
            owner, tenant_id, content_version(db, tenant_id), feed_token.last_used_at), reading)
    return owner
