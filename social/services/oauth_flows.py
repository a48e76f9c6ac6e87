"""Starting and finishing OAuth flows: one use each, short-lived, bound to a purpose
and, for connecting accounts, to the person who started them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from social.errors import InvalidInput
from social.models.oauth_flows import OAuthFlow

FLOW_LIFETIME = timedelta(minutes=10)
EXPIRED = N_("This sign-in took too long or was already used. Please start again.")


@dataclass(frozen=True)
class StartedFlow:
    state: str
    code_verifier: str
    nonce: str


def start_flow(db: Session, purpose: str, code_verifier: str, *, user_id: int | None = None,
               return_to: str = "/", now: datetime | None = None) -> StartedFlow:
    now = now or utcnow()
    db.execute(delete(OAuthFlow).where(OAuthFlow.created_at < now - FLOW_LIFETIME))
    flow = OAuthFlow(state=secrets.token_urlsafe(32), purpose=purpose,
                     code_verifier=code_verifier, nonce=secrets.token_urlsafe(24),
                     user_id=user_id, return_to=return_to, created_at=now)
    db.add(flow)
    db.commit()
    return StartedFlow(flow.state, flow.code_verifier, flow.nonce)


def finish_flow(db: Session, state: str | None, purpose: str, *, user_id: int | None = None,
                now: datetime | None = None) -> OAuthFlow:
    """The flow a provider's callback names, consumed; refused if unknown, expired, for
    another purpose, or started by someone else."""
    now = now or utcnow()
    if not state or len(state) > 64:
        raise InvalidInput(EXPIRED, field="state")
    flow = db.scalar(select(OAuthFlow).where(OAuthFlow.state == state))
    if flow is None:
        raise InvalidInput(EXPIRED, field="state")
    db.delete(flow)
    db.commit()
    if flow.purpose != purpose or flow.user_id != user_id or \
            flow.created_at < now - FLOW_LIFETIME:
        raise InvalidInput(EXPIRED, field="state")
    return flow
