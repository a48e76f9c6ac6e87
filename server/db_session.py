"""One database session per request, closed (and rolled back if unfinished) at its end."""

from __future__ import annotations

import logging

from flask import Flask, g, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server.runtime import current_runtime

log = logging.getLogger(__name__)

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
        try:
            session.close()
        except DBAPIError as error:
            # The database went away once the answer was made (a restart ends every
            # connection) and the open transaction's rollback failed. The answer stands:
            # raised here, the error would become gunicorn's bare 500. SQLAlchemy has
            # already dropped the connection from its pool.
            log.warning("database session closed on a lost connection: %s",
                        type(error).__name__)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close_session)
