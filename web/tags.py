"""Hashtag pages: the posts carrying a tag, in the spaces I read."""

import re

from flask import Blueprint, abort, request, url_for

from server.db_session import request_db
from social.services.screens import tag_screen
from web.auth.session import current_actor, signed_in
from web.forms import page_or_fragment

blueprint = Blueprint("tags", __name__, url_prefix="/tags")

# No hashtag has control characters, and PostgreSQL refuses NUL in text (a 500).
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@blueprint.get("/<tag>")
@signed_in
def page(tag: str):
    if CONTROL.search(tag):
        abort(404)
    screen = tag_screen(request_db(), current_actor(), tag, cursor=request.args.get("after"))
    more = url_for("tags.page", tag=tag, after=screen.feed.next_cursor) \
        if screen.feed.next_cursor else None
    return page_or_fragment("tags/page.html", "posts/_batch.html", screen=screen,
                            page=screen.feed, more_url=more)
