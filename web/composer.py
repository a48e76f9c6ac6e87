"""Writing a post: the composer's form, its preview, and the suggestions it asks for."""

from __future__ import annotations

import re

from flask import (Blueprint, flash, jsonify, make_response, redirect, render_template,
                   request, url_for)

from core.i18n import N_
from core.ids import parse_id
from server.db_session import request_db
from server.rate_limits import limited
from social.drive_links import parse_drive_links
from social.errors import InvalidInput
from social.services import posts, profiles, tags
from social.services.screens import compose_screen
from social.services.writing import preview_markdown
from web.auth.session import current_actor, signed_in
from web.forms import errors_of, form_values, gettext, varying, wants_fragment

blueprint = Blueprint("composer", __name__)

SUGGESTIONS = 8
HANDLE_SEPARATORS = re.compile(r"[._-]+")
FIELDS = ("space_id", "body", "files")


@blueprint.get("/compose")
@signed_in
def page():
    screen = compose_screen(request_db(), current_actor())
    return _page(screen, {"space_id": request.args.get("space", "")})


def _page(screen, form: dict, errors: dict | None = None, preview: str | None = None,
          status: int = 200):
    return render_template("composer/page.html", composer_spaces=screen.spaces,
                           composer_form=form, composer_errors=errors or {},
                           composer_preview=preview), status


@blueprint.post("/compose")
@signed_in
@limited("post")
def publish():
    form = form_values(*FIELDS)
    db = request_db()
    try:
        space_id = _space_id(form["space_id"])
        post = posts.create_post(db, current_actor(), space_id, form["body"],
                                 parse_drive_links(form["files"]))
    except InvalidInput as error:
        return _page(compose_screen(db, current_actor()), form, errors_of(error), status=400)
    flash(gettext("Your post is published in %(space)s.", space=post.space.name), "success")
    return redirect(url_for("posts.page", post_id=post.id), code=303)


def _space_id(value: str) -> int:
    space_id = parse_id(value)
    if space_id is None:
        raise InvalidInput(N_("Choose the space to publish in."), field="space_id")
    return space_id


@blueprint.post("/compose/preview")
@signed_in
def preview():
    """The text as it would be published; without JS, the composer page showing it."""
    if wants_fragment():
        html = preview_markdown(request_db(), current_actor(), request.form.get("body", ""))
        return varying(make_response(render_template("composer/_preview.html",
                                                     composer_preview=html)))
    screen = compose_screen(request_db(), current_actor(), text=request.form.get("body", ""))
    return _page(screen, form_values(*FIELDS), preview=screen.preview)


@blueprint.get("/api/people")
@signed_in
def people():
    """Colleagues for @mention suggestions: handle and name, people the asker may see."""
    # Handles are made from e-mail addresses ("hugo.bernard"): "@hugo.b" looks for the
    # name "hugo b", since the directory matches names, skills and passions.
    query = HANDLE_SEPARATORS.sub(" ", request.args.get("q", "")).strip()[:60]
    if not query:
        return jsonify([])
    found = profiles.search_directory(request_db(), current_actor(), query=query,
                                      limit=SUGGESTIONS)
    return jsonify([{"handle": entry.person.handle, "name": entry.person.name}
                    for entry in found.items])


@blueprint.get("/api/tags")
@signed_in
def hashtags():
    query = request.args.get("q", "").strip()[:60]
    found = tags.suggest_tags(request_db(), current_actor(), query, limit=SUGGESTIONS)
    return jsonify([{"tag": tag.label, "key": tag.key, "uses": tag.uses} for tag in found])
