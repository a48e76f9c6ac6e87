"""One database session per request, closed (and rolled back if unfinished) at its end."""

from __future__ import annotations

from flask import Flask, g, request
from sqlalchemy.orm import Session

from server.runtime import current_runtime

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def request_db() -> Session:
    session = g.get("_db_session")
    if session is None:
        writes = request.method not in READ_ONLY_METHODS
        session = current_runtime().database.session(write=writes)
        g._db_session = session
    return session


def _close_session(_exception: BaseException | None) -> None:
    session = g.pop("_db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close_session)
