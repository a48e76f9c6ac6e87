"""Searching the posts and comments I may read."""

from flask import Blueprint, request, url_for

from server.db_session import request_db
from server.runtime import current_runtime
from social import search
from social.services.versions import cached_view
from web.auth.session import current_actor, signed_in
from web.forms import render_page_or_fragment
from web.kept_pages import kept_page

blueprint = Blueprint("search", __name__)

MAX_QUERY = 200


@blueprint.get("/search")
@signed_in
def page():
    return kept_page("search", _rendered_results)


def _rendered_results() -> str:
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    db, actor, cursor = request_db(), current_actor(), request.args.get("after")
    results = cached_view(current_runtime().view_cache, db, actor, "search", (query, cursor),
                          lambda: search.search(db, actor, query, cursor=cursor, limit=20))
    more = url_for("search.page", q=query, after=results.next_cursor) \
        if results.next_cursor else None
    return render_page_or_fragment("search/page.html", "search/_results.html", query=query,
                                   results=results, more_url=more)
