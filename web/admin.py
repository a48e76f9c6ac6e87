"""The admin page (firm admins only): people and roles, featured posts, the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from advocacy.offboarding.offboard import deactivate_and_offboard
from advocacy.offboarding.revocation import revokers_of
from server.db_session import request_db
from server.i18n import request_translator
from server.runtime import current_runtime
from social.errors import Conflict, InvalidInput
from social.models import TenantRole
from social.services import people
from social.services.administration import admin_screen, audit_screen
from web.activity_charts import MEASURES, activity_charts, activity_table
from web.audit_export import Period, audit_period
from web.auth.session import current_actor, current_user, signed_in
from web.messages import _, form_errors

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.get("")
@signed_in
def index():
    screen = admin_screen(request_db(), current_actor(), query=request.args.get("q", ""),
                          cursor=request.args.get("after"))
    translator = request_translator()
    charts = activity_charts(screen.activity, translator, prefix="firm")
    titles = [translator.gettext(title) for _measure, title, _name in MEASURES]
    return render_template("admin/page.html", screen=screen, charts=list(zip(titles, charts)),
                           table=activity_table(screen.activity, translator))


@blueprint.post("/people/<int:user_id>/role")
@signed_in
def set_role(user_id: int):
    role = request.form.get("role", "")
    try:
        user = people.set_tenant_role(request_db(), current_actor(), user_id, role)
    except Conflict as error:
        return _refused(error)
    if user.role == TenantRole.ADMIN:
        flash(_("%(name)s is now an administrator.", name=user.name), "success")
    else:
        flash(_("%(name)s is no longer an administrator.", name=user.name), "success")
    return redirect(url_for(".index", _anchor=f"person-{user_id}"), code=303)


@blueprint.post("/people/<int:user_id>/active")
@signed_in
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    change = people.reactivate_user if active else _deactivate
    try:
        user = change(request_db(), current_actor(), user_id)
    except Conflict as error:
        return _refused(error)
    if user.is_active:
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    else:
        flash(_("%(name)s can no longer sign in; what they wrote stays.", name=user.name),
              "success")
    return redirect(url_for(".index", _anchor=f"person-{user_id}"), code=303)


def _deactivate(db, actor, user_id: int):
    """Someone who left: no more signing in, and the gateway lets go of their accounts."""
    runtime = current_runtime()
    return deactivate_and_offboard(db, actor, user_id, cipher=runtime.token_cipher,
                                   revoke=revokers_of(runtime))


def _refused(error: Conflict):
    request_db().rollback()
    flash(_(error.message, **error.params), "error")
    return redirect(url_for(".index"), code=303)


@blueprint.get("/audit")
@signed_in
def audit():
    since, until = request.args.get("since", ""), request.args.get("until", "")
    try:
        period, errors = audit_period(since, until, current_user().time_zone), {}
    except InvalidInput as error:  # shown next to the dates; the log is shown unfiltered
        period, errors = Period(since, until), form_errors(error)
    screen = audit_screen(request_db(), current_actor(), action=request.args.get("action"),
                          cursor=request.args.get("after"), since=period.since,
                          until=period.until)
    return render_template("admin/audit.html", screen=screen, period=period, errors=errors)
