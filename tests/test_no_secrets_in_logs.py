"""No secret in the logs: every log record of the end-to-end flows, at DEBUG, from every
logger (ours, werkzeug's request log, urllib3, requests-oauthlib, oauthlib, tweepy,
SQLAlchemy...), searched for every token, code, client secret and key the flows used.

The flows run as in production: Comptoir's web app on a real loopback server (so that
werkzeug writes its request log) signs a person in with the fake Google (authorization
code, ID token), connects their X and LinkedIn accounts through the sandbox's OAuth pages
(codes, access and refresh tokens), the delivery job publishes against the sandbox and
refreshes an expired X token, and the add-on answers Google's requests (bearer tokens,
userIdToken), accepted or refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from advocacy.models import SocialAccount
from advocacy.services import rules as rule_service, sharing
from advocacy.worker import DeliveryJob
from addon import endpoints
from core.clock import utcnow
from social.actor import Actor
from social.models import User
from tests.addon.conftest import (GMAIL_ACCESS_TOKEN, LEA, USER_OAUTH_TOKEN, AddonClient,
                                  BASE_URL as ADDON_BASE_URL, CLIENT_ID as ADDON_CLIENT_ID,
                                  SERVICE_ACCOUNT)
from tests.advocacy.sandbox_support import drain
from tests.advocacy.world import approved, rules_document
from tests.conftest import TEST_SECRET_KEY
from tests.factories import Firm, make_person, make_space
from tests.fakes.sandbox import complete_authorization
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures
from tests.fakes.server import LoopbackServer
from tests.web.conftest import WEB_CLIENT_ID, WEB_CLIENT_SECRET, csrf_from

# Loggers that stay quiet unless asked: set to DEBUG so that nothing they could say is missed.
CHATTY_LOGGERS = ("werkzeug", "urllib3", "requests_oauthlib", "oauthlib", "tweepy",
                  "googleapiclient", "google", "google_auth_httplib2", "httplib2",
                  "sqlalchemy.engine", "comptoir", "flask")
# Shorter values could turn up by chance (a 6-character code inside an unrelated number).
SHORTEST_SECRET = 12


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[tuple[str, str]]:
        """(logger, everything the record would print: message, exception, stack)."""
        formatter = logging.Formatter("%(message)s")
        return [(record.name, formatter.format(record)) for record in self.records]


@pytest.fixture
def every_log_record():
    capture = Capture()
    root = logging.getLogger()
    saved = [(root, root.level)] + [(logging.getLogger(name), logging.getLogger(name).level)
                                    for name in CHATTY_LOGGERS]
    root.addHandler(capture)
    for logger, _ in saved:
        logger.setLevel(logging.DEBUG)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        for logger, level in saved:
            logger.setLevel(level)


@dataclass
class Secrets:
    """Every secret the flows used, by what it is."""

    named: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, value: str | None) -> None:
        if value:
            assert len(value) >= SHORTEST_SECRET, f"{name} is too short to search for"
            self.named.setdefault(value, name)

    def found_in(self, lines: list[tuple[str, str]]) -> list[str]:
        leaks = []
        for value, name in self.named.items():
            # A JWT's signature alone is as good as the token for nobody, but its presence
            # shows the token was printed whole or in part.
            needles = {value} | ({value.rsplit(".", 1)[1]} if value.count(".") == 2 else set())
            for logger, text in lines:
                if any(needle in text for needle in needles):
                    leaks.append(f"{name} in a record of logger {logger!r}: {text[:300]!r}")
        return leaks


# The web app on a real port, its browser, and the flows


@pytest.fixture
def served(make_app, google, sandbox_server, clean_database):  # noqa: F811
    """Comptoir's web app on a loopback port (werkzeug's request log on), signing in with
    the fake Google and connecting accounts at the sandbox."""
    google.sign_in.client_secrets[WEB_CLIENT_ID] = WEB_CLIENT_SECRET
    server = LoopbackServer(None)
    server.app = make_app(google_client_id=WEB_CLIENT_ID, google_client_secret=WEB_CLIENT_SECRET,
                          google_oidc_issuer_url=google.url, google_certs_url=google.certs_url,
                          google_api_url=google.url, base_url=server.url,
                          **sandbox_server.settings())
    with server:
        yield server


def sign_in_with_google(browser: requests.Session, served, google, email: str,
                        secrets: Secrets) -> None:
    google.sign_in.add_account(email, "Alice Admin", domain=email.split("@")[1])
    page = browser.get(served.url + "/sign-in?next=/")
    started = browser.post(served.url + "/sign-in/google", allow_redirects=False,
                           data={"csrf_token": csrf_from(page.text), "next": "/"})
    chosen = requests.get(started.headers["Location"], params={"login_hint": email},
                          allow_redirects=False, timeout=5)
    callback = chosen.headers["Location"]
    secrets.add("Google authorization code", parse_qs(urlsplit(callback).query)["code"][0])
    issued_before = len(google.sign_in.issued)
    signed_in = browser.get(callback)
    assert signed_in.status_code == 200 and signed_in.url.rstrip("/") == served.url
    for answer in google.sign_in.issued[issued_before:]:
        secrets.add("Google ID token", answer["id_token"])
        secrets.add("Google access token (sign-in)", answer["access_token"])
    secrets.add("session cookie", browser.cookies.get("comptoir_session"))
    # The same code a second time (a reload, an attacker): refused, and not logged either.
    assert browser.get(callback).status_code in (302, 400, 403)


def connect_at_the_sandbox(browser: requests.Session, served, network: str, handle: str,
                           secrets: Secrets) -> None:
    page = browser.get(served.url + "/sharing/accounts")
    assert page.status_code == 200
    started = browser.post(f"{served.url}/sharing/accounts/{network}/connect",
                           data={"csrf_token": csrf_from(page.text)}, allow_redirects=False)
    assert started.status_code == 302, started.text
    answer = complete_authorization(started.headers["Location"], handle, handle.title())
    secrets.add(f"{network} authorization code", answer["code"])
    query = "&".join(f"{key}={value}" for key, value in answer.items())
    connected = browser.get(f"{served.url}/sharing/accounts/{network}/callback?{query}")
    assert connected.status_code == 200, connected.text


def stored_tokens(db, runtime, secrets: Secrets, when: str) -> None:
    db.expire_all()
    for account in db.scalars(select(SocialAccount)):
        secrets.add(f"{account.network} access token ({when})",
                    runtime.token_cipher.decrypt(account.access_token))
        if account.refresh_token:
            secrets.add(f"{account.network} refresh token ({when})",
                        runtime.token_cipher.decrypt(account.refresh_token))
    db.commit()


class RecordingAddonClient(AddonClient):
    """Google's side of the add-on, noting every token it sends."""

    def __init__(self, app, google, secrets: Secrets):
        super().__init__(app, google)
        self.secrets = secrets

    def system_token(self, **overrides) -> str:
        token = super().system_token(**overrides)
        self.secrets.add("add-on bearer token (system ID token)", token)
        return token


