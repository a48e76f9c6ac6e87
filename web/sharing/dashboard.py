"""The admin's view of sharing: the figures as charts, networks paused for the firm."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from advocacy.services.pauses import resume_network
from server.db_session import request_db
from server.i18n import request_translator
from web.auth.session import current_actor, signed_in
from web.messages import _
from web.sharing.charts import sharing_charts
from web.sharing.common import NETWORK_NAMES
from web.sharing.screens import dashboard_screen

blueprint = Blueprint("sharing_admin", __name__, url_prefix="/admin/sharing")


@blueprint.get("")
@signed_in
def index():
    screen = dashboard_screen(request_db(), current_actor())
    return render_template("sharing/dashboard.html", screen=screen,
                           charts=sharing_charts(screen.analytics, request_translator()))


@blueprint.post("/pauses/<network>/resume")
@signed_in
def resume(network: str):
    resume_network(request_db(), current_actor(), network)
    flash(_("%(network)s is resumed: waiting shares go out again.",
            network=NETWORK_NAMES.get(network, network)), "success")
    return redirect(url_for(".index"), code=303)
