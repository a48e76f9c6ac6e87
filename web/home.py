"""The home feed: my spaces' posts, ranked unless asked newest first; and the site icon."""

from flask import Blueprint, current_app, redirect, request, url_for

from server.db_session import request_db
from social.services.screens import RECENT, home_screen
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
    screen = home_screen(request_db(), current_actor(), order=request.args.get("order", ""),
                         cursor=request.args.get("after"))
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
