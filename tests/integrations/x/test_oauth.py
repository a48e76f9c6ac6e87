"""XOAuth against the sandbox: PKCE, HTTP Basic, rotating refresh tokens, revocation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask, jsonify

from integrations.google.oidc import new_pkce_pair
from integrations.networks import Credentials, Network, Outcome, PublishError
from integrations.oauth import OAuthError
from integrations.x import XOAuth, XPublisher
from sandbox.endpoints import CLIENT_ID
from tests.fakes.sandbox import complete_authorization
from tests.fakes.server import LoopbackServer

REDIRECT_URI = "http://127.0.0.1:8080/accounts/x/callback"
STATE = "state-" + "s" * 40


def oauth(sandbox_server, **overrides) -> XOAuth:
    settings = sandbox_server.settings()
    options = dict(client_id=settings["x_client_id"], client_secret=settings["x_client_secret"],
                   authorize_url=settings["x_authorize_url"], token_url=settings["x_token_url"],
                   api_url=settings["x_api_url"], timeout=2.0, allow_loopback_http=True)
    return XOAuth(**{**options, **overrides})


@pytest.fixture
def x_oauth(sandbox_server) -> XOAuth:
    return oauth(sandbox_server)


def authorize(x_oauth, handle="lea_martin", name="Léa Martin", **overrides):
    """(the code, the verifier) after the person authorized Comptoir."""
    pkce = new_pkce_pair()
    url = x_oauth.authorization_url(redirect_uri=REDIRECT_URI, state=STATE,
                                    code_challenge=pkce.challenge)
    back = complete_authorization(url, handle, name, **overrides)
    assert back["state"] == STATE
    return back["code"], pkce.verifier


def connect(x_oauth, **options):
    code, verifier = authorize(x_oauth, **options)
    return x_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code, code_verifier=verifier)


def test_the_authorization_url_asks_for_posting_with_pkce(x_oauth, sandbox_server):
    url = x_oauth.authorization_url(redirect_uri=REDIRECT_URI, state=STATE,
                                    code_challenge="c" * 43)

    assert url.startswith(sandbox_server.url + "/x/i/oauth2/authorize?")
    params = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert params["client_id"] == CLIENT_ID and params["response_type"] == "code"
    assert params["redirect_uri"] == REDIRECT_URI and params["state"] == STATE
    assert params["code_challenge"] == "c" * 43 and params["code_challenge_method"] == "S256"
    assert params["scope"].split() == ["tweet.read", "tweet.write", "users.read",
                                       "offline.access"]


def test_a_person_connects_and_comptoir_learns_who_they_are(x_oauth):
    before = datetime.now(timezone.utc)

    tokens = connect(x_oauth)

    assert tokens.access_token and tokens.refresh_token
    assert tokens.scopes == {"tweet.read", "tweet.write", "users.read", "offline.access"}
    assert before + timedelta(hours=2) - timedelta(seconds=5) <= tokens.expires_at <= \
        datetime.now(timezone.utc) + timedelta(hours=2, seconds=5)
    me = x_oauth.me(tokens.access_token)
    assert (me.name, me.username) == ("Léa Martin", "lea_martin") and me.id.isdigit()
    identity = x_oauth.identify(tokens.access_token)
    assert (identity.member_id, identity.handle) == (me.id, "@lea_martin")
    assert x_oauth.network is Network.X and x_oauth.uses_pkce and x_oauth.can_refresh


def test_the_token_publishes_as_that_person(x_oauth, sandbox_server):
    tokens = connect(x_oauth)
    me = x_oauth.me(tokens.access_token)

    XPublisher(sandbox_server.x_api_url).publish(Credentials(tokens.access_token, me.id), "Hé")

    assert [(post["author"], post["text"]) for post in sandbox_server.ledger("x")] == \
        [(me.id, "Hé")]


def test_a_wrong_verifier_is_refused(x_oauth):
    code, _ = authorize(x_oauth)

    with pytest.raises(OAuthError) as raised:
        x_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code,
                              code_verifier=new_pkce_pair().verifier)

    assert raised.value.reason == "refused" and "invalid_request" in raised.value.detail


def test_a_missing_verifier_is_refused_before_asking_x(x_oauth, sandbox_server):
    code, _ = authorize(x_oauth)

    with pytest.raises(OAuthError) as raised:
        x_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code, code_verifier=None)

    assert raised.value.reason == "refused"
    assert sandbox_server.hits["/x/2/oauth2/token"] == 0


def test_a_code_works_once(x_oauth):
    code, verifier = authorize(x_oauth)
    x_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code, code_verifier=verifier)

    with pytest.raises(OAuthError) as raised:
        x_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code, code_verifier=verifier)

    assert raised.value.reason == "refused"


def test_the_client_authenticates_with_http_basic(sandbox_server):
    wrong = oauth(sandbox_server, client_secret="not-the-secret")
    code, verifier = authorize(wrong)

    with pytest.raises(OAuthError) as raised:
        wrong.exchange_code(redirect_uri=REDIRECT_URI, code=code, code_verifier=verifier)

    assert raised.value.reason == "refused" and "unauthorized_client" in raised.value.detail


def test_a_person_who_cancels_comes_back_with_access_denied(x_oauth):
    url = x_oauth.authorization_url(redirect_uri=REDIRECT_URI, state=STATE,
                                    code_challenge=new_pkce_pair().challenge)

    back = complete_authorization(url, "lea", decision="deny")

    assert back == {"error": "access_denied", "state": STATE}


def test_a_connection_without_the_permission_to_post_is_not_usable(x_oauth):
    with pytest.raises(OAuthError) as raised:
        connect(x_oauth, scope="tweet.read users.read")

    assert raised.value.reason == "insufficient_scope" and "tweet.write" in raised.value.detail


def test_refreshing_rotates_the_refresh_token_and_the_old_one_stops_working(x_oauth,
                                                                             sandbox_server):
    first = connect(x_oauth)
    sandbox_server.expire_tokens("x")

    second = x_oauth.refresh(first.refresh_token)

    assert second.refresh_token and second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert x_oauth.me(second.access_token).username == "lea_martin"
    with pytest.raises(OAuthError) as raised:
        x_oauth.refresh(first.refresh_token)
    assert raised.value.reason == "refused"
    third = x_oauth.refresh(second.refresh_token)
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


def test_revoking_ends_the_connection(x_oauth, sandbox_server):
    tokens = connect(x_oauth)
    member_id = x_oauth.me(tokens.access_token).id

    revocation = x_oauth.revoke(tokens.access_token)

    assert revocation.revoked is True
    with pytest.raises(PublishError) as raised:
        XPublisher(sandbox_server.x_api_url).publish(Credentials(tokens.access_token,
                                                                 member_id), "Encore là ?")
    assert raised.value.outcome is Outcome.UNAUTHORIZED
    with pytest.raises(OAuthError):
        x_oauth.refresh(tokens.refresh_token)


def test_a_revocation_x_refuses_is_reported_not_raised(x_oauth, sandbox_server):
    tokens = connect(x_oauth)
    sandbox_server.fault("x", "status", status=503, operation="revoke")

    revocation = x_oauth.revoke(tokens.access_token)

    assert revocation.revoked is False and "503" in revocation.detail


@pytest.mark.parametrize("fault", [{"kind": "status", "status": 503},
                                   {"kind": "timeout", "seconds": 5}])
def test_an_unavailable_token_endpoint_is_unavailable_not_refused(sandbox_server, fault):
    x_oauth = oauth(sandbox_server, timeout=0.3)
    tokens = connect(x_oauth)
    sandbox_server.fault("x", operation="token", **fault)

    with pytest.raises(OAuthError) as raised:
        x_oauth.refresh(tokens.refresh_token)

    assert raised.value.reason == "unavailable"


def test_me_with_a_bad_token_is_refused(x_oauth):
    with pytest.raises(OAuthError) as raised:
        x_oauth.me("not-a-token")

    assert raised.value.reason == "refused"


def test_plain_http_is_refused_away_from_loopback(sandbox_server):
    remote = oauth(sandbox_server, token_url="http://x.example/2/oauth2/token",
                   allow_loopback_http=True)

    with pytest.raises(OAuthError) as raised:
        remote.refresh("whatever")

    assert raised.value.reason == "unavailable" and "https" in raised.value.detail


def test_the_sandbox_refuses_client_credentials_sent_only_in_the_body(sandbox_server):
    answer = requests.post(sandbox_server.settings()["x_token_url"], timeout=5, data={
        "grant_type": "refresh_token", "refresh_token": "r", "client_id": CLIENT_ID,
        "client_secret": sandbox_server.client_secret})

    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized_client"


def test_a_refresh_answer_lost_on_the_way_costs_the_connection(x_oauth, sandbox_server):
    """X rotates on receipt: if its answer never arrives, the old refresh token is
    already spent. The worker must treat this as "reconnect needed", not retry forever."""
    tokens = connect(x_oauth)
    sandbox_server.fault("x", "drop", operation="token")

    with pytest.raises(OAuthError) as lost:
        x_oauth.refresh(tokens.refresh_token)
    with pytest.raises(OAuthError) as spent:
        x_oauth.refresh(tokens.refresh_token)

    assert lost.value.reason == "unavailable" and spent.value.reason == "refused"


def test_an_answer_without_a_new_refresh_token_does_not_hand_back_the_spent_one():
    """requests-oauthlib fills a missing refresh_token with the one it sent."""
    app = Flask("token-without-refresh")
    app.post("/2/oauth2/token")(lambda: jsonify(token_type="bearer", expires_in=7200,
                                                access_token="new-access",
                                                scope="tweet.write users.read"))
    with LoopbackServer(app) as server:
        x_oauth = XOAuth(client_id="c", client_secret="s", authorize_url=server.url + "/a",
                         token_url=server.url + "/2/oauth2/token", allow_loopback_http=True)

        tokens = x_oauth.refresh("spent-refresh-token")

    assert (tokens.access_token, tokens.refresh_token) == ("new-access", None)
