"""LinkedInOAuth against the sandbox: body credentials, comma scopes, userinfo, revocation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from requests import Response
from requests_oauthlib import OAuth2Session

from integrations.linkedin import LinkedInOAuth, LinkedInPublisher
from integrations.linkedin.oauth import space_separated_scope
from integrations.networks import Credentials, Network, Outcome, PublishError
from integrations.oauth import OAuthError, permit_transport
from sandbox.endpoints import CLIENT_ID
from tests.fakes.sandbox import complete_authorization

REDIRECT_URI = "http://127.0.0.1:8080/accounts/linkedin/callback"
STATE = "state-" + "l" * 40
SCOPES = {"openid", "profile", "email", "w_member_social"}


def oauth(sandbox_server, **overrides) -> LinkedInOAuth:
    settings = sandbox_server.settings()
    options = dict(client_id=settings["linkedin_client_id"],
                   client_secret=settings["linkedin_client_secret"],
                   oauth_url=settings["linkedin_oauth_url"],
                   api_url=settings["linkedin_api_url"], timeout=2.0, allow_loopback_http=True)
    return LinkedInOAuth(**{**options, **overrides})


@pytest.fixture
def linkedin_oauth(sandbox_server) -> LinkedInOAuth:
    return oauth(sandbox_server)


def authorize(linkedin_oauth, handle="lea", name="Léa Martin", **overrides) -> str:
    url = linkedin_oauth.authorization_url(redirect_uri=REDIRECT_URI, state=STATE)
    back = complete_authorization(url, handle, name, **overrides)
    assert back["state"] == STATE
    return back["code"]


def connect(linkedin_oauth, **options):
    return linkedin_oauth.exchange_code(redirect_uri=REDIRECT_URI,
                                        code=authorize(linkedin_oauth, **options))


def test_the_authorization_url_asks_for_posting_without_pkce(linkedin_oauth, sandbox_server):
    url = linkedin_oauth.authorization_url(redirect_uri=REDIRECT_URI, state=STATE,
                                           code_challenge="ignored")

    assert url.startswith(sandbox_server.url + "/linkedin/oauth/v2/authorization?")
    params = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert params["client_id"] == CLIENT_ID and params["response_type"] == "code"
    assert params["redirect_uri"] == REDIRECT_URI and params["state"] == STATE
    assert set(params["scope"].split()) == SCOPES
    assert "code_challenge" not in params


def test_a_member_connects_with_a_60_day_token_and_no_refresh(linkedin_oauth):
    tokens = connect(linkedin_oauth)

    assert tokens.access_token and tokens.refresh_token is None
    assert tokens.scopes == SCOPES  # the comma-separated answer, read right
    expected = datetime.now(timezone.utc) + timedelta(days=60)
    assert abs(tokens.expires_at - expected) < timedelta(seconds=30)
    assert linkedin_oauth.network is Network.LINKEDIN
    assert not linkedin_oauth.uses_pkce and not linkedin_oauth.can_refresh


def test_userinfo_gives_the_person_urn_that_publishes(linkedin_oauth, sandbox_server):
    tokens = connect(linkedin_oauth, handle="lea", name="Léa Martin")

    member = linkedin_oauth.userinfo(tokens.access_token)
    LinkedInPublisher(sandbox_server.linkedin_api_url, version="202510").publish(
        Credentials(tokens.access_token, member.urn), "Bonjour")

    assert member.urn == f"urn:li:person:{member.sub}"
    assert (member.name, member.email) == ("Léa Martin", "lea@example.com")
    assert sandbox_server.ledger("linkedin")[0]["author"] == member.urn
    identity = linkedin_oauth.identify(tokens.access_token)
    assert (identity.member_id, identity.handle) == (member.urn, "lea@example.com")


def test_without_the_scope_hook_oauthlib_refuses_linkedins_answer(linkedin_oauth,
                                                                   sandbox_server):
    """Why space_separated_scope exists: the answer names "email,openid,...", one scope."""
    code = authorize(linkedin_oauth)
    token_url = sandbox_server.settings()["linkedin_oauth_url"] + "/accessToken"
    permit_transport(token_url, True)
    session = OAuth2Session(CLIENT_ID, redirect_uri=REDIRECT_URI, scope=sorted(SCOPES))

    with pytest.raises(Warning, match="Scope has changed"):
        session.fetch_token(token_url, code=code, include_client_id=True,
                            client_secret=sandbox_server.client_secret)


def test_the_scope_hook_leaves_other_answers_alone():
    response = Response()
    response._content = b'{"error": "invalid_request"}'

    assert space_separated_scope(response).content == b'{"error": "invalid_request"}'


def test_the_client_secret_goes_in_the_body_and_a_wrong_one_is_refused(sandbox_server):
    wrong = oauth(sandbox_server, client_secret="not-the-secret")

    with pytest.raises(OAuthError) as raised:
        connect(wrong)

    assert raised.value.reason == "refused" and "invalid_client" in raised.value.detail


def test_a_code_works_once(linkedin_oauth):
    code = authorize(linkedin_oauth)
    linkedin_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code)

    with pytest.raises(OAuthError) as raised:
        linkedin_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code)

    assert raised.value.reason == "refused"


def test_a_code_for_another_redirect_uri_is_refused(linkedin_oauth):
    code = authorize(linkedin_oauth)

    with pytest.raises(OAuthError) as raised:
        linkedin_oauth.exchange_code(redirect_uri=REDIRECT_URI + "/elsewhere", code=code)

    assert raised.value.reason == "refused"


def test_a_member_who_cancels_comes_back_with_linkedins_error(linkedin_oauth):
    url = linkedin_oauth.authorization_url(redirect_uri=REDIRECT_URI, state=STATE)

    back = complete_authorization(url, "lea", decision="deny")

    assert back["error"] == "user_cancelled_authorize" and back["state"] == STATE


def test_a_connection_without_the_permission_to_post_is_not_usable(linkedin_oauth):
    with pytest.raises(OAuthError) as raised:
        connect(linkedin_oauth, scope="openid profile email")

    assert raised.value.reason == "insufficient_scope"
    assert "w_member_social" in raised.value.detail


def test_there_is_no_refresh_only_reconnecting(linkedin_oauth):
    with pytest.raises(OAuthError) as raised:
        linkedin_oauth.refresh("anything")

    assert raised.value.reason == "refused" and "reconnect" in raised.value.detail


def test_revoking_ends_the_connection(linkedin_oauth, sandbox_server):
    tokens = connect(linkedin_oauth)
    urn = linkedin_oauth.userinfo(tokens.access_token).urn

    revocation = linkedin_oauth.revoke(tokens.access_token)

    assert revocation.revoked is True
    with pytest.raises(PublishError) as raised:
        LinkedInPublisher(sandbox_server.linkedin_api_url, version="202510").publish(
            Credentials(tokens.access_token, urn), "Toujours là ?")
    assert raised.value.outcome is Outcome.UNAUTHORIZED and "65601" in raised.value.detail


@pytest.mark.parametrize("fault", [{"kind": "status", "status": 500},
                                   {"kind": "timeout", "seconds": 5}])
def test_a_failed_revocation_is_best_effort_and_reported(sandbox_server, fault):
    linkedin_oauth = oauth(sandbox_server, timeout=0.3)
    tokens = connect(linkedin_oauth)
    sandbox_server.fault("linkedin", operation="revoke", **fault)

    revocation = linkedin_oauth.revoke(tokens.access_token)

    assert revocation.revoked is False and revocation.detail
    assert linkedin_oauth.userinfo(tokens.access_token).name == "Léa Martin"


def test_an_unavailable_token_endpoint_is_unavailable(linkedin_oauth, sandbox_server):
    code = authorize(linkedin_oauth)
    sandbox_server.fault("linkedin", "status", status=503, operation="token")

    with pytest.raises(OAuthError) as raised:
        linkedin_oauth.exchange_code(redirect_uri=REDIRECT_URI, code=code)

    assert raised.value.reason == "unavailable"


def test_userinfo_with_a_bad_token_is_refused(linkedin_oauth):
    with pytest.raises(OAuthError) as raised:
        linkedin_oauth.userinfo("not-a-token")

    assert raised.value.reason == "refused"


def test_userinfo_when_linkedin_fails_is_unavailable(linkedin_oauth, sandbox_server):
    tokens = connect(linkedin_oauth)
    sandbox_server.fault("linkedin", "status", status=502, operation="identity")

    with pytest.raises(OAuthError) as raised:
        linkedin_oauth.userinfo(tokens.access_token)

    assert raised.value.reason == "unavailable"
