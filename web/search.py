"""Searching the posts and comments I may read."""

from flask import Blueprint, request, url_for

from server.db_session import request_db
from social import search
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
    results = search.search(request_db(), current_actor(), query,
                            cursor=request.args.get("after"), limit=20)
    more = url_for("search.page", q=query, after=results.next_cursor) \
        if results.next_cursor else None
    return render_page_or_fragment("search/page.html", "search/_results.html", query=query,
                                   results=results, more_url=more)
