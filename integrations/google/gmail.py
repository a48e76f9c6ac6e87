"""The subject and sender of the Gmail message the user has open, for the add-on panel.

An add-on reads the open message with two tokens from the event: the user's
access token (Authorization) and the per-message `gmail.accessToken`, sent as
`X-Goog-Gmail-Access-Token`. Only the metadata headers we show are asked for,
which is all the gmail.addons.current.message.metadata scope allows anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from integrations.google.api import (DEFAULT_TIMEOUT, GoogleApiError, build_service, execute,
                                     usable_token)

GMAIL_ACCESS_TOKEN_HEADER = "X-Goog-Gmail-Access-Token"


class GmailError(GoogleApiError):
    """A Gmail call failed; `reason` is not_found, unauthorized, forbidden or unavailable."""


@dataclass(frozen=True)
class GmailMessageSummary:
    message_id: str
    thread_id: str
    subject: str
    sender: str
    thread_url: str


def thread_url(thread_id: str) -> str:
    return f"https://mail.google.com/mail/u/0/#all/{quote(thread_id, safe='')}"


class GmailClient:
    """Reads message metadata; safe to share between threads, built once per process."""

    def __init__(self, api_url: str, *, timeout: float = DEFAULT_TIMEOUT):
        self._timeout = timeout
        # The Gmail discovery document has an empty servicePath: its method paths
        # start with "gmail/v1/", so the endpoint is the bare base URL.
        self._messages = build_service("gmail", "v1", api_url.rstrip("/")).users().messages()

    def message_summary(self, message_id: str, user_oauth_token: str,
                        gmail_access_token: str) -> GmailMessageSummary:
        if not message_id:
            raise GmailError("not_found", "empty message id")
        if not usable_token(gmail_access_token):
            raise GmailError("unauthorized", "no usable Gmail access token")
        request = self._messages.get(userId="me", id=message_id, format="metadata",
                                     metadataHeaders=["Subject", "From"])
        request.headers[GMAIL_ACCESS_TOKEN_HEADER] = gmail_access_token
        message = execute(request, user_oauth_token, timeout=self._timeout, error=GmailError)
        return summary_from(message, message_id)


def summary_from(message: dict[str, Any], requested_id: str) -> GmailMessageSummary:
    """Our reading of a Gmail `Message` fetched with format=metadata."""
    payload = message.get("payload")
    headers = payload.get("headers") if isinstance(payload, dict) else None
    thread_id = _text(message.get("threadId"))
    return GmailMessageSummary(
        message_id=_text(message.get("id")) or requested_id, thread_id=thread_id,
        subject=_header(headers, "subject"), sender=_header(headers, "from"),
        thread_url=thread_url(thread_id) if thread_id else "")


def _header(headers: Any, name: str) -> str:
    """The first header called `name`; header names are case-insensitive."""
    for header in headers if isinstance(headers, list) else []:
        if isinstance(header, dict) and _text(header.get("name")).lower() == name:
            return _text(header.get("value"))
    return ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
