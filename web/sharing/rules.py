"""The publication rules page (the firm's admin only): the whole document as a form, and
its history, each version with what it changed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from advocacy.services import rules
from server.db_session import request_db
from server.errors import status_of
from social.errors import Conflict, InvalidInput
from web.auth.session import current_actor, signed_in
from web.messages import _, form_errors
from web.sharing.rules_form import document_from_form, field_label, form_from_document
from web.sharing.screens import rules_screen

CAPS = ("per_person_per_day", "per_person_per_week", "firm_daily_cap")  # None: no limit

blueprint = Blueprint("sharing_rules", __name__, url_prefix="/admin/sharing/rules")


@blueprint.get("")
@signed_in
def page():
    screen = rules_screen(request_db(), current_actor())
    return _render(screen, form_from_document(screen.rules.document), {})


@blueprint.post("")
@signed_in
def save():
    document = document_from_form(request.form)
    try:
        saved = rules.set_rules(request_db(), current_actor(), document)
    except (InvalidInput, Conflict) as refused:
        request_db().rollback()
        screen = rules_screen(request_db(), current_actor())
        return _render(screen, form_from_document(document), form_errors(refused),
                       status_of(refused))
    flash(_("Rules saved: version %(version)s applies from now on.", version=saved.version),
          "success")
    return redirect(url_for(".page"), code=303)


def _render(screen, form: dict, errors: dict, status: int = 200):
    return render_template("sharing/rules.html", screen=screen, form=form, errors=errors,
                           document=screen.rules.document), status


@blueprint.app_template_global("rule_label")
def rule_label(path: str) -> tuple[str | None, str]:
    network, label = field_label(path)
    return network, _(label)


@blueprint.app_template_global("rule_value")
def rule_value(path: str, value: Any, spaces: dict[int, str], people: dict[int, str]) -> str:
    """A value of the rules document as the history shows it."""
    if value is None:
        if path == "proposal.spaces":
            return _("every space")
        return _("no limit") if path.endswith(CAPS) else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if path == "proposal.spaces":
        return ", ".join(spaces.get(item, f"#{item}") for item in value) or "—"
    if path == "approval.approvers":
        return ", ".join(people.get(item, f"#{item}") for item in value) or "—"
    if path == "schedule.windows":
        return "; ".join(f"{' '.join(window.get('days', []))} {window.get('start')}–"
                         f"{window.get('end')}" for window in value) or _("any time")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}={item}" for key, item in value.items()) or "—"
    return str(value) if value != "" else "—"
