"""The sandbox providers on a loopback port, with helpers that speak its control API.

The sandbox is the real thing Comptoir's development mode mounts; tests drive
it only through HTTP (its APIs and its control API), as another process would.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

import sandbox
from sandbox.app import release
from sandbox.endpoints import CLIENT_ID, CLIENT_SECRET, settings_for
from tests.fakes.server import LoopbackServer


class SandboxServer(LoopbackServer):
    def __init__(self, *, clock: Callable[[], float] = time.time, **options: Any):
        super().__init__(sandbox.create_app(clock=clock, **options))
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET

    def stop(self) -> None:
        release(self.app)  # wake requests held by a timeout fault
        super().stop()

    # where things are -----------------------------------------------------------------

    @property
    def x_api_url(self) -> str:
        return self.url + "/x"

    @property
    def linkedin_api_url(self) -> str:
        return self.url + "/linkedin"

    def settings(self) -> dict[str, str]:
        """Comptoir settings overrides aiming X and LinkedIn at this server."""
        return settings_for(self.url)

    def environment(self) -> dict[str, str]:
        """The same as COMPTOIR_* variables, for worker processes."""
        return {"COMPTOIR_" + name.upper(): value for name, value in self.settings().items()}

    # the control API ------------------------------------------------------------------

    def _control(self, method: str, path: str, **options: Any) -> requests.Response:
        response = requests.request(method, self.url + path, timeout=5, **options)
        response.raise_for_status()
        return response

    def account(self, network: str, handle: str, name: str = "", **extra: Any) -> dict:
        """{member_id, handle, name, email, access_token, refresh_token, expires_in}."""
        return self._control("POST", f"/{network}/_sandbox/accounts",
                             json={"handle": handle, "name": name, **extra}).json()

    def fault(self, network: str, kind: str, **spec: Any) -> None:
        self._control("POST", f"/{network}/_sandbox/faults", json={"kind": kind, **spec})

    def faults(self, network: str) -> list[dict]:
        return self._control("GET", f"/{network}/_sandbox/faults").json()["faults"]

    def latency(self, network: str, ms: float) -> None:
        self._control("PUT", f"/{network}/_sandbox/latency", json={"ms": ms})

    def ledger(self, network: str) -> list[dict]:
        return self._control("GET", f"/{network}/_sandbox/ledger").json()["posts"]

    def expire_tokens(self, network: str) -> int:
        return self._control("POST", f"/{network}/_sandbox/expire-tokens").json()["expired"]

    def reset(self) -> None:
        self._control("POST", "/_sandbox/reset")


class ManualClock:
    """Epoch seconds that move only when told to (token expiry, the 24-hour window)."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def sandbox_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sandbox_server(sandbox_clock) -> Iterator[SandboxServer]:
    """A fresh sandbox per test (cheap: an in-memory SQLite and a thread)."""
    with SandboxServer(clock=sandbox_clock) as server:
        yield server


def complete_authorization(authorize_url: str, handle: str, name: str = "", *,
                           decision: str = "allow", **overrides: str) -> dict[str, str]:
    """What a person does on the sandbox's authorize page: load it, submit it.

    Returns the query of the redirect back to the app (code and state, or error).
    `overrides` replace form fields (e.g. a narrower `scope`, as if unticked).
    """
    page = requests.get(authorize_url, timeout=5)
    page.raise_for_status()
    fields = dict(_HIDDEN.findall(page.text))
    fields = {key: html.unescape(value) for key, value in fields.items()}
    fields.update(handle=handle, name=name, decision=decision, **overrides)
    answer = requests.post(authorize_url.split("?")[0], data=fields, allow_redirects=False,
                           timeout=5)
    assert answer.status_code == 302, answer.text
    return {key: values[0] for key, values in parse_qs(urlsplit(answer.headers["Location"])
                                                        .query).items()}


_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
