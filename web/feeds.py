"""RSS and Atom feeds behind a private token: read by feed readers, which cannot sign in.

GET only, no session: the token in the URL says whose feed it is. An unknown or
revoked token, a deactivated owner, a space the owner may not read: all answer
the same 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from core.i18n import Translator
from server.runtime import current_runtime
from social.errors import NotFound
from social.services.feed_tokens import resolve_feed_token
from social.services.syndication import (Syndication, home_syndication, space_syndication,
                                         tag_syndication)
from social.services.versions import cached_view
from web.syndication import fits_xml, render

blueprint = Blueprint("feeds", __name__)

MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
FORMAT = "<any(atom, rss):kind>"


@blueprint.get(f"/feeds/<token>/home.{FORMAT}")
def home(token: str, kind: str):
    return _feed(token, kind, home_syndication)


@blueprint.get(f"/feeds/<token>/spaces/<int:space_id>.{FORMAT}")
def space(token: str, space_id: int, kind: str):
    return _feed(token, kind, space_syndication, space_id)


@blueprint.get(f"/feeds/<token>/tags/<tag>.{FORMAT}")
def tag(token: str, tag: str, kind: str):
    if not fits_xml(tag):  # no hashtag has control characters, and the feed could not say it
        abort(404)
    return _feed(token, kind, tag_syndication, tag)


def _feed(token: str, kind: str, build, *args) -> Response:
    runtime = current_runtime()
    settings = runtime.settings
    feed_url = settings.base_url.rstrip("/") + request.path
    # A write session although this is a GET: resolving the token notes its use, and
    # on SQLite a read transaction that starts writing fails at once if anyone else
    # writes, where a write session waits its turn.
    with runtime.database.session(write=True) as db:
        owner = resolve_feed_token(db, token, known=runtime.known_callers,
                                   board=runtime.database.versions)
        if owner is None:
            abort(404)

        def rendered() -> str:
            try:
                feed: Syndication = build(db, owner, *args)
            except NotFound:
                abort(404)
            return render(feed, kind, base_url=settings.base_url, feed_url=feed_url,
                          translator=Translator(feed.language))

        body = cached_view(runtime.view_cache, db, owner, "feed", feed_url, rendered)
    response = Response(body, content_type=f"{MEDIA_TYPES[kind]}; charset=utf-8")
    # The URL is a secret: no shared cache keeps it, no search engine lists it.
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
