"""Requests as Google and browsers send them: signed tokens, sample events, cookies.

Add-on requests carry the add-on service account's ID token (Bearer) and the
user's ID token in the event, both signed with the fake Google's key and valid
for the whole run; their bodies are the sample events of
shared/fixtures/addon-events, as the add-on tests send them. Web requests carry
a session cookie signed with the deployment's secret key by Flask's own session
serializer: production has no demo sign-in, and the cookie is exactly what
signing in with Google would have set.
"""

from __future__ import annotations

import copy
import json
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from bench import identity
from core.config import PROJECT_ROOT
from integrations.google.local_keys import LocalSigningKey, service_claims, user_claims

FIXTURES = PROJECT_ROOT.parent / "shared" / "fixtures" / "addon-events"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    expect: int = 200


@cache
def sample_event(name: str) -> dict[str, Any]:
    path = FIXTURES / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: the sample add-on events (shared/fixtures) are "
                                "needed to build the benchmark's requests")
    return json.loads(path.read_text())


class Signer:
    """Mints the run's tokens once: verifying them costs the server the same each time."""

    def __init__(self, key: LocalSigningKey, lifetime: int):
        self.key = key
        self.lifetime = lifetime
        self.system_token = key.mint(service_claims(audience=identity.BASE_URL,
                                                    email=identity.SERVICE_ACCOUNT),
                                     lifetime=lifetime)
        self._users: dict[str, str] = {}

    def user_token(self, person: dict[str, Any], domain: str) -> str:
        token = self._users.get(person["subject"])
        if token is None:
            token = self.key.mint(user_claims(audience=identity.CLIENT_ID,
                                              subject=person["subject"], email=person["email"],
                                              domain=domain, name=person["name"]),
                                  lifetime=self.lifetime)
            self._users[person["subject"]] = token
        return token

    def addon(self, path: str, person: dict[str, Any], domain: str, *,
              sample: str = "homepage-drive.json", parameters: dict[str, str] | None = None,
              form: dict[str, str] | None = None, drive_item: dict[str, Any] | None = None
              ) -> Request:
        event = copy.deepcopy(sample_event(sample))
        authorization = event.setdefault("authorizationEventObject", {})
        authorization.update(systemIdToken=self.system_token,
                             userIdToken=self.user_token(person, domain),
                             userOAuthToken="ya29.bench-user-oauth-token")
        common = event.setdefault("commonEventObject", {})
        common.pop("invokedFunction", None)
        if parameters is not None:
            common["parameters"] = parameters
        if form is not None:
            common["formInputs"] = {key: {"stringInputs": {"value": [value]}}
                                    for key, value in form.items()}
        if drive_item is not None:
            event["drive"] = {"activeCursorItem": drive_item, "selectedItems": [drive_item]}
        return Request("POST", path, {"Authorization": f"Bearer {self.system_token}",
                                      "Content-Type": "application/json"},
                       json.dumps(event, ensure_ascii=False))


def session_cookie(user_id: int, tenant_id: int) -> str:
    """The `comptoir_session` cookie of a signed-in person (web/auth/session.py's keys)."""
    app = Flask("bench-cookies")
    app.secret_key = identity.SECRET_KEY
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    value = serializer.dumps({"uid": user_id, "tid": tenant_id,
                              "since": int(time.time()), "_permanent": True})
    return f"{identity.SESSION_COOKIE}={value}"


def web(path: str, cookie: str | None = None) -> Request:
    headers = {"Accept": "text/html"}
    if cookie:
        headers["Cookie"] = cookie
    return Request("GET", path, headers)


def drive_item(busy_file: dict[str, Any]) -> dict[str, Any]:
    """The selected Drive file as Google describes it (no per-file scope granted: the
    card is built from Comptoir's own data, without calling Drive)."""
    return {"id": busy_file["google_id"], "title": busy_file["title"],
            "mimeType": busy_file["mime_type"],
            "iconUrl": "https://drive-thirdparty.googleusercontent.com/16/type/"
                       + busy_file["mime_type"],
            "addonHasFileScopePermission": False}
