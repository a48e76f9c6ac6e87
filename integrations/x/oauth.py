"""Connecting an X account: OAuth 2.0 authorization code with PKCE (requests-oauthlib).

Comptoir is a confidential client: the token and revoke endpoints get the client
id and secret as HTTP Basic. Access tokens live 2 hours; with offline.access X
also gives a refresh token, which ROTATES: each refresh answers a new pair and
the old refresh token stops working, so the caller must store the new one in
the same transaction that uses it. tweepy's OAuth2UserHandler is not used: it
keeps the verifier in the object (lost across the redirect) and cannot refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import requests
import tweepy
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session

from integrations.networks import Network
from integrations.oauth import (Identity, OAuthError, Revocation, TokenSet, fetch_or_raise,
                                permit_transport, refuse_server_errors)
from integrations.x.client import build_client

SCOPES = ("tweet.read", "tweet.write", "users.read", "offline.access")
# Without these the connection is useless: posting, and knowing who posts.
REQUIRED_SCOPES = frozenset({"tweet.write", "users.read"})


@dataclass(frozen=True)
class XUser:
    id: str
    name: str
    username: str


class XOAuth:
    network = Network.X
    uses_pkce = True
    can_refresh = True

    def __init__(self, *, client_id: str, client_secret: str | None, authorize_url: str,
                 token_url: str, api_url: str = "https://api.twitter.com",
                 revoke_url: str | None = None, timeout: float = 10.0,
                 allow_loopback_http: bool = False):
        self.client_id = client_id
        self._secret = client_secret
        self._authorize_url = authorize_url
        self._token_url = token_url
        # X serves revoke beside token (https://api.x.com/2/oauth2/{token,revoke}).
        self._revoke_url = revoke_url or token_url.rsplit("/", 1)[0] + "/revoke"
        self._api_url = api_url
        self._timeout = timeout
        self._allow_loopback_http = allow_loopback_http

    def authorization_url(self, *, redirect_uri: str, state: str,
                          code_challenge: str | None = None) -> str:
        if not code_challenge:
            raise ValueError("X requires a PKCE code challenge")
        permit_transport(self._authorize_url, self._allow_loopback_http)
        session = OAuth2Session(self.client_id, redirect_uri=redirect_uri, scope=list(SCOPES),
                                state=state)
        url, _ = session.authorization_url(self._authorize_url, code_challenge=code_challenge,
                                           code_challenge_method="S256")
        return url

    def exchange_code(self, *, redirect_uri: str, code: str,
                      code_verifier: str | None = None) -> TokenSet:
        if not code_verifier:
            raise OAuthError("refused", "no PKCE verifier for this authorization")
        with self._session(redirect_uri=redirect_uri, scope=list(SCOPES)) as session:
            return fetch_or_raise(
                lambda: session.fetch_token(self._token_url, code=code,
                                            code_verifier=code_verifier,
                                            auth=self._basic_auth(), timeout=self._timeout),
                required_scopes=REQUIRED_SCOPES, what="X token exchange")

    def refresh(self, refresh_token: str) -> TokenSet:
        """A new access token AND a new refresh token: the old one is now spent."""
        # No scope on the session: the refresh grant keeps the granted scopes.
        with self._session() as session:
            tokens = fetch_or_raise(
                lambda: session.refresh_token(self._token_url, refresh_token=refresh_token,
                                              auth=self._basic_auth(), timeout=self._timeout),
                required_scopes=REQUIRED_SCOPES, what="X token refresh")
        if tokens.refresh_token == refresh_token:
            # requests-oauthlib copies the old refresh token into an answer that has
            # none; on X the old one is spent by now, so there is nothing to keep.
            tokens = replace(tokens, refresh_token=None)
        return tokens

    def revoke(self, token: str, *, token_type_hint: str = "access_token") -> Revocation:
        permit_transport(self._revoke_url, self._allow_loopback_http)
        try:
            response = requests.post(self._revoke_url, auth=self._basic_auth(),
                                     data={"token": token, "token_type_hint": token_type_hint},
                                     timeout=self._timeout)
        except requests.RequestException as error:
            return Revocation(False, f"X could not be reached ({type(error).__name__})")
        if response.status_code != 200:
            return Revocation(False, f"X answered HTTP {response.status_code} to the revocation")
        try:
            revoked = response.json().get("revoked") is True
        except (ValueError, AttributeError):
            revoked = False
        return Revocation(revoked, "" if revoked else "X did not confirm the revocation")

    def me(self, access_token: str) -> XUser:
        client = build_client(access_token, self._api_url, self._timeout)
        try:
            user = client.get_me(user_auth=False).data
        except tweepy.Unauthorized:
            raise OAuthError("refused", "X refused the access token", status=401) from None
        except tweepy.HTTPException as error:
            status = error.response.status_code
            raise OAuthError("unavailable", f"X answered HTTP {status} to users/me",
                             status=status) from None
        except (requests.RequestException, ValueError) as error:
            raise OAuthError("unavailable", f"users/me: {type(error).__name__}") from None
        finally:
            client.session.close()
        if user is None or not str(user.id).isdigit():
            raise OAuthError("unavailable", "users/me answered no user")
        return XUser(id=str(user.id), name=user.name, username=user.username)

    def identify(self, access_token: str) -> Identity:
        user = self.me(access_token)
        return Identity(member_id=user.id, name=user.name, handle="@" + user.username)

    def _session(self, **options) -> OAuth2Session:
        permit_transport(self._token_url, self._allow_loopback_http)
        session = OAuth2Session(self.client_id, **options)
        session.register_compliance_hook("access_token_response", refuse_server_errors)
        session.register_compliance_hook("refresh_token_response", refuse_server_errors)
        return session

    def _basic_auth(self) -> HTTPBasicAuth:
        return HTTPBasicAuth(self.client_id, self._secret or "")
