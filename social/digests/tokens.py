"""One-click unsubscribe links: a signed token names the person, nothing is stored.

    token = <tenant id>.<user id>.<HMAC-SHA256(secret key, purpose|tenant|user)>

The purpose is part of what is signed, so the same key can sign other tokens
that are never mistaken for this one. A forged or altered token fails the
comparison, which is constant-time. Unsubscribing is harmless and a digest can
always be switched back on, so these links do not expire.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

PURPOSE = "comptoir/digest-unsubscribe/v1"
_SHAPE = re.compile(r"([1-9][0-9]{0,18})\.([1-9][0-9]{0,18})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True)
class Subscriber:
    tenant_id: int
    user_id: int


def _signature(secret_key: str, tenant_id: int, user_id: int) -> str:
    message = f"{PURPOSE}|{tenant_id}|{user_id}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def unsubscribe_token(secret_key: str, tenant_id: int, user_id: int) -> str:
    return f"{tenant_id}.{user_id}.{_signature(secret_key, tenant_id, user_id)}"


def read_unsubscribe_token(secret_key: str, token: str) -> Subscriber | None:
    """The person a genuine token names, or None for anything else."""
    match = _SHAPE.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        return None
    tenant_id, user_id = int(match[1]), int(match[2])
    if not hmac.compare_digest(match[3], _signature(secret_key, tenant_id, user_id)):
        return None
    return Subscriber(tenant_id, user_id)
