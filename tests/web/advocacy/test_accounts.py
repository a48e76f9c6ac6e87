"""Connecting X and LinkedIn accounts through the real adapters against the sandbox
providers: the state and PKCE verifier stay server-side, bound to the person; each way a
callback can be crossed is refused; tokens are stored encrypted; disconnecting revokes at the
provider (the sandbox then refuses the token) and forgets the account."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import delete, select

from advocacy.models import SocialAccount
from core.clock import utcnow
from integrations.linkedin.publisher import LinkedInPublisher
from integrations.networks import Credentials, Outcome, PublishError
from integrations.x.publisher import XPublisher
from social.models import AuditEntry
from social.models.oauth_flows import OAuthFlow
from tests.fakes.sandbox import complete_authorization
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures
from tests.web.advocacy.world import connect
from tests.web.conftest import SeparateClient, enter_as, form

MISMATCH = "n’a pas été commencée depuis ce navigateur"
GONE = "a pris trop de temps, a déjà servi ou a été commencée par quelqu’un d’autre"


@pytest.fixture
def sandbox_app(make_app, web_settings, sandbox_server):  # noqa: F811
    """The web app with X and LinkedIn pointed at this test's sandbox."""
    return make_app(**web_settings, **sandbox_server.settings())


@pytest.fixture
def browser_as(sandbox_app, db):
    def open_as(person):
        client = SeparateClient(sandbox_app, sandbox_app.response_class, use_cookies=True)
        client.release = db.commit
        return enter_as(client, person)

    return open_as


def start(client, network: str) -> str:
    """Presses "Connect": returns the provider's authorization URL the browser is sent to."""
    response = client.post(f"/sharing/accounts/{network}/connect", data=form())
    assert response.status_code == 302, response.get_data(True)
    return response.headers["Location"]


def callback(network: str, answer: dict[str, str]) -> str:
    query = "&".join(f"{key}={value}" for key, value in answer.items())
    return f"/sharing/accounts/{network}/callback?{query}"


def account(db, person, network: str) -> SocialAccount | None:
    db.expire_all()
    return db.scalar(select(SocialAccount).where(SocialAccount.user_id == person.user_id,
                                                 SocialAccount.network == network))


def test_connecting_x_runs_pkce_and_stores_the_tokens_encrypted(browser_as, sharing, db,
                                                                 sandbox_app, sandbox_server):  # noqa: F811
    client = browser_as(sharing.nina)
    url = start(client, "x")
    params = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(sandbox_server.x_api_url + "/i/oauth2/authorize?")
    assert params["code_challenge_method"] == "S256" and params["code_challenge"]
    assert params["scope"].split() == ["tweet.read", "tweet.write", "users.read",
                                       "offline.access"]
    flow = db.scalar(select(OAuthFlow).where(OAuthFlow.state == params["state"]))
    assert flow.user_id == sharing.nina.user_id and flow.purpose == "connect-x"
    assert flow.code_verifier not in url  # only its challenge travels

    page = client.get(callback("x", complete_authorization(url, "nina_petit", "Nina Petit")))

    assert page.status_code == 200
    text = page.get_data(True)
    assert "Votre compte X est connecté" in text and "Vous pouvez fermer cette fenêtre." in text
    stored = account(db, sharing.nina, "x")
    assert stored.display_name == "Nina Petit (@nina_petit)" and stored.refresh_token
    cipher = sandbox_app.extensions["comptoir"].token_cipher
    token = cipher.decrypt(stored.access_token)
    assert token not in stored.access_token and token not in stored.refresh_token
    assert db.scalar(select(OAuthFlow).where(OAuthFlow.state == params["state"])) is None


def test_connecting_linkedin_reads_the_member_from_userinfo(browser_as, sharing, db):
    client = browser_as(sharing.nina)
    url = start(client, "linkedin")
    params = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert params["scope"].split() == ["openid", "profile", "email", "w_member_social"]

    page = client.get(callback("linkedin", complete_authorization(url, "nina", "Nina Petit")))

    assert "Votre compte LinkedIn est connecté" in page.get_data(True)
    stored = account(db, sharing.nina, "linkedin")
    assert stored.member_id.startswith("urn:li:person:") and stored.expires_at is not None


def test_a_state_that_is_not_the_one_given_to_this_browser_is_refused(browser_as, sharing, db):
    client = browser_as(sharing.nina)
    url = start(client, "x")
    answer = complete_authorization(url, "nina_petit", "Nina Petit")

    page = client.get(callback("x", {**answer, "state": "forged-" + "s" * 30}))

    assert page.status_code == 400 and MISMATCH in page.get_data(True)
    assert account(db, sharing.nina, "x") is None


def test_a_callback_whose_flow_and_verifier_are_gone_is_refused(browser_as, sharing, db):
    client = browser_as(sharing.nina)
    url = start(client, "x")
    answer = complete_authorization(url, "nina_petit", "Nina Petit")
    db.execute(delete(OAuthFlow).where(OAuthFlow.state == answer["state"]))  # expired, used
    db.commit()

    page = client.get(callback("x", answer))

    assert page.status_code == 400 and GONE in page.get_data(True)
    assert account(db, sharing.nina, "x") is None


