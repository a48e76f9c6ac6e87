"""Verifying Google-signed ID tokens: signature, issuer, expiry, audience.

google-auth's `jwt.decode` checks the signature, expiry, not-before (iat) and
audience but not the issuer, and skips the audience check when given None:
both are handled here. Every failure is one exception, `InvalidToken`, whose
message is for logs only; callers answer "invalid token" and nothing more.

The token is hostile input: deeply nested JSON makes the decoder raise
RecursionError, a non-string `kid` makes a dict lookup raise TypeError, and
claims of the wrong type make google-auth's arithmetic raise TypeError. All of
them are refusals, never a 500.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Collection

from google.auth import exceptions as google_exceptions
from google.auth import jwt

from integrations.google.certs import CertsCache, CertsUnavailable, ChainedCerts, StaticCerts

GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
CLOCK_SKEW_SECONDS = 60


class InvalidToken(Exception):
    """The token must be refused. The message says why, for the logs only."""


class TokenVerifier:
    def __init__(self, certs: CertsCache | StaticCerts | ChainedCerts, *,
                 issuers: Collection[str] = GOOGLE_ISSUERS,
                 clock_skew_seconds: int = CLOCK_SKEW_SECONDS):
        self._certs = certs
        self._issuers = frozenset(issuers)
        self._skew = clock_skew_seconds

    def verify(self, token: str, audiences: Collection[str]) -> dict[str, Any]:
        """The claims of a valid token addressed to one of `audiences`.

        A lone string is one audience (not its letters); an empty list refuses
        everything, since google-auth would take "no audience" as "any".
        """
        given = [audiences] if isinstance(audiences, str) else audiences
        wanted = [audience for audience in given if audience]
        if not wanted:
            raise InvalidToken("no audience configured")
        if not isinstance(token, str) or token.count(".") != 2 or len(token) > 8192:
            raise InvalidToken("malformed token")
        header = _header(token)
        if header.get("alg") != "RS256":
            raise InvalidToken(f"algorithm {header.get('alg')!r} refused")
        key_id = header.get("kid")
        if key_id is not None and not isinstance(key_id, str):
            raise InvalidToken("malformed key id")
        try:
            certs = self._certs.certs_for(key_id)
            claims = jwt.decode(token, certs=certs, audience=wanted,
                                clock_skew_in_seconds=self._skew)
        except CertsUnavailable as error:
            raise InvalidToken(f"certificates unavailable: {error}") from None
        except (ValueError, TypeError, RecursionError,
                google_exceptions.GoogleAuthError) as error:
            raise InvalidToken(f"{type(error).__name__}: {error}"[:200]) from None
        issuer = claims.get("iss")
        if not isinstance(issuer, str) or issuer not in self._issuers:
            raise InvalidToken("wrong issuer")
        return claims


def _header(token: str) -> dict[str, Any]:
    encoded = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, RecursionError):
        raise InvalidToken("malformed header") from None
    if not isinstance(header, dict):
        raise InvalidToken("malformed header")
    return header
