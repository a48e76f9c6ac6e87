"""The home feed, and the site icon."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from server.db_session import request_db
from social.services import feeds, spaces
from web.auth.session import current_actor, current_user

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    if current_user() is None:
        return redirect(url_for("auth.sign_in"))
    actor = current_actor()
    db = request_db()
    page = feeds.home_feed(db, actor, cursor=request.args.get("after"), limit=20)
    mine = spaces.list_spaces(db, actor, mine_only=True, include_archived=False, limit=50)
    return render_template("home/feed.html", page=page, spaces=mine.items)


@blueprint.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.png")
