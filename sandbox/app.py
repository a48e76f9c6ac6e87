"""The sandbox's app factory."""

from __future__ import annotations

import ipaddress
import time
from typing import Callable, Iterable, Mapping

from flask import Flask, abort, request

from sandbox import control, endpoints, linkedin_api, x_api
from sandbox.faults import Faults
from sandbox.state import Sandbox
from sandbox.store import Store


def create_app(*, store_path: str | None = None,
               clients: Mapping[str, str] | None = None,
               clock: Callable[[], float] = time.time,
               inactive_linkedin_versions: Iterable[str] = (),
               loopback_only: bool = True) -> Flask:
    """The X and LinkedIn stand-ins in one WSGI app: X under /x, LinkedIn under
    /linkedin, the control API under /<network>/_sandbox and /_sandbox, the
    timeline at /.

    store_path: a SQLite file that keeps accounts, tokens and the ledger across
    restarts (None: in memory). clients: OAuth client id -> secret (default: the
    sandbox client of sandbox.endpoints). loopback_only: answer 404 to anyone
    not on this machine (the control API is unauthenticated).
    """
    app = Flask("sandbox")
    app.extensions["sandbox"] = Sandbox(
        store=Store(store_path, clock=clock), faults=Faults(),
        clients=dict(clients or {endpoints.CLIENT_ID: endpoints.CLIENT_SECRET}),
        inactive_linkedin_versions=frozenset(inactive_linkedin_versions))
    if loopback_only:
        app.before_request(_loopback_only)
    app.register_blueprint(x_api.blueprint, url_prefix=endpoints.X_PREFIX)
    app.register_blueprint(linkedin_api.blueprint, url_prefix=endpoints.LINKEDIN_PREFIX)
    app.register_blueprint(control.blueprint)
    return app


def release(app: Flask) -> None:
    """Wakes requests held by a timeout fault or latency: call before stopping a server."""
    app.extensions["sandbox"].faults.release()


def _loopback_only() -> None:
    try:
        if ipaddress.ip_address(request.remote_addr or "").is_loopback:
            return
    except ValueError:
        pass
    abort(404)
