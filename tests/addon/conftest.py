"""Add-on fixtures: the fake Google, an app that trusts it, and a client that talks
to the app the way Google does (real tokens, the sample events)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from integrations.google.local_keys import service_claims, user_claims
from tests.addon.card_schema import validate_answer
from tests.fakes.google import FakeGoogle  # noqa: F401  (type of the `google` fixture)

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "addon-events"
BASE_URL = "https://comptoir.example.fr"
SERVICE_ACCOUNT = "service-42@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "42-comptoir.apps.googleusercontent.com"
USER_OAUTH_TOKEN = "ya29.user-oauth-token"
GMAIL_ACCESS_TOKEN = "gmail-access-token"


@pytest.fixture(scope="session", autouse=True)
def google_accepts_the_sample_tokens(google):
    google.oauth_tokens.add(USER_OAUTH_TOKEN)
    google.gmail_access_tokens.add(GMAIL_ACCESS_TOKEN)


@pytest.fixture(scope="session")
def addon_settings(google) -> dict:
    return {"base_url": BASE_URL, "addon_service_account": SERVICE_ACCOUNT,
            "google_client_id": CLIENT_ID, "addon_audiences": (BASE_URL,),
            "google_certs_url": google.certs_url, "google_api_url": google.url}


@pytest.fixture(scope="session")
def addon_app(make_app, addon_settings):
    return make_app(**addon_settings)


@dataclass(frozen=True)
class Person:
    """Someone whose Google ID tokens the tests mint."""

    subject: str
    email: str
    name: str
    domain: str | None

    def claims(self, **extra) -> dict[str, Any]:
        return user_claims(audience=CLIENT_ID, subject=self.subject, email=self.email,
                           domain=self.domain, name=self.name, **extra)


LEA = Person("sub-lea", "lea.martin@atelier.fr", "Léa Martin", "atelier.fr")
HUGO = Person("sub-hugo", "hugo.bernard@atelier.fr", "Hugo Bernard", "atelier.fr")
OTHER_FIRM = Person("sub-zoe", "zoe@autre-firme.fr", "Zoé Autre", "autre-firme.fr")


def load_event(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


class AddonClient:
    """Posts events to the app as Google does, and checks every answer it gets."""

    def __init__(self, app, google: FakeGoogle):
        self.http = app.test_client()
        self.google = google

    def system_token(self, **overrides) -> str:
        claims = service_claims(audience=BASE_URL, email=SERVICE_ACCOUNT)
        claims.update(overrides)
        return self.google.key.mint(claims)

    def event(self, person: Person, name: str = "homepage-drive.json", *,
              parameters: dict[str, str] | None = None,
              form: dict[str, str] | None = None, user_token: str | None = None) -> dict:
        event = copy.deepcopy(load_event(name))
        tokens = {"$SYSTEM_ID_TOKEN": self.system_token(),
                  "$USER_ID_TOKEN": user_token or self.google.key.mint(person.claims()),
                  "$USER_OAUTH_TOKEN": USER_OAUTH_TOKEN,
                  "$GMAIL_ACCESS_TOKEN": GMAIL_ACCESS_TOKEN}
        event = json.loads(_replace_all(json.dumps(event), tokens))
        common = event.setdefault("commonEventObject", {})
        if parameters is not None:
            common["parameters"] = parameters
        if form is not None:
            common["formInputs"] = {key: {"stringInputs": {"value": [value]}}
                                    for key, value in form.items()}
        return event

    def post(self, path: str, event: dict | bytes | str, *, token: str | None = "system",
             expect: int | None = 200):
        headers = {}
        if token == "system":
            token = self.system_token()
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(event, (bytes, str)):
            response = self.http.post(path, data=event, headers=headers,
                                      content_type="application/json")
        else:
            response = self.http.post(path, json=event, headers=headers)
        if expect is not None:
            assert response.status_code == expect, response.get_data(as_text=True)[:2000]
        return response

    def card(self, path: str, person: Person, name: str = "homepage-drive.json",
             expect: int = 200, **kwargs) -> tuple[dict, dict]:
        """Sends an event and returns (the answer, its first card), both validated."""
        response = self.post(path, self.event(person, name, **kwargs), expect=expect)
        answer = response.get_json()
        cards = validate_answer(answer)
        return answer, (cards[0] if cards else {})


def _replace_all(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


@pytest.fixture
def addon(addon_app, google, clean_database) -> AddonClient:
    return AddonClient(addon_app, google)
