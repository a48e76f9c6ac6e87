"""Your data (GDPR): a person downloads all their data; the admin downloads anyone's,
and erases a person, irreversibly, after a confirmation page."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from advocacy.offboarding.revocation import revokers_of
from advocacy.privacy.erasure import DELETE, KEEP, check_erasable, erase_person
from advocacy.privacy.export import export_person
from core.clock import utcnow
from core.i18n import Translator
from server.db_session import request_db
from server.rate_limits import forget_person
from server.runtime import current_runtime
from social.errors import InvalidInput
from web.archive import archive_name, build_archive
from web.auth.session import current_actor, signed_in
from web.messages import _, form_errors

blueprint = Blueprint("privacy", __name__)

CONFIRMATION_FIELD = "understood"


@blueprint.get("/me/settings/data")
@signed_in
def my_data():
    """A download of one's own data: a GET changes nothing, so no CSRF token is needed."""
    return _archive(current_actor().user_id)


@blueprint.get("/admin/people/<int:user_id>/data")
@signed_in
def person_data(user_id: int):
    return _archive(user_id)


def _archive(user_id: int) -> Response:
    user, data = export_person(request_db(), current_actor(), user_id)
    now = utcnow()
    # The person's language and time zone, even when the admin downloads it.
    translator = Translator(user.preferred_language or user.locale, user.time_zone)
    body = build_archive(data, translator, now)
    request_db().rollback()  # read only: end the transaction before sending the file
    return Response(body, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{archive_name(user.handle, now)}"',
        "Cache-Control": "no-store"})


@blueprint.get("/admin/people/<int:user_id>/erase")
@signed_in
def confirm_erasure(user_id: int):
    return _confirmation(user_id)


def _confirmation(user_id: int, status: int = 200, *, content: str = "",
                  errors: dict | None = None):
    person = check_erasable(request_db(), current_actor(), user_id)
    return render_template("privacy/erase.html", person=person, content=content,
                           errors=errors or {}, KEEP=KEEP, DELETE=DELETE), status


@blueprint.post("/admin/people/<int:user_id>/erase")
@signed_in
def erase(user_id: int):
    content = request.form.get("content", "")
    if request.form.get(CONFIRMATION_FIELD) != "1":
        return _confirmation(user_id, 400, content=content, errors={
            CONFIRMATION_FIELD: _("Tick the box to confirm that erasing cannot be undone.")})
    runtime = current_runtime()
    try:
        erased = erase_person(request_db(), current_actor(), user_id, content=content,
                              cipher=runtime.token_cipher, revoke=revokers_of(runtime))
    except InvalidInput as error:
        request_db().rollback()
        return _confirmation(user_id, 400, content=content, errors=form_errors(error))
    forget_person(erased.user_id, erased.former_email)
    if erased.content == KEEP:
        flash(_("The person is erased; what they wrote stays, under “Former member”."),
              "success")
    else:
        flash(_("The person is erased, with what they wrote."), "success")
    return redirect(url_for("admin.index"), code=303)
