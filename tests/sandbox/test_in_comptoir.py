"""The sandbox inside Comptoir's development server: mounted at /dev/sandbox, loopback
only, absent in production, and what the runtime's X and LinkedIn adapters talk to when
no real client is configured: the demo connects and publishes with no real account."""

from __future__ import annotations

import pytest
import requests

from core.config import load_settings
from core.runtime import Runtime
from integrations.google.oidc import new_pkce_pair
from integrations.networks import Credentials, Network
from tests.conftest import PRODUCTION_SETTINGS
from tests.fakes.sandbox import complete_authorization
from tests.fakes.server import LoopbackServer


def test_development_serves_the_timeline_and_the_apis_under_dev_sandbox(make_app, tmp_path):
    client = make_app(instance_path=str(tmp_path)).test_client()

    assert client.get("/dev/sandbox/").status_code == 200
    assert client.get("/dev/sandbox/x/_sandbox/ledger").get_json() == {"posts": []}
    assert client.post("/dev/sandbox/x/2/tweets", json={"text": "t"}).status_code == 401
    assert (tmp_path / "sandbox.sqlite3").exists()


def test_only_this_machine_reaches_it(make_app, tmp_path):
    client = make_app(instance_path=str(tmp_path)).test_client()

    answer = client.get("/dev/sandbox/", environ_base={"REMOTE_ADDR": "203.0.113.9"})

    assert answer.status_code == 404


def test_production_has_no_sandbox(make_app):
    client = make_app(**PRODUCTION_SETTINGS).test_client()

    assert client.get("/dev/sandbox/").status_code == 404
    assert client.get("/dev/sandbox/x/_sandbox/ledger").status_code == 404


@pytest.fixture
def served(make_app, tmp_path):
    """Comptoir's development app on a real loopback port, its base URL pointing there."""
    server = LoopbackServer(None)
    server.app = make_app(instance_path=str(tmp_path), base_url=server.url)
    with server:
        yield server


def test_connecting_and_publishing_on_x_works_in_development_with_no_real_account(served):
    runtime = served.app.extensions["comptoir"]
    pkce = new_pkce_pair()
    redirect_uri = served.url + "/accounts/x/callback"
    url = runtime.x_oauth.authorization_url(redirect_uri=redirect_uri, state="s" * 32,
                                            code_challenge=pkce.challenge)
    code = complete_authorization(url, "lea_martin", "Léa Martin")["code"]

    tokens = runtime.x_oauth.exchange_code(redirect_uri=redirect_uri, code=code,
                                           code_verifier=pkce.verifier)
    me = runtime.x_oauth.me(tokens.access_token)
    published = runtime.publishers[Network.X].publish(
        Credentials(tokens.access_token, me.id), "Premier post depuis la démo")

    ledger = requests.get(served.url + "/dev/sandbox/x/_sandbox/ledger", timeout=5).json()
    assert [(post["id"], post["author"], post["text"]) for post in ledger["posts"]] == \
        [(published.external_id, me.id, "Premier post depuis la démo")]


def test_connecting_and_publishing_on_linkedin_works_in_development(served):
    runtime = served.app.extensions["comptoir"]
    redirect_uri = served.url + "/accounts/linkedin/callback"
    url = runtime.linkedin_oauth.authorization_url(redirect_uri=redirect_uri, state="s" * 32)
    code = complete_authorization(url, "lea", "Léa Martin")["code"]

    tokens = runtime.linkedin_oauth.exchange_code(redirect_uri=redirect_uri, code=code)
    member = runtime.linkedin_oauth.userinfo(tokens.access_token)
    published = runtime.publishers[Network.LINKEDIN].publish(
        Credentials(tokens.access_token, member.urn), "Bonjour \\(démo\\)")

    ledger = requests.get(served.url + "/dev/sandbox/linkedin/_sandbox/ledger",
                          timeout=5).json()
    assert [(post["id"], post["shown"]) for post in ledger["posts"]] == \
        [(published.external_id, "Bonjour (démo)")]


def test_a_worker_process_gets_the_sandbox_through_its_environment(sandbox_server, tmp_path):
    settings = load_settings(environ=sandbox_server.environment(),
                             overrides={"instance_path": str(tmp_path),
                                        "database_url": "sqlite://"})
    runtime = Runtime.build(settings)
    member = sandbox_server.account("x", "lea")

    runtime.publishers[Network.X].publish(Credentials(member["access_token"],
                                                      member["member_id"]), "Du worker")

    assert [post["text"] for post in sandbox_server.ledger("x")] == ["Du worker"]
    assert runtime.x_oauth.client_id == sandbox_server.client_id
