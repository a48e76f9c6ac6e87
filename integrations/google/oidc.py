"""Signing in with Google: OpenID Connect authorization code flow with PKCE.

requests-oauthlib builds the authorization URL and exchanges the code; the
caller keeps the state, nonce and PKCE verifier server-side between the two
requests, and verifies the returned ID token with the same verifier as the
add-on. Endpoints come from the issuer's discovery document unless given.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import requests
from oauthlib.oauth2 import OAuth2Error, WebApplicationClient
from requests_oauthlib import OAuth2Session

from integrations.oauth import is_loopback_url

SCOPES = ["openid", "email", "profile"]


class SignInError(Exception):
    """The provider refused or could not be reached; the message is for logs."""


@dataclass(frozen=True)
class PkcePair:
    verifier: str
    challenge: str


def new_pkce_pair() -> PkcePair:
    client = WebApplicationClient("pkce")
    verifier = client.create_code_verifier(64)
    return PkcePair(verifier, client.create_code_challenge(verifier, "S256"))


class GoogleSignIn:
    def __init__(self, *, client_id: str, client_secret: str | None, issuer_url: str,
                 authorize_url: str | None = None, token_url: str | None = None,
                 timeout: float = 10.0, allow_loopback_http: bool = False):
        self.client_id = client_id
        self._secret = client_secret
        self._issuer_url = issuer_url.rstrip("/")
        self._endpoints = (authorize_url, token_url) if authorize_url and token_url else None
        self._timeout = timeout
        self._allow_loopback_http = allow_loopback_http
        self._lock = threading.Lock()

    def endpoints(self) -> tuple[str, str]:
        """(authorization endpoint, token endpoint), discovered once."""
        with self._lock:
            if self._endpoints is None:
                url = self._issuer_url + "/.well-known/openid-configuration"
                try:
                    response = requests.get(url, timeout=self._timeout)
                    response.raise_for_status()
                    document = response.json()
                    self._endpoints = (document["authorization_endpoint"],
                                       document["token_endpoint"])
                except (requests.RequestException, ValueError, KeyError) as error:
                    raise SignInError(f"discovery failed: {error}") from None
            return self._endpoints

    def authorization_url(self, *, redirect_uri: str, state: str, nonce: str,
                          code_challenge: str, login_hint: str | None = None) -> str:
        authorize_url, _ = self.endpoints()
        self._permit_transport(authorize_url)
        session = OAuth2Session(self.client_id, redirect_uri=redirect_uri, scope=SCOPES,
                                state=state)
        extra = {"nonce": nonce, "prompt": "select_account", "access_type": "online"}
        if login_hint:
            extra["login_hint"] = login_hint
        url, _ = session.authorization_url(authorize_url, code_challenge=code_challenge,
                                           code_challenge_method="S256", **extra)
        return url

    def exchange_code(self, *, redirect_uri: str, code: str, code_verifier: str) -> str:
        """The ID token the provider answers for an authorization code."""
        _, token_url = self.endpoints()
        self._permit_transport(token_url)
        session = OAuth2Session(self.client_id, redirect_uri=redirect_uri, scope=SCOPES)
        try:
            token = session.fetch_token(token_url, code=code, client_secret=self._secret,
                                        code_verifier=code_verifier, include_client_id=True,
                                        timeout=self._timeout)
        except (OAuth2Error, requests.RequestException, ValueError) as error:
            raise SignInError(f"token exchange failed: {type(error).__name__}") from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SignInError("no ID token in the answer")
        return id_token

    def _permit_transport(self, url: str) -> None:
        """oauthlib refuses plain http; development and tests use loopback fakes."""
        if url.startswith("https://"):
            return
        if self._allow_loopback_http and is_loopback_url(url):
            os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
            return
        raise SignInError("the sign-in endpoints must use https")
