"""Web fixtures: an app that signs people in through the fake Google provider."""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask.testing import FlaskClient

WEB_CLIENT_ID = "web-client.apps.googleusercontent.com"
WEB_CLIENT_SECRET = "web-client-secret"


@pytest.fixture(scope="session")
def web_settings(google) -> dict:
    google.sign_in.client_secrets[WEB_CLIENT_ID] = WEB_CLIENT_SECRET
    return {"google_client_id": WEB_CLIENT_ID, "google_client_secret": WEB_CLIENT_SECRET,
            "google_oidc_issuer_url": google.url, "google_certs_url": google.certs_url,
            "google_api_url": google.url, "base_url": "http://localhost"}


@pytest.fixture(scope="session")
def web_app(make_app, web_settings):
    return make_app(**web_settings)


@pytest.fixture
def web(web_app, clean_database):
    return web_app.test_client()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def start_sign_in(client, next_path: str = "/") -> str:
    """Presses "Sign in with Google"; returns the provider URL the browser is sent to."""
    page = client.get(f"/sign-in?next={next_path}")
    response = client.post("/sign-in/google", data={"csrf_token": csrf_from(page.get_data(True)),
                                                    "next": next_path})
    assert response.status_code == 302, response.get_data(True)
    return response.headers["Location"]


def provider_redirect(authorize_url: str, email: str) -> str:
    """What Google answers once the person picks their account: our callback URL."""
    answer = requests.get(authorize_url, params={"login_hint": email}, allow_redirects=False,
                          timeout=5)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    return f"{callback.path}?{callback.query}"


def sign_in(client, google, email: str, name: str | None = None, domain: str | None = None,
            next_path: str = "/"):
    """Signs in through the fake Google. The fake lives for the whole run: an account a
    test prepared (unverified, odd claims) is kept unless this call names the person."""
    if email not in google.sign_in.accounts or name is not None:
        google.sign_in.add_account(email, name or "Someone", domain=domain if domain is not None
                                   else email.split("@")[1])
    return client.get(provider_redirect(start_sign_in(client, next_path), email))


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


# --- Signing in directly, for the page tests (the Google flow has its own tests) ---------

TEST_CSRF = "test-csrf-token-for-signed-in-clients"


def enter_as(client, person):
    """Signs `client` in as `person` (a tests.factories actor) by writing the session, the
    way the sign-in callback does, with a known CSRF token for `form`."""
    with client.session_transaction() as session:
        session["uid"] = person.user_id
        session["tid"] = person.tenant_id
        session["csrf_token"] = TEST_CSRF
    return client


def form(**fields) -> dict:
    """Form fields plus the CSRF token of a client signed in with `enter_as`."""
    return {"csrf_token": TEST_CSRF, **fields}


FETCH = {"X-Requested-With": "fetch"}


class SeparateClient(FlaskClient):
    """A browser beside the test's own database session (`db`): before each request it ends
    that session's transaction, as another person's work would be. SQLite lets one writer
    at a time, and a session that has read something holds its transaction open."""

    release: Callable[[], None] | None = None

    def open(self, *args, **kwargs):
        if self.release is not None:
            self.release()
        return super().open(*args, **kwargs)


@pytest.fixture
def signed_in(web_app, db):
    """`signed_in(person)`: a fresh browser (test client) signed in as that person."""

    def open_as(person):
        client = SeparateClient(web_app, web_app.response_class, use_cookies=True)
        client.release = db.commit
        return enter_as(client, person)

    return open_as


@pytest.fixture
def world(db):
    from tests.web.world import build_world

    return build_world(db)
