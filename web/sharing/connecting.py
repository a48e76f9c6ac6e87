"""Connecting an X or LinkedIn account: the two halves of the OAuth flow, without flask.

Starting writes a flow server-side (social/services/oauth_flows.py): a random
state, the PKCE verifier, and the id of the signed-in person who started it.
The route also keeps the state in that person's signed session, so the
callback is checked three ways, each refused on its own:

1. the state the provider sends back is the one this browser was given
   (a mismatch: a forged or crossed callback);
2. the flow still exists, unused and fresh: its verifier is there (gone: too
   late, or a replay);
3. the flow was started by the person now signed in (a state issued to
   someone else, carried into this session).

Only then is the code exchanged (with the verifier, for X), the account's
identity read from the network, and the tokens stored encrypted through
connect_account.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from advocacy.services.accounts import Cipher, connect_account
from advocacy.views import AccountView
from core.i18n import N_
from integrations.google.oidc import new_pkce_pair
from integrations.oauth import AccountOAuth, OAuthError
from social.actor import Actor
from social.errors import Forbidden, InvalidInput
from social.services.oauth_flows import finish_flow, start_flow

PURPOSES = {"x": "connect-x", "linkedin": "connect-linkedin"}
RETURN_TO = "/sharing/accounts"

STATE_MISMATCH = N_("This connection was not started from this browser, or it is already "
                    "finished. Please start again from your accounts page.")
FLOW_GONE = N_("This connection took too long, was already used or was started by someone "
               "else. Please start again from your accounts page.")
DECLINED = N_("%(network)s did not give access: nothing was connected.")
REFUSED = N_("%(network)s refused the connection. Please start again.")
NO_PERMISSION = N_("Comptoir needs the permission to publish on %(network)s: connect again "
                   "and keep that permission ticked.")
UNAVAILABLE = N_("%(network)s cannot be reached right now. Please try again in a moment.")


class ConnectRefused(Exception):
    """Why nothing was connected: an English message id and its parameters, a status."""

    def __init__(self, message: str, status: int = 400, **params):
        super().__init__(message)
        self.message = message
        self.status = status
        self.params = params


@dataclass(frozen=True)
class Started:
    state: str
    authorization_url: str


def start_connection(db: Session, actor: Actor, network: str, oauth: AccountOAuth, *,
                     redirect_uri: str, network_name: str) -> Started:
    if actor.is_guest:  # a guest may never store an account: no flow to start either
        raise Forbidden()
    pkce = new_pkce_pair()
    flow = start_flow(db, PURPOSES[network], pkce.verifier, user_id=actor.user_id,
                      return_to=RETURN_TO)
    try:
        url = oauth.authorization_url(redirect_uri=redirect_uri, state=flow.state,
                                      code_challenge=pkce.challenge if oauth.uses_pkce else None)
    except OAuthError:
        raise ConnectRefused(UNAVAILABLE, 503, network=network_name) from None
    return Started(flow.state, url)


def finish_connection(db: Session, actor: Actor, network: str, oauth: AccountOAuth, *,
                      state: str | None, expected_state: str | None, code: str | None,
                      error: str | None, redirect_uri: str, cipher: Cipher,
                      network_name: str) -> AccountView:
    if not state or not expected_state or state != expected_state:
        raise ConnectRefused(STATE_MISMATCH)
    try:
        flow = finish_flow(db, state, PURPOSES[network], user_id=actor.user_id)
    except InvalidInput:
        raise ConnectRefused(FLOW_GONE) from None
    if error or not code:
        raise ConnectRefused(DECLINED, network=network_name)
    if oauth.uses_pkce and not flow.code_verifier:
        raise ConnectRefused(FLOW_GONE)
    try:
        tokens = oauth.exchange_code(redirect_uri=redirect_uri, code=code,
                                     code_verifier=flow.code_verifier if oauth.uses_pkce
                                     else None)
        identity = oauth.identify(tokens.access_token)
    except OAuthError as failure:
        raise _refusal(failure, network_name) from None
    name = identity.name or identity.handle
    if identity.name and identity.handle and identity.handle != identity.name:
        name = f"{identity.name} ({identity.handle})"
    return connect_account(db, actor, network, member_id=identity.member_id, display_name=name,
                           access_token=tokens.access_token, refresh_token=tokens.refresh_token,
                           expires_at=tokens.expires_at, cipher=cipher)


def _refusal(failure: OAuthError, network_name: str) -> ConnectRefused:
    if failure.reason == "insufficient_scope":
        return ConnectRefused(NO_PERMISSION, network=network_name)
    if failure.reason == "unavailable":
        return ConnectRefused(UNAVAILABLE, 503, network=network_name)
    return ConnectRefused(REFUSED, network=network_name)


class RevocationFailed(Exception):
    """The provider did not confirm: disconnect_account records it and forgets the token."""


def revoker(oauth: AccountOAuth | None):
    """What disconnect_account calls with the plaintext token, or None when the network
    is no longer configured (the token is forgotten all the same)."""
    if oauth is None:
        return None

    def revoke(token: str) -> None:
        result = oauth.revoke(token)
        if not result.revoked:
            raise RevocationFailed(result.detail)

    return revoke
