"""In-memory stand-ins for what the gateway is given: a cipher, a network, a refresher.

FakeNetwork behaves like X and LinkedIn where it matters to the worker: it keeps
a ledger of what was published, answers "duplicate" to the same text from the
same member, and can be told to fail the next calls in any way the outcomes
table names, or to publish and then lose the answer (a dropped connection).
"""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass, field
from datetime import datetime

from integrations.networks import (Credentials, LinkCard, Network, Outcome, PublishError,
                                   Published)


class FakeCipher:
    """Reversible, and never the plaintext (so a dump test could tell)."""

    def encrypt(self, plaintext: str) -> str:
        return "ct:" + base64.b64encode(plaintext[::-1].encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        assert ciphertext.startswith("ct:"), "not one of our ciphertexts"
        return base64.b64decode(ciphertext[3:]).decode()[::-1]


@dataclass
class Post:
    external_id: str
    member_id: str
    text: str
    link: LinkCard | None
    token: str


@dataclass
class FakeNetwork:
    network: Network
    ledger: list[Post] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    valid_tokens: set[str] | None = None  # None: any token works
    script: list = field(default_factory=list)  # what the next calls do, in order
    calls: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1001))

    def fail_next(self, *failures) -> None:
        self.script.extend(failures)

    def publish(self, credentials: Credentials, text: str,
                link: LinkCard | None = None) -> Published:
        self.calls += 1
        step = self.script.pop(0) if self.script else None
        if isinstance(step, PublishError):
            raise step
        if self.valid_tokens is not None and credentials.access_token not in self.valid_tokens:
            raise PublishError(Outcome.UNAUTHORIZED, "Invalid access token", status=401)
        for post in self.ledger:
            if post.member_id == credentials.member_id and post.text == text:
                raise PublishError(Outcome.DUPLICATE, "duplicate content", status=403,
                                   existing_id=post.external_id)
        post = Post(self._external_id(), credentials.member_id, text, link,
                    credentials.access_token)
        self.ledger.append(post)
        if step == "drop_after_publish":
            raise PublishError(Outcome.TRANSIENT, "connection dropped")
        return Published(post.external_id, f"https://{self.network}.example/{post.external_id}")

    def delete(self, credentials: Credentials, external_id: str) -> None:
        self.calls += 1
        step = self.script.pop(0) if self.script else None
        if isinstance(step, PublishError):
            raise step
        self.deleted.append(external_id)
        self.ledger = [post for post in self.ledger if post.external_id != external_id]

    def published_texts(self) -> list[str]:
        return [post.text for post in self.ledger]

    def _external_id(self) -> str:
        number = next(self._ids)
        return str(number) if self.network == Network.X else f"urn:li:share:{number}"


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None


class FakeRefresher:
    """X's refresh: each refresh token works once and is replaced (rotation)."""

    def __init__(self, network: FakeNetwork | None = None, *, refuse: bool = False):
        self.network = network
        self.refuse = refuse
        self.used: list[str] = []
        self._count = itertools.count(1)

    def __call__(self, refresh_token: str) -> Tokens:
        if self.refuse or refresh_token in self.used:
            raise RuntimeError("invalid_grant")
        self.used.append(refresh_token)
        number = next(self._count)
        access = f"x-access-refreshed-{number}"
        if self.network is not None and self.network.valid_tokens is not None:
            self.network.valid_tokens.add(access)
        return Tokens(access, f"x-refresh-rotated-{number}", None)
