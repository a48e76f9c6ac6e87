"""Reporting a post or a comment, and the moderators' queue (hide, restore, dismiss)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from core.ids import parse_id
from server.db_session import request_db
from server.runtime import current_runtime
from server.rate_limits import limited
from social.errors import Conflict, InvalidInput
from social.models import ReportStatus
from social.moderation import decisions, reports
from social.moderation.reasons import REASON_LABELS
from web.auth.session import current_actor, signed_in
from web.messages import _, form_errors

blueprint = Blueprint("moderation", __name__)

def _target_ids(values) -> dict[str, int | None]:
    """`post` or `comment` from a query string or a form; anything else is a 404."""
    ids = {}
    for name in ("post", "comment"):
        raw = values.get(name)
        if raw is not None and parse_id(raw) is None:
            abort(404)
        ids[f"{name}_id"] = parse_id(raw)
    return ids


@blueprint.get("/report")
@signed_in
def report_form():
    target = reports.report_target(request_db(), current_actor(), **_target_ids(request.args))
    return render_template("moderation/report.html", target=target, reasons=REASON_LABELS,
                           form={"reason": "", "details": ""}, errors={})


@blueprint.post("/report")
@signed_in
@limited("report")
def report():
    ids = _target_ids(request.form)
    form = {"reason": request.form.get("reason", ""), "details": request.form.get("details", "")}
    try:
        target = reports.report_content(request_db(), current_actor(), reason=form["reason"],
                                        details=form["details"], **ids)
    except InvalidInput as error:
        request_db().rollback()
        target = reports.report_target(request_db(), current_actor(), **ids)
        return render_template("moderation/report.html", target=target, reasons=REASON_LABELS,
                               form=form, errors=form_errors(error)), 400
    return render_template("moderation/reported.html", target=target)


@blueprint.get("/moderation")
@signed_in
def queue():
    tab = request.args.get("tab", ReportStatus.OPEN)
    if tab not in reports.QUEUE_TABS:
        abort(404)
    page = reports.moderation_queue(request_db(), current_actor(), status=tab,
                                    cursor=request.args.get("after"))
    return render_template("moderation/queue.html", page=page, tab=tab, reasons=REASON_LABELS)


@blueprint.post("/moderation/<int:report_id>")
@signed_in
def decide(report_id: int):
    settings = current_runtime().settings
    courier = decisions.Courier(current_runtime().mailer, settings.base_url, settings.mail_from)
    try:
        status = decisions.decide(request_db(), current_actor(), report_id,
                                  request.form.get("decision", ""), courier=courier)
    except Conflict as error:  # another moderator was quicker: say so, show the queue
        request_db().rollback()
        flash(_(error.message), "error")
        return redirect(url_for(".queue", tab=request.form.get("tab", "open")), code=303)
    flash(_decision_message(status), "success")
    tab = ReportStatus.HIDDEN if status == ReportStatus.RESTORED else ReportStatus.OPEN
    return redirect(url_for(".queue", tab=tab), code=303)


def _decision_message(status: str) -> str:
    if status == ReportStatus.HIDDEN:
        return _("Hidden. Its author has been told, kindly.")
    if status == ReportStatus.RESTORED:
        return _("Restored: everyone sees it again, and its author has been told.")
    return _("The reports are dismissed; the content stays as it was.")
