"""A space's settings tab: its name and description, archiving, members' roles,
invitations (colleagues and external guests) and requests to join.

Forms people type into come back with their input and the reason when refused;
one-click actions refused for a reason worth telling ("a space needs an owner")
come back to the tab with that reason.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from server.db_session import request_db
from server.rate_limits import limited
from social.errors import Conflict, InvalidInput
from social.services import invitations, spaces
from social.services.screens import space_members_screen
from web.auth.session import current_actor, signed_in
from web.forms import errors_of, form_values, gettext

blueprint = Blueprint("space_settings", __name__, url_prefix="/spaces/<int:space_id>")

TOLD = (InvalidInput, Conflict)


def _settings_url(space_id: int) -> str:
    return url_for("space_settings.page", space_id=space_id)


def _render(space_id: int, status: int = 200, **forms):
    screen = space_members_screen(request_db(), current_actor(), space_id,
                                  cursor=request.args.get("after"))
    if not (screen.can_manage or screen.can_moderate):
        abort(403)
    return render_template("spaces/settings.html", screen=screen, space=screen.space,
                           tab="settings", forms=forms), status


def _done(space_id: int, message: str):
    flash(message, "success")
    return redirect(_settings_url(space_id), code=303)


def _told(space_id: int, error):
    flash(next(iter(errors_of(error).values())), "error")
    return redirect(_settings_url(space_id), code=303)


@blueprint.get("/settings")
@signed_in
def page(space_id: int):
    return _render(space_id)


@blueprint.post("/settings")
@signed_in
def rename(space_id: int):
    form = form_values("name", "description")
    try:
        spaces.rename_space(request_db(), current_actor(), space_id, name=form["name"],
                            description=form["description"])
    except TOLD as error:
        return _render(space_id, 400, about={"form": form, "errors": errors_of(error)})
    return _done(space_id, gettext("The space is updated."))


@blueprint.post("/archive")
@signed_in
def archive(space_id: int):
    archived = request.form.get("archived") == "1"
    spaces.set_space_archived(request_db(), current_actor(), space_id, archived)
    return _done(space_id, gettext("The space is archived: it can be read, not changed.")
                 if archived else gettext("The space is open again."))


@blueprint.post("/members/<int:user_id>/role")
@signed_in
def set_role(space_id: int, user_id: int):
    try:
        member = spaces.set_member_role(request_db(), current_actor(), space_id, user_id,
                                        request.form.get("role", ""))
    except TOLD as error:
        return _told(space_id, error)
    return _done(space_id, gettext("%(name)s's role is changed.", name=member.person.name))


@blueprint.post("/members/<int:user_id>/remove")
@signed_in
def remove(space_id: int, user_id: int):
    try:
        spaces.remove_member(request_db(), current_actor(), space_id, user_id)
    except TOLD as error:
        return _told(space_id, error)
    return _done(space_id, gettext("The member is removed from the space."))


@blueprint.post("/invitations")
@signed_in
@limited("invitation")
def invite(space_id: int):
    form = form_values("handle")
    try:
        member = invitations.invite_colleague(request_db(), current_actor(), space_id,
                                              form["handle"])
    except TOLD as error:
        return _render(space_id, 400, invite={"form": form, "errors": errors_of(error)})
    return _done(space_id, gettext("%(name)s is now a member.", name=member.person.name))


@blueprint.post("/guests")
@signed_in
@limited("invitation")
def invite_guest(space_id: int):
    form = form_values("email", "name")
    try:
        member = spaces.invite_guest(request_db(), current_actor(), space_id,
                                     email=form["email"], name=form["name"])
    except TOLD as error:
        return _render(space_id, 400, guest={"form": form, "errors": errors_of(error)})
    return _done(space_id, gettext("%(name)s is invited as a guest of this space.",
                                   name=member.person.name))


@blueprint.post("/requests/<int:user_id>")
@signed_in
def answer_request(space_id: int, user_id: int):
    accept = request.form.get("decision") == "accept"
    spaces.answer_join_request(request_db(), current_actor(), space_id, user_id, accept=accept)
    return _done(space_id, gettext("The request is accepted.") if accept
                 else gettext("The request is declined."))
