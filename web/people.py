"""The directory (by name, skill or passion) and people's profile pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from server.db_session import request_db
from social.services import profiles
from web.auth.session import current_actor, signed_in

blueprint = Blueprint("people", __name__, url_prefix="/people")

DIRECTORY_PAGE = 24


@blueprint.get("")
@signed_in
def directory():
    search = {name: request.args.get(name, "").strip() for name in ("q", "skill", "passion")}
    page = profiles.search_directory(request_db(), current_actor(), query=search["q"],
                                     skill=search["skill"], passion=search["passion"],
                                     cursor=request.args.get("after"), limit=DIRECTORY_PAGE)
    return render_template("people/directory.html", page=page, search=search)


@blueprint.get("/<handle>")
@signed_in
def profile(handle: str):
    shown = profiles.get_profile(request_db(), current_actor(), handle=handle)
    return render_template("people/profile.html", profile=shown)
