"""What connecting an X or LinkedIn account offers the web layer, and how it fails.

Both networks run the OAuth 2.0 authorization code flow through requests-oauthlib.
The caller keeps `state` and the PKCE verifier server-side between the two
requests (social/services/oauth_flows.py); a network that does not use PKCE
(`uses_pkce = False`, LinkedIn) ignores them. Token endpoint failures come out
as one `OAuthError` whose `reason` says what the person or the worker can do.
"""

from __future__ import annotations

import ipaddress
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal, Mapping, Protocol
from urllib.parse import urlsplit

import requests
from oauthlib.oauth2 import OAuth2Error

from integrations.networks import Network

# refused: the provider said no (bad or used code, revoked grant, person declined):
#          the person must connect again;
# insufficient_scope: connected, but without the permission to post;
# unavailable: unreachable, slow, 5xx or an unreadable answer: try again later.
Reason = Literal["refused", "insufficient_scope", "unavailable"]


class OAuthError(Exception):
    def __init__(self, reason: Reason, detail: str = "", *, status: int | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None  # aware UTC; None when the provider did not say
    scopes: frozenset[str]


@dataclass(frozen=True)
class Identity:
    """Who the token belongs to: what the account row stores and shows."""

    member_id: str          # X user id, or the LinkedIn person URN
    name: str
    handle: str             # X @username, or the LinkedIn account's e-mail


@dataclass(frozen=True)
class Revocation:
    revoked: bool           # the provider confirmed; False: best effort failed
    detail: str = ""


class AccountOAuth(Protocol):
    network: Network
    uses_pkce: bool
    can_refresh: bool

    def authorization_url(self, *, redirect_uri: str, state: str,
                          code_challenge: str | None = None) -> str: ...

    def exchange_code(self, *, redirect_uri: str, code: str,
                      code_verifier: str | None = None) -> TokenSet: ...

    def refresh(self, refresh_token: str) -> TokenSet: ...

    def revoke(self, token: str, *, token_type_hint: str = "access_token") -> Revocation: ...

    def identify(self, access_token: str) -> Identity: ...


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def permit_transport(url: str, allow_loopback_http: bool) -> None:
    """oauthlib refuses plain http; development and tests use loopback stand-ins."""
    if url.startswith("https://"):
        return
    if allow_loopback_http and is_loopback_url(url):
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
        return
    raise OAuthError("unavailable", f"OAuth endpoints must use https, not {url!r}")


def refuse_server_errors(response: requests.Response) -> requests.Response:
    """A compliance hook: requests-oauthlib never looks at the status, and would
    report a 502 page from a proxy as a missing token. 4xx bodies carry the
    OAuth error that oauthlib turns into an OAuth2Error."""
    if response.status_code >= 500:
        raise OAuthError("unavailable", f"token endpoint answered HTTP {response.status_code}",
                         status=response.status_code)
    return response


def token_set(token: Mapping[str, Any]) -> TokenSet:
    access_token = token.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise OAuthError("unavailable", "the token endpoint answered no access token")
    refresh_token = token.get("refresh_token")
    return TokenSet(access_token=access_token,
                    refresh_token=refresh_token if isinstance(refresh_token, str) else None,
                    expires_at=_expiry(token), scopes=frozenset(_scopes(token.get("scope"))))


def _expiry(token: Mapping[str, Any]) -> datetime | None:
    # oauthlib adds expires_at (epoch seconds) from expires_in.
    expires_at = token.get("expires_at")
    if isinstance(expires_at, (int, float)):
        return datetime.fromtimestamp(expires_at, timezone.utc)
    expires_in = token.get("expires_in")
    if isinstance(expires_in, (int, float)):
        return datetime.fromtimestamp(time.time() + expires_in, timezone.utc)
    return None


def _scopes(scope: object) -> list[str]:
    if isinstance(scope, str):
        return scope.replace(",", " ").split()
    if isinstance(scope, (list, tuple)):
        return [item for item in scope if isinstance(item, str)]
    return []


def fetch_or_raise(call, *, required_scopes: frozenset[str], what: str) -> TokenSet:
    """Runs a requests-oauthlib token call and maps everything it can raise.

    oauthlib raises a bare `Warning` carrying the token when the granted scope
    differs from the requested one (a person can untick a permission): the
    token is good, and only the permissions decide whether it is usable.
    """
    try:
        token = call()
    except OAuthError:
        raise
    except Warning as changed:
        token = getattr(changed, "token", None)
        if token is None:
            raise OAuthError("unavailable", f"{what}: {changed}") from None
    except OAuth2Error as error:
        raise OAuthError("refused", f"{what}: {error.error}"
                         + (f" ({error.description})" if error.description else ""),
                         status=error.status_code) from None
    except requests.RequestException as error:
        raise OAuthError("unavailable", f"{what}: {type(error).__name__}") from None
    except ValueError as error:  # an unreadable answer
        raise OAuthError("unavailable", f"{what}: {error}") from None
    tokens = token_set(token)
    missing = required_scopes - tokens.scopes if tokens.scopes else frozenset()
    if missing:
        raise OAuthError("insufficient_scope",
                         f"{what}: permission not granted: {' '.join(sorted(missing))}")
    return tokens
