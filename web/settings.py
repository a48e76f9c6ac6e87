"""My settings: language, time zone, digests, what each space tells me, and RSS feed links."""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from zoneinfo import available_timezones

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from core.ids import parse_id
from server.db_session import request_db
from server.runtime import current_runtime
from social.errors import Conflict, InvalidInput
from social.notifications import levels
from social.services import feed_tokens, people
from social.services.preferences import settings_screen
from web.auth.session import current_actor, signed_in
from web.messages import _, form_errors

blueprint = Blueprint("settings", __name__, url_prefix="/me/settings")

PREFERENCES = ("language", "time_zone", "digest_frequency")


@lru_cache(maxsize=1)
def zone_groups() -> list[tuple[str, list[str]]]:
    """IANA zone names by region ("Europe" → Paris, ...), for a grouped <select>."""
    names = sorted(name for name in available_timezones()
                   if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/",
                                                           "right/")))
    return [(region, list(zones)) for region, zones in
            groupby(names, key=lambda name: name.split("/", 1)[0])]


def _page(status: int = 200, *, form: dict | None = None, errors: dict | None = None,
          new_token: str | None = None):
    screen = settings_screen(request_db(), current_actor())
    form = form or {"language": screen.language, "time_zone": screen.time_zone,
                    "digest_frequency": screen.digest_frequency}
    return render_template("settings/page.html", screen=screen, form=form, errors=errors or {},
                           zones=zone_groups(), new_token=new_token,
                           base_url=current_runtime().settings.base_url.rstrip("/")), status


@blueprint.get("")
@signed_in
def index():
    return _page()


@blueprint.post("")
@signed_in
def save_preferences():
    form = {name: request.form.get(name, "") for name in PREFERENCES}
    try:
        user = people.update_preferences(request_db(), current_actor(),
                                         language=form["language"], time_zone=form["time_zone"],
                                         digest_frequency=form["digest_frequency"])
    except InvalidInput as error:
        request_db().rollback()
        return _page(400, form=form, errors=form_errors(error))
    g.language = user.preferred_language or user.locale  # say it in the language just chosen
    flash(_("Your settings are saved."), "success")
    return redirect(url_for(".index"), code=303)


@blueprint.post("/spaces")
@signed_in
def save_levels():
    chosen = {}
    for name, value in request.form.items():
        space_id = parse_id(name[6:]) if name.startswith("level-") else None
        if space_id is not None:
            chosen[space_id] = value
    try:
        levels.set_space_levels(request_db(), current_actor(), chosen)
    except InvalidInput as error:
        request_db().rollback()
        return _page(400, errors=form_errors(error))
    flash(_("Your notification choices are saved."), "success")
    return redirect(url_for(".index", _anchor="spaces"), code=303)


@blueprint.post("/feed-tokens")
@signed_in
def create_token():
    try:
        token, _created = feed_tokens.create_feed_token(request_db(), current_actor(),
                                                        request.form.get("label", ""))
    except (InvalidInput, Conflict) as error:  # a long name, or too many links
        request_db().rollback()
        return _page(400, errors=form_errors(error))
    # Shown on this answer only: it is not stored, and a reload does not show it again.
    response, status = _page(new_token=token)
    return response, status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@blueprint.post("/feed-tokens/<int:token_id>/revoke")
@signed_in
def revoke_token(token_id: int):
    feed_tokens.revoke_feed_token(request_db(), current_actor(), token_id)
    flash(_("The feed link is revoked: feed readers using it get nothing from now on."),
          "success")
    return redirect(url_for(".index", _anchor="feeds"), code=303)
