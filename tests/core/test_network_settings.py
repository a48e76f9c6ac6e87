"""Which X and LinkedIn the runtime talks to: configured ones, or the development sandbox."""

from __future__ import annotations

from core.config import load_settings
from core.network_settings import network_settings, sandboxed_networks
from core.runtime import Runtime
from integrations.linkedin import LinkedInOAuth, LinkedInPublisher
from integrations.networks import Network
from integrations.x import XOAuth, XPublisher
from sandbox.endpoints import CLIENT_ID, CLIENT_SECRET
from tests.conftest import PRODUCTION_SETTINGS, TEST_SECRET_KEY

BASE = "http://127.0.0.1:8123"


def settings(instance_path, **overrides):
    return load_settings(environ={}, overrides={"secret_key": TEST_SECRET_KEY,
                                                "instance_path": str(instance_path),
                                                "base_url": BASE, **overrides})


def runtime(instance_path, **overrides) -> Runtime:
    return Runtime.build(settings(instance_path, database_url="sqlite://", **overrides))


def test_development_without_client_ids_uses_the_sandbox_for_both(instance_path):
    resolved = network_settings(settings(instance_path))

    assert sandboxed_networks(settings(instance_path)) == {Network.X, Network.LINKEDIN}
    assert resolved.x_client_id == CLIENT_ID and resolved.x_client_secret == CLIENT_SECRET
    assert resolved.x_api_url == BASE + "/dev/sandbox/x"
    assert resolved.x_authorize_url == BASE + "/dev/sandbox/x/i/oauth2/authorize"
    assert resolved.x_token_url == BASE + "/dev/sandbox/x/2/oauth2/token"
    assert resolved.linkedin_client_id == CLIENT_ID
    assert resolved.linkedin_api_url == BASE + "/dev/sandbox/linkedin"
    assert resolved.linkedin_oauth_url == BASE + "/dev/sandbox/linkedin/oauth/v2"


def test_a_configured_network_is_used_as_configured_the_other_stays_sandboxed(instance_path):
    configured = settings(instance_path, x_client_id="real-x", x_client_secret="s")

    resolved = network_settings(configured)

    assert sandboxed_networks(configured) == {Network.LINKEDIN}
    assert (resolved.x_client_id, resolved.x_api_url) == ("real-x", "https://api.twitter.com")
    assert resolved.x_token_url == "https://api.x.com/2/oauth2/token"
    assert resolved.linkedin_api_url == BASE + "/dev/sandbox/linkedin"


def test_production_never_uses_the_sandbox(instance_path):
    production = settings(instance_path, **PRODUCTION_SETTINGS,
                          database_url="postgresql+psycopg://u@h/db")

    assert sandboxed_networks(production) == frozenset()
    assert network_settings(production) is production


def test_the_runtime_builds_the_adapters_from_those_settings(instance_path):
    built = runtime(instance_path)

    assert isinstance(built.x_oauth, XOAuth) and isinstance(built.linkedin_oauth, LinkedInOAuth)
    assert built.x_oauth.client_id == CLIENT_ID
    assert isinstance(built.publishers[Network.X], XPublisher)
    assert isinstance(built.publishers[Network.LINKEDIN], LinkedInPublisher)
    assert set(built.publishers) == set(Network)
    url = built.x_oauth.authorization_url(redirect_uri=BASE + "/cb", state="s",
                                          code_challenge="c" * 43)
    assert url.startswith(BASE + "/dev/sandbox/x/i/oauth2/authorize?")


def test_production_without_client_ids_offers_no_connection(instance_path):
    built = Runtime.build(settings(instance_path, **PRODUCTION_SETTINGS,
                                   database_url="sqlite://"))

    assert built.x_oauth is None and built.linkedin_oauth is None


def test_the_runtime_cipher_uses_the_configured_keys(instance_path):
    built = runtime(instance_path, token_key=PRODUCTION_SETTINGS["token_key"])

    ciphertext = built.token_cipher.encrypt("secret-token")

    assert built.token_cipher.decrypt(ciphertext) == "secret-token"


def test_development_generates_a_key_that_survives_a_restart(instance_path):
    first = runtime(instance_path).token_cipher.encrypt("secret-token")

    assert runtime(instance_path).token_cipher.decrypt(first) == "secret-token"
