"""Google's Directory API, faked: a service account's token, and users.get.

The token endpoint takes the JWT-bearer grant google-auth's service-account
credentials send (signed with the key of the JSON file `key_file` writes, for
the admin they act as); users.get answers a user by account id, primary e-mail
or alias with the basic projection's fields, 404 for anyone else, and Google's
JSON errors for the failures a test injects (`fail_next`).
"""

from __future__ import annotations

import itertools
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request
from google.auth import jwt

TOKEN_PATH = "/oauth2/v4/token"
USERS_PATH = "/admin/directory/v1/users/"
SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly"
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
SERVICE_ACCOUNT = "comptoir-directory@comptoir-tests.iam.gserviceaccount.com"


@dataclass
class DirectoryUser:
    id: str
    primary_email: str
    suspended: bool = False
    archived: bool = False
    aliases: list[str] = field(default_factory=list)

    def resource(self) -> dict[str, Any]:
        return {"kind": "admin#directory#user", "id": self.id,
                "primaryEmail": self.primary_email, "suspended": self.suspended,
                "archived": self.archived, "isAdmin": False,
                "name": {"fullName": self.primary_email.split("@")[0]}}


class DirectoryProvider:
    """The Directory half of the fake Google; FakeGoogle mounts it on its app."""

    def __init__(self, fake):
        self.fake = fake
        self.users: dict[str, DirectoryUser] = {}
        self.admins: set[str] = set()     # whom the service account may act as
        self.tokens: set[str] = set()     # access tokens handed out
        self.lookups: list[str] = []      # each users.get userKey, in order
        self.fail_next: list[int] = []    # statuses users.get answers with, in order
        self._ids = itertools.count(100_000_000_000_000_000_001)

    def add_user(self, email: str, user_id: str | None = None, **state: Any) -> DirectoryUser:
        user = DirectoryUser(user_id or str(next(self._ids)), email.lower(), **state)
        self.users[user.id] = user
        return user

    def find(self, key: str) -> DirectoryUser | None:
        key = key.lower()
        for user in self.users.values():
            if key in (user.id, user.primary_email) or key in user.aliases:
                return user
        return None

    def key_file(self, folder: Path, admin: str) -> Path:
        """A service-account JSON key as Google hands it out, trusted for `admin`."""
        self.admins.add(admin.lower())
        key = self.fake.keys[0]
        path = folder / "directory-key.json"
        path.write_text(json.dumps({
            "type": "service_account", "project_id": "comptoir-tests",
            "private_key_id": key.key_id, "private_key": key.private_pem,
            "client_email": SERVICE_ACCOUNT, "client_id": "1234567890",
            "token_uri": self.fake.url + TOKEN_PATH}))
        return path

    def mount(self, app: Flask) -> None:
        @app.post(TOKEN_PATH)
        def directory_token():
            if request.form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
                return jsonify(error="unsupported_grant_type"), 400
            key = self.fake.keys[0]
            try:
                # google-auth addresses the assertion to Google's token endpoint, whatever
                # token_uri the key file names.
                claims = jwt.decode(request.form.get("assertion", ""), certs=key.certs(),
                                    audience=GOOGLE_TOKEN_AUDIENCE)
            except ValueError:
                return jsonify(error="invalid_grant", error_description="Invalid JWT"), 400
            if claims.get("iss") != SERVICE_ACCOUNT or SCOPE not in claims.get("scope", ""):
                return jsonify(error="unauthorized_client"), 401
            if claims.get("sub", "").lower() not in self.admins:
                return jsonify(error="unauthorized_client",
                               error_description="Client is unauthorized to retrieve access "
                                                 "tokens using this method"), 401
            access = "ya29.directory-" + secrets.token_urlsafe(12)
            self.tokens.add(access)
            return jsonify(access_token=access, token_type="Bearer", expires_in=3600)

        @app.get(USERS_PATH + "<path:user_key>")
        def directory_user(user_key: str):
            from tests.fakes.google import google_error

            header = request.headers.get("Authorization", "")
            if not header.startswith("Bearer ") or header[7:] not in self.tokens:
                return google_error(401, "authError", "Invalid Credentials")
            self.lookups.append(user_key)
            if self.fail_next:
                return google_error(self.fail_next.pop(0))
            if request.args.get("projection") != "basic":
                return google_error(400, "invalid", "Invalid projection")
            found = self.find(user_key)
            if found is None:
                return google_error(404, "notFound", "Resource Not Found: userKey")
            return jsonify(found.resource())
