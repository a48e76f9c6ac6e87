"""My standing consents: "share the approved posts of this space on my LinkedIn", given and
withdrawn at any time. What went out through them is told afterwards (advocacy/notices)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from advocacy.services import consents
from server.db_session import request_db
from social.errors import Conflict, InvalidInput, NotFound
from web.auth.session import current_actor, signed_in
from web.messages import _
from web.sharing.common import NETWORK_NAMES
from web.sharing.screens import consents_screen

blueprint = Blueprint("sharing_consents", __name__, url_prefix="/sharing/consents")


@blueprint.get("")
@signed_in
def index():
    return render_template("sharing/consents.html",
                           screen=consents_screen(request_db(), current_actor()))


@blueprint.post("")
@signed_in
def give():
    space_id = request.form.get("space_id", type=int)
    network = request.form.get("network", "")
    if space_id is None:
        raise InvalidInput(field="space_id")
    try:
        given = consents.give_consent(request_db(), current_actor(), space_id, network)
    except Conflict as refused:
        request_db().rollback()
        flash(_(refused.message, **refused.params), "error")
        return redirect(url_for(".index"), code=303)
    flash(_("Approved posts of %(space)s will now be shared on your %(network)s account, "
            "within the rules. You can withdraw this at any time.", space=given.space.name,
            network=NETWORK_NAMES.get(given.network, given.network)), "success")
    return redirect(url_for(".index"), code=303)


@blueprint.post("/withdraw")
@signed_in
def withdraw():
    space_id = request.form.get("space_id", type=int)
    if space_id is None:
        raise NotFound()
    cancelled = consents.withdraw_consent(request_db(), current_actor(), space_id,
                                          request.form.get("network", ""))
    flash(_("Consent withdrawn.") + " " + (
        _("Shares it had scheduled are cancelled.") if cancelled else ""), "success")
    return redirect(url_for(".index"), code=303)
