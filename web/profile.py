"""Editing one's own profile: job title, bio, site and team, skills and passions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from server.db_session import request_db
from social.errors import InvalidInput
from social.services import profiles
from web.auth.session import current_actor, signed_in
from web.messages import _, form_errors

blueprint = Blueprint("profile", __name__, url_prefix="/me/profile")

FIELDS = ("job_title", "bio", "site", "team", "skills", "passions")


def split_tags(text: str) -> list[str]:
    """Tags as typed in one box: separated by commas or line breaks."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


@blueprint.get("")
@signed_in
def edit():
    shown = profiles.get_profile(request_db(), current_actor(), user_id=current_actor().user_id)
    form = {"job_title": shown.job_title, "bio": shown.bio, "site": shown.site,
            "team": shown.team, "skills": ", ".join(shown.skills),
            "passions": ", ".join(shown.passions)}
    return render_template("profile/edit.html", form=form, errors={})


@blueprint.post("")
@signed_in
def save():
    form = {name: request.form.get(name, "") for name in FIELDS}
    actor = current_actor()
    try:
        saved = profiles.update_profile(
            request_db(), actor, job_title=form["job_title"], bio=form["bio"],
            site=form["site"], team=form["team"], skills=split_tags(form["skills"]),
            passions=split_tags(form["passions"]))
    except InvalidInput as error:
        request_db().rollback()
        errors = form_errors(error)
        # The services name tag errors by their kind ("skill", "passion"): the boxes are plural.
        errors = {{"skill": "skills", "passion": "passions"}.get(k, k): v for k, v in errors.items()}
        return render_template("profile/edit.html", form=form, errors=errors), 400
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("people.profile", handle=saved.person.handle), code=303)
