"""Spaces: the list, creating one, a space's page and members, joining and leaving."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from server.db_session import request_db
from server.i18n import request_translator
from server.rate_limits import limited
from social.errors import Conflict, InvalidInput
from social.services import spaces
from social.services.screens import (space_activity_screen, space_members_screen, space_screen,
                                     spaces_screen)
from web.activity_charts import MEASURES, activity_charts, activity_table
from web.auth.session import current_actor, signed_in
from web.forms import back_to, errors_of, form_values, gettext, page_or_fragment

blueprint = Blueprint("spaces", __name__, url_prefix="/spaces")

CREATE_FIELDS = ("name", "description", "kind", "visibility")
NEW_SPACE = {"kind": "professional", "visibility": "public"}


@blueprint.get("")
@signed_in
def index():
    screen = spaces_screen(request_db(), current_actor(), cursor=request.args.get("after"))
    return render_template("spaces/list.html", screen=screen, form=NEW_SPACE, errors={})


@blueprint.get("/new")
@signed_in
def new():
    return render_template("spaces/new.html", form=NEW_SPACE, errors={})


@blueprint.post("/new")
@signed_in
@limited("space")
def create():
    form = form_values(*CREATE_FIELDS)
    try:
        space = spaces.create_space(request_db(), current_actor(), **form)
    except (InvalidInput, Conflict) as error:
        return render_template("spaces/new.html", form=form, errors=errors_of(error)), 400
    flash(gettext("The space %(name)s is created. Invite your colleagues!", name=space.name),
          "success")
    return redirect(url_for("spaces.page", space_id=space.id), code=303)


@blueprint.get("/<int:space_id>")
@signed_in
def page(space_id: int):
    screen = space_screen(request_db(), current_actor(), space_id,
                          cursor=request.args.get("after"))
    more = url_for("spaces.page", space_id=space_id, after=screen.feed.next_cursor) \
        if screen.feed.next_cursor else None
    return page_or_fragment("spaces/page.html", "posts/_batch.html", screen=screen,
                            space=screen.space, page=screen.feed, more_url=more, tab="posts")


@blueprint.get("/<int:space_id>/members")
@signed_in
def members(space_id: int):
    screen = space_members_screen(request_db(), current_actor(), space_id,
                                  cursor=request.args.get("after"))
    if not screen.can_read:
        abort(403)  # a private space's members are for those who read it
    return render_template("spaces/members.html", screen=screen, space=screen.space,
                           tab="members")


@blueprint.get("/<int:space_id>/activity")
@signed_in
def activity(space_id: int):
    screen = space_activity_screen(request_db(), current_actor(), space_id)
    translator = request_translator()
    titles = [translator.gettext(title) for _measure, title, _name in MEASURES]
    charts = activity_charts(screen.activity, translator, prefix="space")
    return render_template("spaces/activity.html", screen=screen, space=screen.space,
                           tab="activity", charts=list(zip(titles, charts)),
                           table=activity_table(screen.activity, translator))


@blueprint.post("/<int:space_id>/join")
@signed_in
def join(space_id: int):
    space = spaces.join_space(request_db(), current_actor(), space_id)
    if space.my_role:
        flash(gettext("Welcome to %(name)s!", name=space.name), "success")
    else:
        flash(gettext("Your request to join %(name)s is sent to its moderators.",
                      name=space.name), "success")
    return redirect(back_to(url_for("spaces.page", space_id=space_id)), code=303)


@blueprint.post("/<int:space_id>/leave")
@signed_in
def leave(space_id: int):
    try:
        spaces.leave_space(request_db(), current_actor(), space_id)
    except Conflict as error:
        flash(errors_of(error)["form"], "error")
        return redirect(url_for("spaces.page", space_id=space_id), code=303)
    flash(gettext("You left the space."), "success")
    return redirect(url_for("spaces.index"), code=303)
