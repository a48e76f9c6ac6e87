"""The contributors page: the week's strongest contributions and the ambassadors."""

from __future__ import annotations

from flask import Blueprint, render_template

from server.db_session import request_db
from social.services.highlights import highlights
from web.auth.session import current_actor, signed_in

blueprint = Blueprint("contributions", __name__, url_prefix="/contributions")


@blueprint.get("")
@signed_in
def index():
    return render_template("contributions/page.html",
                           highlights=highlights(request_db(), current_actor()))
