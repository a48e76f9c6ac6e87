"""A fake Google per test, sharing one signing key (generating RSA keys is the slow part)."""

from __future__ import annotations

from typing import Iterator

import pytest

from integrations.google.local_keys import LocalSigningKey
from tests.fakes.google import FakeGoogle

USER_TOKEN = "ya29.user-token"
GMAIL_TOKEN = "gmail-access-token"


class ManualClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def signing_key() -> LocalSigningKey:
    return LocalSigningKey()


@pytest.fixture
def google(signing_key) -> Iterator[FakeGoogle]:
    with FakeGoogle(key=signing_key) as fake:
        fake.oauth_tokens.add(USER_TOKEN)
        fake.gmail_access_tokens.add(GMAIL_TOKEN)
        yield fake


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()
