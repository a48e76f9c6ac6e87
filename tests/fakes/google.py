"""A fake of the Google endpoints Comptoir calls: certs, Drive files, Gmail messages.

Tokens are minted with a local key whose certificate this server publishes the
way Google publishes its own (a map of key id to PEM, with Cache-Control).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, abort, jsonify, request

from integrations.google.local_keys import LocalSigningKey
from tests.fakes.server import LoopbackServer

CERTS_PATH = "/oauth2/v1/certs"


@dataclass
class DriveFileRecord:
    id: str
    name: str
    mime_type: str = "application/pdf"
    # "restricted", "domain" (anyone at `domain` with the link) or "public"
    sharing: str = "restricted"
    domain: str = "firm-a.fr"
    owners: list[str] = field(default_factory=lambda: ["owner@firm-a.fr"])

    def resource(self) -> dict[str, Any]:
        permissions = [{"type": "user", "role": "owner", "emailAddress": self.owners[0]}]
        if self.sharing == "domain":
            permissions.append({"type": "domain", "role": "reader", "domain": self.domain})
        elif self.sharing == "public":
            permissions.append({"type": "anyone", "role": "reader"})
        return {"id": self.id, "name": self.name, "mimeType": self.mime_type,
                "webViewLink": f"https://drive.google.com/file/d/{self.id}/view",
                "iconLink": "https://drive-thirdparty.googleusercontent.com/16/type/"
                            + self.mime_type,
                "owners": [{"emailAddress": owner} for owner in self.owners],
                "permissions": permissions}


@dataclass
class GmailMessage:
    id: str
    thread_id: str
    subject: str
    sender: str = "Client <client@example.com>"


class FakeGoogle(LoopbackServer):
    def __init__(self, *, certs_max_age: int = 3600):
        self.key = LocalSigningKey()
        self.certs_max_age = certs_max_age
        self.drive_files: dict[str, DriveFileRecord] = {}
        self.messages: dict[str, GmailMessage] = {}
        self.oauth_tokens: set[str] = set()  # user access tokens Google would accept
        self.gmail_access_tokens: set[str] = set()
        self.fail_next: list[int] = []  # status codes to answer with, in order
        super().__init__(self._build_app())

    @property
    def certs_url(self) -> str:
        return self.url + CERTS_PATH

    @property
    def certs_fetches(self) -> int:
        return self.hits[CERTS_PATH]

    def _build_app(self) -> Flask:
        app = Flask("fake-google")

        @app.before_request
        def injected_failure():
            if self.fail_next and request.path != CERTS_PATH:
                abort(self.fail_next.pop(0))

        @app.get(CERTS_PATH)
        def certs():
            response = jsonify(self.key.certs())
            response.headers["Cache-Control"] = f"public, max-age={self.certs_max_age}"
            return response

        @app.get("/drive/v3/files/<file_id>")
        def drive_file(file_id: str):
            self._require_user_token()
            record = self.drive_files.get(file_id)
            if record is None:
                return jsonify(error={"code": 404, "message": "File not found"}), 404
            return jsonify(record.resource())

        @app.get("/gmail/v1/users/me/messages/<message_id>")
        def gmail_message(message_id: str):
            self._require_user_token()
            if request.headers.get("X-Goog-Gmail-Access-Token") not in self.gmail_access_tokens:
                return jsonify(error={"code": 401, "message": "Invalid Gmail token"}), 401
            message = self.messages.get(message_id)
            if message is None:
                return jsonify(error={"code": 404, "message": "Not found"}), 404
            return jsonify({"id": message.id, "threadId": message.thread_id,
                            "payload": {"headers": [
                                {"name": "Subject", "value": message.subject},
                                {"name": "From", "value": message.sender}]}})

        return app

    def _require_user_token(self) -> None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or header[7:] not in self.oauth_tokens:
            abort(401)
