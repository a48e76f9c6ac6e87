"""What every social network adapter offers the sharing gateway, and how it fails.

The delivery worker speaks only this interface; integrations/x and
integrations/linkedin implement it over the networks' real HTTP APIs. Every
failure is one `PublishError` whose `outcome` tells the worker what to do:

| outcome        | from                                   | the worker                            |
|----------------|----------------------------------------|---------------------------------------|
| RATE_LIMITED   | 429                                    | reschedules at `retry_at` or backs off |
| UNAUTHORIZED   | 401                                    | X: refresh once, retry; LinkedIn: mark |
|                |                                        | the account "reconnect needed", wait  |
| DUPLICATE      | X 403 duplicate, LinkedIn 422 DUPLICATE| treats the post as already published  |
| TRANSIENT      | 5xx, timeout, dropped connection       | retries with backoff and jitter, then |
|                |                                        | fails with the reason                 |
| REJECTED       | other 4xx                              | fails at once, reason shown to person |
| NETWORK_PAUSED | X 402, LinkedIn 426 (API version)      | pauses the network for the firm and   |
|                |                                        | alerts the admin                      |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Network(StrEnum):
    X = "x"
    LINKEDIN = "linkedin"


class Outcome(StrEnum):
    RATE_LIMITED = "rate_limited"
    UNAUTHORIZED = "unauthorized"
    DUPLICATE = "duplicate"
    TRANSIENT = "transient"
    REJECTED = "rejected"
    NETWORK_PAUSED = "network_paused"


class PublishError(Exception):
    def __init__(self, outcome: Outcome, detail: str = "", *, status: int | None = None,
                 retry_at: datetime | None = None, existing_id: str | None = None):
        super().__init__(f"{outcome}: {detail}")
        self.outcome = outcome
        self.detail = detail
        self.status = status
        self.retry_at = retry_at          # from x-rate-limit-reset, when the network says
        self.existing_id = existing_id    # the already-published post, when a duplicate names it


@dataclass(frozen=True)
class Credentials:
    """What publishing on someone's behalf needs; decrypted only for the call."""

    access_token: str
    member_id: str  # X user id, or the LinkedIn person URN ("urn:li:person:...")


@dataclass(frozen=True)
class LinkCard:
    """A link shared with a post (LinkedIn shows it as an article; it never scrapes)."""

    url: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str


class Publisher(Protocol):
    network: Network

    def publish(self, credentials: Credentials, text: str, link: LinkCard | None = None) -> Published:
        """Posts `text` exactly as given (already formatted for this network)."""

    def delete(self, credentials: Credentials, external_id: str) -> None:
        """Deletes a post this person published; a post already gone is not an error."""