def test_a_state_issued_to_someone_else_is_refused_even_in_a_session_that_holds_it(
        browser_as, sharing, db):
    nina = browser_as(sharing.nina)
    answer = complete_authorization(start(nina, "x"), "nina_petit", "Nina Petit")
    lea = browser_as(sharing.lea)
    with lea.session_transaction() as session:  # the strongest forgery: Léa's browser
        session["connect_state_x"] = answer["state"]  # even holds Nina's state

    page = lea.get(callback("x", answer))

    assert page.status_code == 400 and GONE in page.get_data(True)
    assert account(db, sharing.lea, "x").display_name == "Compte x"  # Léa's own, untouched
    assert account(db, sharing.nina, "x") is None
    # The flow is spent: Nina herself cannot finish it now either.
    assert nina.get(callback("x", answer)).status_code == 400


def test_a_callback_is_used_once(browser_as, sharing, db):
    client = browser_as(sharing.nina)
    url = start(client, "linkedin")
    answer = complete_authorization(url, "nina", "Nina Petit")
    assert client.get(callback("linkedin", answer)).status_code == 200

    again = client.get(callback("linkedin", answer))

    assert again.status_code == 400 and MISMATCH in again.get_data(True)


def test_declining_at_the_provider_connects_nothing(browser_as, sharing, db):
    client = browser_as(sharing.nina)
    answer = complete_authorization(start(client, "x"), "nina", decision="deny")

    page = client.get(callback("x", answer))

    assert page.status_code == 400
    assert "X n’a pas donné l’accès\u00a0: rien n’a été connecté." in page.get_data(True)
    assert account(db, sharing.nina, "x") is None


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_disconnecting_revokes_at_the_provider_then_forgets(browser_as, sharing, db,
                                                            sandbox_app, sandbox_server,  # noqa: F811
                                                            network):
    client = browser_as(sharing.nina)
    client.get(callback(network, complete_authorization(start(client, network), "nina",
                                                        "Nina Petit")))
    stored = account(db, sharing.nina, network)
    token = sandbox_app.extensions["comptoir"].token_cipher.decrypt(stored.access_token)
    credentials = Credentials(token, stored.member_id)
    publisher = XPublisher(sandbox_server.x_api_url) if network == "x" else \
        LinkedInPublisher(sandbox_server.linkedin_api_url, version="202510")
    publisher.publish(credentials, "Avant la déconnexion")  # the token works

    response = client.post(f"/sharing/accounts/{network}/disconnect", data=form())

    assert response.status_code == 303
    assert account(db, sharing.nina, network) is None
    with pytest.raises(PublishError) as refused:  # the sandbox saw the revocation
        publisher.publish(credentials, "Après la déconnexion")
    assert refused.value.outcome is Outcome.UNAUTHORIZED
    audit = db.scalar(select(AuditEntry).where(
        AuditEntry.action == "advocacy.account.disconnected").order_by(AuditEntry.id.desc()))
    assert audit.details == {"network": network, "revoked": True}
    assert "Votre compte" in client.get("/sharing/accounts").get_data(True)


def test_a_revocation_the_provider_refuses_still_forgets_the_account(browser_as, sharing, db,
                                                                    sandbox_server):  # noqa: F811
    client = browser_as(sharing.nina)
    client.get(callback("x", complete_authorization(start(client, "x"), "nina", "Nina")))
    sandbox_server.fault("x", "status", status=503, operation="revoke")

    client.post("/sharing/accounts/x/disconnect", data=form())

    assert account(db, sharing.nina, "x") is None
    audit = db.scalar(select(AuditEntry).where(
        AuditEntry.action == "advocacy.account.disconnected"))
    assert audit.details["revoked"] is False


def test_a_linkedin_connection_near_its_end_shows_reconnect_needed(signed_in, sharing, db,
                                                                   cipher):
    connect(db, sharing.nina, "linkedin", cipher, utcnow(),
            expires_at=utcnow() + timedelta(days=3))
    db.commit()

    page = signed_in(sharing.nina).get("/sharing/accounts").get_data(True)

    assert "À reconnecter" in page and "Reconnecter LinkedIn" in page
    assert "Son accès prend fin le" in page
    lea = signed_in(sharing.lea).get("/sharing/accounts").get_data(True)
    assert "À reconnecter" not in lea and "vous serez prévenu une semaine avant" in lea


def test_the_accounts_page_opened_from_the_add_on_says_how_to_come_back(signed_in, sharing):
    page = signed_in(sharing.nina).get("/sharing/accounts?from=addon").get_data(True)
    assert "fermez cette fenêtre\u00a0: le module complémentaire se met à jour" in page


def test_an_unknown_network_is_not_found(signed_in, sharing):
    client = signed_in(sharing.nina)
    assert client.post("/sharing/accounts/myspace/connect", data=form()).status_code == 404
    assert client.get("/sharing/accounts/myspace/callback?state=x&code=y").status_code == 404