def use_the_addon(make_app, google, secrets: Secrets) -> None:
    app = make_app(base_url=ADDON_BASE_URL, addon_service_account=SERVICE_ACCOUNT,
                   google_client_id=ADDON_CLIENT_ID, addon_audiences=(ADDON_BASE_URL,),
                   google_certs_url=google.certs_url, google_api_url=google.url)
    google.oauth_tokens.add(USER_OAUTH_TOKEN)
    google.gmail_access_tokens.add(GMAIL_ACCESS_TOKEN)
    for name, value in (("add-on user OAuth token", USER_OAUTH_TOKEN),
                        ("add-on Gmail access token", GMAIL_ACCESS_TOKEN)):
        secrets.add(name, value)
    addon = RecordingAddonClient(app, google, secrets)
    user_token = google.key.mint(LEA.claims())
    secrets.add("add-on userIdToken", user_token)
    addon.card(endpoints.HOMEPAGE, LEA, user_token=user_token)
    # Refused requests: a bearer token for another audience, a userIdToken of another app.
    wrong_audience = addon.system_token(aud="https://elsewhere.example")
    addon.post(endpoints.HOMEPAGE, addon.event(LEA, user_token=user_token),
               token=wrong_audience, expect=None)
    foreign = google.key.mint(LEA.claims(aud="another-app.apps.googleusercontent.com"))
    secrets.add("add-on userIdToken of another app", foreign)
    addon.post(endpoints.HOMEPAGE, addon.event(LEA, user_token=foreign), expect=None)


