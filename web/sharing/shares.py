"""My shares: what went out (or will) on my accounts, with the clicks on their links, and
deleting a published one, which only I can ask for (never done automatically)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from advocacy.services import published
from server.db_session import request_db
from social.errors import Conflict
from web.auth.session import current_actor, signed_in
from web.messages import _
from web.sharing.screens import shares_screen

blueprint = Blueprint("sharing_shares", __name__, url_prefix="/sharing/shares")


@blueprint.get("")
@signed_in
def index():
    return render_template("sharing/shares.html",
                           screen=shares_screen(request_db(), current_actor()))


@blueprint.post("/<int:delivery_id>/delete")
@signed_in
def delete(delivery_id: int):
    try:
        published.delete_my_published_share(request_db(), current_actor(), delivery_id)
    except Conflict as refused:
        request_db().rollback()
        flash(_(refused.message, **refused.params), "error")
        return redirect(url_for(".index"), code=303)
    flash(_("Deletion asked: your post will be removed from the network in a moment."),
          "success")
    return redirect(url_for(".index"), code=303)
