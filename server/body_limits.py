"""How big a request may be, refused before its body is read (413).

The add-on's events carry Drive selections and Gmail metadata: up to
ADDON_MAX_BYTES. A browser form carries at most a post (20,000 characters, which
URL-encoding may grow twelvefold for emoji) and its Drive links: WEB_MAX_BYTES.

A request announcing a larger Content-Length is refused at once, before any other
check and before one byte of its body is read. A chunked request (no
Content-Length; gunicorn marks such bodies terminated, so they are read at all) is
read here, up to one byte past the limit: 413 when that byte is there. Werkzeug's
own limited stream would stop at the limit without saying so, and the form would
be parsed cut short (a missing CSRF token: a puzzling 400).
"""

from __future__ import annotations

import io

from flask import Flask, abort, request

ADDON_MAX_BYTES = 2 * 1024 * 1024
WEB_MAX_BYTES = 512 * 1024
ADDON_PREFIX = "/addon/"


def _limit() -> None:
    limit = ADDON_MAX_BYTES if request.path.startswith(ADDON_PREFIX) else WEB_MAX_BYTES
    request.max_content_length = limit
    if request.content_length is not None:
        if request.content_length > limit:
            abort(413)
    elif request.environ.get("wsgi.input_terminated"):
        _read_whole_body(limit)


def _read_whole_body(limit: int) -> None:
    """A body of unknown length, read at most one byte past `limit`, then served to
    Werkzeug as a body of known length."""
    stream, chunks, size = request.environ["wsgi.input"], [], 0
    while size <= limit:
        chunk = stream.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        abort(413)
    request.environ["wsgi.input"] = io.BytesIO(b"".join(chunks))
    request.environ["CONTENT_LENGTH"] = str(size)
    request.environ.pop("HTTP_TRANSFER_ENCODING", None)


def init_app(app: Flask) -> None:
    """Register before any before_request that reads the form (CSRF does)."""
    app.config["MAX_CONTENT_LENGTH"] = ADDON_MAX_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = WEB_MAX_BYTES
    app.before_request(_limit)
