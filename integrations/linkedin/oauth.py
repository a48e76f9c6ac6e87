"""Connecting a LinkedIn account: OAuth 2.0 authorization code (requests-oauthlib) and userinfo.

LinkedIn's own quirks, each handled here:
- the client id and secret go in the token request's body, not as HTTP Basic;
- the token answer's `scope` is comma-separated, which oauthlib reads as one
  unknown scope and refuses ("Scope has changed"): a compliance hook rewrites
  it space-separated before oauthlib parses it;
- member tokens last 60 days and come without a refresh token (refresh is for
  approved partners only): the caller shows "reconnect needed" before expires_at;
- no PKCE for web apps: the verifier the caller keeps is not sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import requests
from requests_oauthlib import OAuth2Session

from integrations.networks import Network
from integrations.oauth import (Identity, OAuthError, Revocation, TokenSet, fetch_or_raise,
                                permit_transport, refuse_server_errors)

SCOPES = ("openid", "profile", "email", "w_member_social")
REQUIRED_SCOPES = frozenset({"openid", "w_member_social"})


@dataclass(frozen=True)
class LinkedInMember:
    sub: str
    name: str
    email: str

    @property
    def urn(self) -> str:
        return f"urn:li:person:{self.sub}"


def space_separated_scope(response: requests.Response) -> requests.Response:
    """LinkedIn answers "scope": "email,openid,profile,w_member_social"."""
    try:
        body = response.json()
    except ValueError:
        return response
    if isinstance(body, dict) and isinstance(body.get("scope"), str) and "," in body["scope"]:
        body["scope"] = " ".join(part.strip() for part in body["scope"].split(",")
                                 if part.strip())
        # How requests-oauthlib's own compliance fixes rewrite an answer.
        response._content = json.dumps(body).encode("utf-8")
    return response


class LinkedInOAuth:
    network = Network.LINKEDIN
    uses_pkce = False
    can_refresh = False

    def __init__(self, *, client_id: str, client_secret: str | None,
                 oauth_url: str = "https://www.linkedin.com/oauth/v2",
                 api_url: str = "https://api.linkedin.com", timeout: float = 10.0,
                 allow_loopback_http: bool = False):
        self.client_id = client_id
        self._secret = client_secret
        base = oauth_url.rstrip("/")
        self._authorize_url = base + "/authorization"
        self._token_url = base + "/accessToken"
        self._revoke_url = base + "/revoke"
        self._userinfo_url = api_url.rstrip("/") + "/v2/userinfo"
        self._timeout = timeout
        self._allow_loopback_http = allow_loopback_http

    def authorization_url(self, *, redirect_uri: str, state: str,
                          code_challenge: str | None = None) -> str:
        permit_transport(self._authorize_url, self._allow_loopback_http)
        session = OAuth2Session(self.client_id, redirect_uri=redirect_uri, scope=list(SCOPES),
                                state=state)
        url, _ = session.authorization_url(self._authorize_url)
        return url

    def exchange_code(self, *, redirect_uri: str, code: str,
                      code_verifier: str | None = None) -> TokenSet:
        permit_transport(self._token_url, self._allow_loopback_http)
        with OAuth2Session(self.client_id, redirect_uri=redirect_uri,
                           scope=list(SCOPES)) as session:
            session.register_compliance_hook("access_token_response", refuse_server_errors)
            session.register_compliance_hook("access_token_response", space_separated_scope)
            return fetch_or_raise(
                lambda: session.fetch_token(self._token_url, code=code,
                                            client_secret=self._secret or "",
                                            include_client_id=True, timeout=self._timeout),
                required_scopes=REQUIRED_SCOPES, what="LinkedIn token exchange")

    def refresh(self, refresh_token: str) -> TokenSet:
        raise OAuthError("refused", "LinkedIn does not refresh member tokens: reconnect")

    def revoke(self, token: str, *, token_type_hint: str = "access_token") -> Revocation:
        """Best effort: the caller deletes the token whatever this answers."""
        try:
            permit_transport(self._revoke_url, self._allow_loopback_http)
            response = requests.post(self._revoke_url, timeout=self._timeout,
                                     data={"client_id": self.client_id,
                                           "client_secret": self._secret or "", "token": token})
        except OAuthError as error:
            return Revocation(False, error.detail)
        except requests.RequestException as error:
            return Revocation(False, f"LinkedIn could not be reached ({type(error).__name__})")
        if response.status_code != 200:
            return Revocation(False, f"LinkedIn answered HTTP {response.status_code} to the "
                              "revocation")
        return Revocation(True)

    def userinfo(self, access_token: str) -> LinkedInMember:
        try:
            response = requests.get(self._userinfo_url, timeout=self._timeout,
                                    headers={"Authorization": f"Bearer {access_token}"})
        except requests.RequestException as error:
            raise OAuthError("unavailable", f"userinfo: {type(error).__name__}") from None
        if response.status_code == 401:
            raise OAuthError("refused", "LinkedIn refused the access token", status=401)
        if response.status_code != 200:
            raise OAuthError("unavailable", f"userinfo answered HTTP {response.status_code}",
                             status=response.status_code)
        try:
            body = response.json()
            sub, name = body["sub"], body.get("name") or ""
            email = body.get("email") or ""
        except (ValueError, KeyError, TypeError, AttributeError):
            raise OAuthError("unavailable", "userinfo's answer could not be read") from None
        if not isinstance(sub, str) or not sub or not isinstance(name, str) or \
                not isinstance(email, str):
            raise OAuthError("unavailable", "userinfo answered no member id")
        return LinkedInMember(sub=sub, name=name, email=email)

    def identify(self, access_token: str) -> Identity:
        member = self.userinfo(access_token)
        return Identity(member_id=member.urn, name=member.name, handle=member.email)
