"""Ready to share: approved posts offered to me, previewed per network; share now, at a
suggested moment, or skip; a personal note, checked by the rules like the rest."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for

from advocacy.errors import RuleBlocked
from advocacy.services import sharing
from server.db_session import request_db
from server.i18n import request_translator
from social.errors import Conflict, InvalidInput
from web.auth.session import current_actor, signed_in
from web.forms import back_to
from web.messages import _, form_errors
from web.sharing.common import NETWORK_NAMES, base_url, finding_text
from web.sharing.screens import offer_screen

blueprint = Blueprint("sharing_ready", __name__, url_prefix="/sharing")


@blueprint.get("")
@signed_in
def index():
    return _list_page()


def _list_page(errors: dict | None = None, notes: dict | None = None, status: int = 200):
    offers = sharing.ready_to_share(request_db(), current_actor(), base_url=base_url())
    return render_template("sharing/ready.html", offers=offers, errors=errors or {},
                           notes=notes or {}), status


@blueprint.get("/offers/<int:proposal_id>")
@signed_in
def offer(proposal_id: int):
    screen = offer_screen(request_db(), current_actor(), proposal_id, base_url=base_url())
    return render_template("sharing/offer.html", screen=screen, offer=screen.offer)


@blueprint.post("/offers/<int:proposal_id>/share-now")
@signed_in
def share_now(proposal_id: int):
    network = request.form.get("network", "")
    try:
        delivery = sharing.share_now(request_db(), current_actor(), proposal_id, network,
                                     base_url=base_url())
    except (RuleBlocked, Conflict, InvalidInput) as refused:
        return _refused(refused, proposal_id)
    flash(_("Shared on %(network)s: it goes out at %(time)s.",
            network=NETWORK_NAMES.get(delivery.network, delivery.network),
            time=_time(delivery.scheduled_at)), "success")
    return redirect(back_to(url_for(".index", _anchor=f"offer-{proposal_id}")), code=303)


@blueprint.post("/offers/<int:proposal_id>/schedule")
@signed_in
def schedule(proposal_id: int):
    network = request.form.get("network", "")
    try:
        at = _moment(request.form.get("at", ""))
        delivery = sharing.share_at_slot(request_db(), current_actor(), proposal_id, network,
                                         at, base_url=base_url())
    except (RuleBlocked, Conflict, InvalidInput) as refused:
        return _refused(refused, proposal_id)
    flash(_("Scheduled on %(network)s for %(time)s.",
            network=NETWORK_NAMES.get(delivery.network, delivery.network),
            time=_time(delivery.scheduled_at)), "success")
    return redirect(url_for(".index", _anchor=f"offer-{proposal_id}"), code=303)


@blueprint.post("/offers/<int:proposal_id>/skip")
@signed_in
def skip(proposal_id: int):
    try:
        sharing.skip(request_db(), current_actor(), proposal_id)
    except Conflict as refused:
        return _refused(refused, proposal_id)
    flash(_("Skipped: this post will not be shared on your accounts."), "success")
    return redirect(url_for(".index"), code=303)


@blueprint.post("/offers/<int:proposal_id>/note")
@signed_in
def note(proposal_id: int):
    text = request.form.get("note", "")
    try:
        sharing.set_note(request_db(), current_actor(), proposal_id, text, base_url=base_url())
    except InvalidInput as error:
        request_db().rollback()
        return _list_page({proposal_id: form_errors(error)}, {proposal_id: text}, 400)
    except Conflict as refused:
        return _refused(refused, proposal_id)
    flash(_("Your note is saved: the previews below include it, checked by the rules."),
          "success")
    return redirect(url_for(".index", _anchor=f"offer-{proposal_id}"), code=303)


def _refused(error, proposal_id: int):
    """Say why (each blocking rule, for a RuleBlocked) and go back to the offer."""
    request_db().rollback()
    flash(_(error.message, **error.params), "error")
    if isinstance(error, RuleBlocked):
        for finding in error.decision.blocking:
            flash(finding_text(finding), "error")
    return redirect(url_for(".index", _anchor=f"offer-{proposal_id}"), code=303)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field="at") from None
    if moment.tzinfo is None:
        raise InvalidInput(field="at")
    return moment


def _time(moment: datetime) -> str:
    return request_translator().datetime(moment, "short")
