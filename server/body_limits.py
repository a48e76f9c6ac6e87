"""How big a request may be, refused before its body is read (413).

The add-on's events carry Drive selections and Gmail metadata: up to
ADDON_MAX_BYTES. A browser form carries at most a post (20,000 characters, which
URL-encoding may grow twelvefold for emoji) and its Drive links: WEB_MAX_BYTES.

A request announcing a larger Content-Length is refused at once, before any other
check and before one byte of its body is read. A chunked request (no
Content-Length) is read through Werkzeug's limited stream, which stops with 413 as
soon as it has read past the limit (gunicorn marks such bodies terminated, so
Werkzeug reads them at all).
"""

from __future__ import annotations

from flask import Flask, abort, request

ADDON_MAX_BYTES = 2 * 1024 * 1024
WEB_MAX_BYTES = 512 * 1024
ADDON_PREFIX = "/addon/"


def _limit() -> None:
    limit = ADDON_MAX_BYTES if request.path.startswith(ADDON_PREFIX) else WEB_MAX_BYTES
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)


def init_app(app: Flask) -> None:
    """Register before any before_request that reads the form (CSRF does)."""
    app.config["MAX_CONTENT_LENGTH"] = ADDON_MAX_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = WEB_MAX_BYTES
    app.before_request(_limit)