def configuration_secrets(runtime, sandbox, secrets: Secrets) -> None:  # noqa: F811
    secrets.add("COMPTOIR_SECRET_KEY", TEST_SECRET_KEY)
    for number, key in enumerate(runtime.settings.token_key):
        secrets.add(f"COMPTOIR_TOKEN_KEY #{number + 1}", key)
    secrets.add("Google client secret", WEB_CLIENT_SECRET)
    secrets.add("X client secret", runtime.settings.x_client_secret)
    secrets.add("LinkedIn client secret", runtime.settings.linkedin_client_secret)


def test_the_end_to_end_flows_log_no_secret(every_log_record, served, google, make_app, db,
                                            sandbox_server):  # noqa: F811
    secrets = Secrets()
    runtime = served.app.extensions["comptoir"]
    configuration_secrets(runtime, sandbox_server, secrets)
    browser = requests.Session()

    # Signing in on the web with Google: the first person of the firm, its admin.
    sign_in_with_google(browser, served, google, "alice@atelier-lumiere.fr", secrets)
    admin = Actor.of(db.scalar(select(User).where(User.email == "alice@atelier-lumiere.fr")))
    firm = Firm(admin.tenant_id, "atelier-lumiere.fr", admin)
    rule_service.set_rules(db, admin, rules_document())
    db.commit()

    # Connecting X and LinkedIn through the sandbox's OAuth pages.
    connect_at_the_sandbox(browser, served, "x", "alice_x", secrets)
    connect_at_the_sandbox(browser, served, "linkedin", "alice-in", secrets)
    stored_tokens(db, runtime, secrets, "connected")

    # Deliveries by the worker's job against the sandbox, then an X token refreshed.
    author = make_person(db, firm, "Anne Auteur")
    space_id = make_space(db, author, "Communication", members=(admin,))
    world = SimpleNamespace(author=author, admin=admin, space_id=space_id)
    now = utcnow()
    first = approved(db, world, "Le rapport annuel est en ligne", now=now)
    for network in ("x", "linkedin"):
        sharing.share_now(db, admin, first.id, network, base_url=served.url, now=now)
    drain(db, DeliveryJob(), runtime, now)
    assert len(sandbox_server.ledger("x")) == 1 and len(sandbox_server.ledger("linkedin")) == 1
    sandbox_server.expire_tokens("x")
    later = now + timedelta(minutes=10)
    second = approved(db, world, "Notre nouvel atelier ouvre à Lyon", now=later)
    sharing.share_now(db, admin, second.id, "x", base_url=served.url, now=later)
    drain(db, DeliveryJob(), runtime, later)
    assert len(sandbox_server.ledger("x")) == 2
    stored_tokens(db, runtime, secrets, "refreshed")
    assert sum("x access token" in name for name in secrets.named.values()) == 2

    # The add-on, as Google calls it.
    use_the_addon(make_app, google, secrets)

    lines = every_log_record.lines()
    assert any(logger == "werkzeug" for logger, _ in lines), "werkzeug's request log was not seen"
    assert any(logger.startswith("urllib3") for logger, _ in lines), "urllib3 was not heard"
    assert len(secrets.named) >= 15
    leaks = secrets.found_in(lines)
    assert leaks == [], "\n".join(leaks)
