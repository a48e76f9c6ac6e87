"""A fake of the Google endpoints Comptoir calls: certs, Drive files, Gmail messages,
the Directory (tests/fakes/google_directory.py).

Tokens are minted with a local key whose certificate this server publishes the
way Google publishes its own (a map of key id to PEM, with Cache-Control).
Drive and Gmail live under the paths www.googleapis.com serves them on
(/drive/v3/..., /gmail/v1/...), so one base URL stands for both, as in
production; errors have Google's JSON shape, so client libraries parse them
as they would Google's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, jsonify, request

from integrations.google.local_keys import LocalSigningKey
from tests.fakes.google_directory import DirectoryProvider
from tests.fakes.google_sign_in import SignInProvider
from tests.fakes.server import LoopbackServer

CERTS_PATH = "/oauth2/v1/certs"
_STATUS_REASONS = {400: "badRequest", 401: "authError", 403: "forbidden", 404: "notFound",
                   429: "rateLimitExceeded", 500: "backendError", 503: "backendError"}


def google_error(status: int, reason: str | None = None, message: str = "Injected failure"):
    """A response shaped like Google's JSON errors."""
    body = {"error": {"code": status, "message": message, "errors": [
        {"domain": "global", "reason": reason or _STATUS_REASONS.get(status, "unknown"),
         "message": message}]}}
    return jsonify(body), status


@dataclass
class DriveFileRecord:
    id: str
    name: str
    mime_type: str = "application/pdf"
    # "restricted", "domain" (anyone at `domain` with the link) or "public"
    sharing: str = "restricted"
    domain: str = "firm-a.fr"
    owners: list[str] = field(default_factory=lambda: ["owner@firm-a.fr"])
    shared_with: list[str] = field(default_factory=list)  # users given reader access
    shared_with_groups: list[str] = field(default_factory=list)
    # Drive never returns owners or permissions for items in shared drives.
    in_shared_drive: bool = False

    def resource(self) -> dict[str, Any]:
        resource = {"id": self.id, "name": self.name, "mimeType": self.mime_type,
                    "webViewLink": f"https://drive.google.com/file/d/{self.id}/view",
                    "iconLink": "https://drive-thirdparty.googleusercontent.com/16/type/"
                                + self.mime_type}
        if self.in_shared_drive:
            return resource
        permissions = [{"type": "user", "role": "owner", "emailAddress": self.owners[0]}]
        permissions += [{"type": "user", "role": "reader", "emailAddress": email}
                        for email in self.shared_with]
        permissions += [{"type": "group", "role": "reader", "emailAddress": email}
                        for email in self.shared_with_groups]
        if self.sharing == "domain":
            permissions.append({"type": "domain", "role": "reader", "domain": self.domain})
        elif self.sharing == "public":
            permissions.append({"type": "anyone", "role": "reader"})
        return {**resource, "owners": [{"emailAddress": owner} for owner in self.owners],
                "permissions": permissions}


@dataclass
class GmailMessage:
    id: str
    thread_id: str
    subject: str
    sender: str = "Client <client@example.com>"
    to: str = "someone@firm-a.fr"

    def headers(self) -> list[dict[str, str]]:
        return [{"name": "From", "value": self.sender}, {"name": "To", "value": self.to},
                {"name": "Subject", "value": self.subject}]


@dataclass(frozen=True)
class ApiRequest:
    path: str
    args: dict[str, list[str]]
    headers: dict[str, str]


class FakeGoogle(LoopbackServer):
    def __init__(self, *, certs_max_age: int = 3600, key: LocalSigningKey | None = None):
        self.keys = [key or LocalSigningKey()]  # published; the last one signs
        self.certs_cache_control: str | None = f"public, max-age={certs_max_age}"
        self.drive_files: dict[str, DriveFileRecord] = {}
        self.messages: dict[str, GmailMessage] = {}
        self.oauth_tokens: set[str] = set()  # user access tokens Google would accept
        self.gmail_access_tokens: set[str] = set()
        # Drive/Gmail: status codes, or (status, Google error reason), to answer with in order
        self.fail_next: list[int | tuple[int, str]] = []
        self.certs_fail_next: list[int] = []
        self.api_requests: list[ApiRequest] = []  # each Drive/Gmail request, in order
        self.sign_in = SignInProvider(self)
        self.directory = DirectoryProvider(self)
        super().__init__(self._build_app())

    @property
    def key(self) -> LocalSigningKey:
        return self.keys[-1]

    def rotate_key(self) -> LocalSigningKey:
        """Publish a new signing key beside the old one and sign with it, as Google does."""
        self.keys.append(LocalSigningKey())
        return self.key

    @property
    def certs_url(self) -> str:
        return self.url + CERTS_PATH

    @property
    def certs_fetches(self) -> int:
        return self.hits[CERTS_PATH]

    def _build_app(self) -> Flask:
        app = Flask("fake-google")

        self.sign_in.mount(app)
        self.directory.mount(app)

        @app.before_request
        def record_and_inject_failures():
            if not request.path.startswith(("/drive/", "/gmail/")) and \
                    request.path != CERTS_PATH:
                return None
            if request.path == CERTS_PATH:
                if self.certs_fail_next:
                    return google_error(self.certs_fail_next.pop(0))
                return None
            self.api_requests.append(ApiRequest(request.path, request.args.to_dict(flat=False),
                                                dict(request.headers)))
            if self.fail_next:
                failure = self.fail_next.pop(0)
                status, reason = failure if isinstance(failure, tuple) else (failure, None)
                return google_error(status, reason)
            return None

        @app.get(CERTS_PATH)
        def certs():
            published: dict[str, str] = {}
            for key in self.keys:
                published.update(key.certs())
            response = jsonify(published)
            if self.certs_cache_control is not None:
                response.headers["Cache-Control"] = self.certs_cache_control
            return response

        @app.get("/drive/v3/files/<file_id>")
        def drive_file(file_id: str):
            if not self._user_token_accepted():
                return google_error(401, "authError", "Invalid Credentials")
            record = self.drive_files.get(file_id)
            if record is None:
                return google_error(404, "notFound", f"File not found: {file_id}.")
            return jsonify(record.resource())

        @app.get("/gmail/v1/users/me/messages/<message_id>")
        def gmail_message(message_id: str):
            if not self._user_token_accepted():
                return google_error(401, "authError", "Invalid Credentials")
            if request.headers.get("X-Goog-Gmail-Access-Token") not in self.gmail_access_tokens:
                return google_error(401, "authError", "Invalid Gmail access token")
            message = self.messages.get(message_id)
            if message is None:
                return google_error(404, "notFound", "Requested entity was not found.")
            wanted = {name.lower() for name in request.args.getlist("metadataHeaders")}
            headers = [header for header in message.headers()
                       if not wanted or header["name"].lower() in wanted]
            return jsonify({"id": message.id, "threadId": message.thread_id,
                            "payload": {"headers": headers}})

        return app

    def _user_token_accepted(self) -> bool:
        header = request.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.oauth_tokens
