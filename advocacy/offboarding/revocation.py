"""Revoking a person's X or LinkedIn tokens at the provider, best effort.

The provider's answer is recorded, never the token: whatever it says, Comptoir
forgets the tokens afterwards (offboard.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from integrations.oauth import Revocation

log = logging.getLogger(__name__)

# (token, token_type_hint) -> the provider's answer: an AccountOAuth's `revoke`.
Revoke = Callable[..., Revocation]


@dataclass(frozen=True)
class Tokens:
    account_id: int
    network: str
    access_token: str | None   # plaintext, held for the duration of the revocation only
    refresh_token: str | None
    readable: bool = True      # False: no configured key decrypts them

    def __repr__(self) -> str:  # never print a token
        return f"Tokens(account_id={self.account_id}, network={self.network!r})"


@dataclass(frozen=True)
class Outcome:
    account_id: int
    network: str
    revoked: bool
    detail: str = ""


def revokers_of(runtime: Any) -> dict[str, Revoke]:
    """The runtime's OAuth adapters that can revoke, by network (none configured: none)."""
    found: dict[str, Revoke] = {}
    for network, name in (("x", "x_oauth"), ("linkedin", "linkedin_oauth")):
        oauth = getattr(runtime, name, None)
        if oauth is not None:
            found[network] = oauth.revoke
    return found


def revoke_tokens(tokens: Tokens, revoke: Mapping[str, Revoke]) -> Outcome:
    """Revokes the refresh token (the lasting grant) then the access token."""
    if not tokens.readable:
        return Outcome(tokens.account_id, tokens.network, False, "the tokens do not decrypt")
    revoker = revoke.get(tokens.network)
    if revoker is None:
        return Outcome(tokens.account_id, tokens.network, False, "network not configured")
    answers = []
    for token, hint in ((tokens.refresh_token, "refresh_token"),
                        (tokens.access_token, "access_token")):
        if not token:
            continue
        try:
            answers.append(revoker(token, token_type_hint=hint))
        except Exception as error:  # noqa: BLE001 - best effort: the token is forgotten anyway
            log.warning("revoking a %s token of account %s failed: %s", tokens.network,
                        tokens.account_id, type(error).__name__)
            answers.append(Revocation(False, type(error).__name__))
    revoked = bool(answers) and all(answer.revoked for answer in answers)
    details = "; ".join(answer.detail for answer in answers if answer.detail)
    return Outcome(tokens.account_id, tokens.network, revoked, details[:200])
