"""CSRF protection for every state-changing browser request.

A token is kept in the signed session and must come back with each POST, PUT,
PATCH or DELETE, in the form field `csrf_token` or the `X-CSRF-Token` header.
Add-on endpoints are exempt: Google calls them with a verified Bearer token and
no cookie. Other exemptions (links that carry their own signed token, such as
one-click unsubscribe) are declared with `exempt`.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Callable

from flask import Flask, abort, current_app, g, request, session
from markupsafe import Markup, escape

SESSION_KEY = "csrf_token"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
EXEMPT_PREFIXES = ("/addon/",)

_exempt_endpoints: set[str] = set()


def exempt(view):
    """Marks a view as protected by other means (a signed token in its URL)."""
    _exempt_endpoints.add(f"{view.__module__}.{view.__name__}")
    return view


def csrf_token() -> str:
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def csrf_input() -> Markup:
    if g.get(_LEAVING_SLOTS):
        return Markup(_SLOT)
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(csrf_token())}">')


# A page kept for a person (web/kept_pages.py) is served to each of their sessions, so
# it holds a slot where each form's token goes. The slot is markup no escaped text can
# be, with a part secret to the process: nothing a person writes can fill it.
_SLOT = f"<!--csrf-slot-{secrets.token_hex(8)}-->"
_LEAVING_SLOTS = "csrf_leaving_slots"


def rendered_with_token_slots(render: Callable[[], str]) -> str:
    """`render()`'s HTML, its forms holding a slot instead of this session's token."""
    before = g.get(_LEAVING_SLOTS, False)
    setattr(g, _LEAVING_SLOTS, True)
    try:
        return render()
    finally:
        setattr(g, _LEAVING_SLOTS, before)


def with_tokens(html: str) -> str:
    """HTML rendered with slots, each form given this session's token."""
    return html.replace(_SLOT, str(csrf_input())) if _SLOT in html else html


def _check() -> None:
    if request.method in SAFE_METHODS or request.path.startswith(EXEMPT_PREFIXES):
        return
    if request.endpoint and _view_name() in _exempt_endpoints:
        return
    expected = session.get(SESSION_KEY)
    sent = request.headers.get(HEADER) or request.form.get(FIELD)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        abort(400, description="csrf")


def _view_name() -> str | None:
    function = current_app.view_functions.get(request.endpoint)
    return f"{function.__module__}.{function.__name__}" if function else None


def init_app(app: Flask) -> None:
    app.before_request(_check)
    app.jinja_env.globals["csrf_input"] = csrf_input
    app.jinja_env.globals["csrf_token"] = csrf_token
