"""Whole pages kept for one person while nothing changed in their firm (core/view_cache.py).

Once its data is kept, what a page costs is Jinja's rendering: the web home took
about 24 ms in-process to render a kept feed. A page is a function of the signed-in
person and their firm's content version (its data, the layout's badges), the
language and time zone it is rendered in, its URL, whether a script asked for the
fragment: all are in the key. The session's CSRF token is not: the kept page holds a
slot in each form, filled with the token of the session it is served to
(web/csrf.py). Relative times ("2 min ago") may lag by the cache's time to live, as in
every kept view. A page that carries a message to flash is rendered afresh: the
message shows once. Pages are larger than cards (about 55 kB for the web home): they
have a cache of their own, COMPTOIR_PAGE_CACHE_ENTRIES per process.
"""

from __future__ import annotations

from typing import Callable

from flask import Response, make_response, request, session

from server.db_session import request_db
from server.i18n import request_translator
from server.runtime import current_runtime
from social.services.versions import cached_view
from web.auth.session import current_actor
from web.csrf import rendered_with_token_slots, with_tokens
from web.forms import varying, wants_fragment


def kept_page(kind: str, render: Callable[[], str]) -> Response:
    """`render()`'s HTML, or the HTML it rendered for this person at this URL while nothing
    changed in their firm. Signed-in views only."""
    if session.get("_flashes"):
        return varying(make_response(render()))
    translator = request_translator()
    detail = (request.full_path, wants_fragment(), translator.language, translator.time_zone)
    html = cached_view(current_runtime().page_cache, request_db(), current_actor(), kind,
                       detail, lambda: rendered_with_token_slots(render))
    return varying(make_response(with_tokens(html)))
