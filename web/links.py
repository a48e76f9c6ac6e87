"""/l/<code>: the short links of shared posts. Counts the click, redirects to the target.

Anyone may follow a shared post's link, signed in or not, so the code is the only key
and the firm is learned from the link itself: a system session, as
advocacy.services.links explains. Only codes a delivery wrote resolve (anything else
is the 404 page), so this is never an open redirect.
"""

from __future__ import annotations

from flask import Blueprint, redirect

from advocacy.services.links import resolve_link
from server.runtime import current_runtime
from social.errors import NotFound

blueprint = Blueprint("links", __name__)

# Each click must reach us to be counted: no cache may answer for us.
NOT_CACHED = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@blueprint.get("/l/<code>")
def follow(code: str):
    with current_runtime().database.system_session(write=True) as db:
        target = resolve_link(db, code)
    # Targets are the post's own links (http or https, UTM-tagged); should anything else
    # ever be stored, it is not followed.
    if not target.lower().startswith(("https://", "http://")):
        raise NotFound()
    response = redirect(target, code=302)
    response.headers.update(NOT_CACHED)
    return response
