"""The home feed: my spaces' posts, ranked unless asked newest first; and the site icon."""

from flask import Blueprint, current_app, redirect, request, url_for

from server.db_session import request_db
from server.runtime import current_runtime
from social.services.screens import RECENT, home_screen
from social.services.versions import cached_view
from web.auth.session import current_actor, current_user
from web.forms import render_page_or_fragment
from web.kept_pages import kept_page

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    if current_user() is None:
        return redirect(url_for("auth.sign_in"))
    return kept_page("home", _rendered_home)


def _rendered_home() -> str:
    db, actor = request_db(), current_actor()
    order, cursor = request.args.get("order", ""), request.args.get("after")
    screen = cached_view(current_runtime().view_cache, db, actor, "home", (order, cursor),
                         lambda: home_screen(db, actor, order=order, cursor=cursor))
    return render_page_or_fragment("home/feed.html", "posts/_batch.html", screen=screen,
                                   page=screen.feed, more_url=_older(screen))


def _older(screen) -> str | None:
    if not screen.feed.next_cursor:
        return None
    order = RECENT if screen.order == RECENT else None
    return url_for("home.index", order=order, after=screen.feed.next_cursor)


@blueprint.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.png")
