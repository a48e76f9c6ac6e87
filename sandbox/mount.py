"""Mounting the sandbox inside another WSGI app (Comptoir's development server).

A separate WSGI app behind a DispatcherMiddleware, not blueprints: the host's
before-request hooks (sign-in, CSRF, tenant) never see the sandbox's API calls,
as they would not see X's or LinkedIn's.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from sandbox.endpoints import MOUNT_PATH


def mount(app: Flask, state_folder: str | Path, path: str = MOUNT_PATH) -> Flask:
    """Serves the sandbox at `path` of `app`, its state kept in state_folder/sandbox.sqlite3."""
    from sandbox.app import create_app

    folder = Path(state_folder)
    folder.mkdir(parents=True, exist_ok=True)
    sandbox_app = create_app(store_path=str(folder / "sandbox.sqlite3"))
    app.extensions["sandbox_app"] = sandbox_app
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {path: sandbox_app})  # type: ignore[method-assign]
    return sandbox_app
