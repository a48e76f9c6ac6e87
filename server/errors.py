"""Turning failures into answers people can read, in their language; never a traceback."""

from __future__ import annotations

import logging

from typing import Callable

from flask import Flask, current_app, g, jsonify, render_template, request
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from core.i18n import N_
from server.i18n import request_translator
from server.rate_limits import RateLimited, too_often
from social.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound

log = logging.getLogger(__name__)

STATUS_BY_ERROR = {NotFound: 404, Forbidden: 403, InvalidInput: 400, Conflict: 409}

MESSAGES_BY_STATUS = {
    400: N_("This request is not valid."),
    401: N_("Please sign in again."),
    403: N_("You are not allowed to do this."),
    404: N_("This page does not exist or is not visible to you."),
    405: N_("This action is not available here."),
    409: N_("This change conflicts with the current state."),
    413: N_("This is too large to be sent."),
    429: N_("Too many requests: please wait a moment."),
    503: N_("Comptoir is briefly unavailable: please try again in a moment."),
    500: N_("Something went wrong on our side. Please try again."),
}


def status_of(error: DomainError) -> int:
    for kind, status in STATUS_BY_ERROR.items():
        if isinstance(error, kind):
            return status
    return 400


IDENTIFY = "comptoir.identify"


def identify_with(app: Flask, identify: Callable[[], object]) -> None:
    """The web layer's way to find the signed-in person (server cannot import web): an
    error raised before any view ran (413, a refused CSRF token) still answers in the
    person's own language."""
    app.extensions[IDENTIFY] = identify


def _identify_person() -> None:
    identify = current_app.extensions.get(IDENTIFY)
    if identify is None or g.get("language") or g.get("database_unavailable"):
        return
    try:
        identify()
    except SQLAlchemyError:
        g.database_unavailable = True


def error_response(status: int, message: str, headers: dict | None = None, *,
                   translated: bool = False):
    """A translated error as JSON or as a page, as the client prefers."""
    _identify_person()
    text = message if translated else request_translator().gettext(message)
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        body = jsonify(error=text, status=status)
    else:
        body = render_template("error.html", status=status, message=text)
    return body, status, headers or {}


def _domain_error(error: DomainError):
    _identify_person()
    translator = request_translator()
    text = translator.gettext(error.message, **error.params)
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return jsonify(error=text, field=error.field, status=status_of(error)), status_of(error)
    return render_template("error.html", status=status_of(error), message=text), \
        status_of(error)


def _http_error(error: HTTPException):
    status = error.code or 500
    if isinstance(error, RateLimited):
        _identify_person()
        return error_response(status, too_often(request_translator(), error.seconds),
                              _kept_headers(error), translated=True)
    return error_response(status, MESSAGES_BY_STATUS.get(status, MESSAGES_BY_STATUS[400]),
                          _kept_headers(error))


def _kept_headers(error: HTTPException) -> dict[str, str]:
    """Retry-After and Allow carry meaning; werkzeug's Content-Type would contradict a
    JSON body."""
    return {name: value for name, value in error.get_headers()
            if name in ("Retry-After", "Allow")}


def _roll_back_request_session() -> None:
    """A failed statement leaves the transaction aborted (PostgreSQL refuses anything
    but a rollback): roll the request's session back before the error page, whose
    layout may read the database, is rendered."""
    session = g.get("_db_session")
    if session is None:
        return
    try:
        session.rollback()
    except SQLAlchemyError:  # the connection itself is gone: the page must not query it
        g.database_unavailable = True


def _database_unavailable(error: OperationalError):
    log.warning("database unavailable: %s", type(error.orig).__name__ if error.orig else error)
    _roll_back_request_session()
    g.database_unavailable = True
    return error_response(503, MESSAGES_BY_STATUS[503], {"Retry-After": "5"})


def _unexpected(error: Exception):
    log.exception("unexpected error on %s %s", request.method, request.path)
    _roll_back_request_session()
    return error_response(500, MESSAGES_BY_STATUS[500])


def init_app(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)
