"""Real headless Chromium (Debian's package, driven by Playwright) against a live app.

A missing Chromium skips these tests on a developer's machine and fails them in
CI. Every page's console is watched: any error fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("COMPTOIR_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


class LiveServer:
    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if IN_CI:
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed (make test installs Debian's package)")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                              args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class ConsoleWatch:
    """Console errors and uncaught exceptions of the pages. A resource the loopback test
    server dropped at the transport level (a favicon fetched while the server stops at
    teardown: ERR_CONNECTION_RESET) says nothing of the page; a status error does."""

    TRANSPORT = re.compile(r"^Failed to load resource: net::ERR_(CONNECTION_RESET|"
                           r"SOCKET_NOT_CONNECTED|CONNECTION_REFUSED|EMPTY_RESPONSE)")

    def __init__(self):
        self.errors: list[str] = []

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        if message.type == "error" and not self.TRANSPORT.match(message.text):
            self.errors.append(f"{message.text} ({message.location.get('url')})")


@pytest.fixture
def new_page(browser):
    """Opens pages in a fresh context; fails the test if any console error appeared."""
    contexts, watch = [], ConsoleWatch()

    def open_page(locale: str = "fr-FR"):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert watch.errors == [], f"browser console errors: {watch.errors}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
