"""My notifications: the list, opening one, marking them read, and the unread count (JSON)."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from server.db_session import request_db
from server.i18n import request_translator
from social.notifications import inbox
from social.notifications.text import sentence
from web.auth.session import current_actor, signed_in

blueprint = Blueprint("notifications", __name__, url_prefix="/notifications")


@blueprint.app_template_global("notification_text")
def notification_text(view: inbox.NotificationView) -> str:
    return sentence(view, request_translator())


@blueprint.get("")
@signed_in
def index():
    page = inbox.list_notifications(request_db(), current_actor(),
                                    cursor=request.args.get("after"))
    return render_template("notifications/list.html", page=page)


@blueprint.get("/count")
@signed_in
def count():
    """Polled by app.js to refresh the bell's badge; never cached."""
    response = jsonify(unread=inbox.unread_count(request_db(), current_actor()))
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/<int:notification_id>/open")
@signed_in
def open_one(notification_id: int):
    """Marks it read and goes where it points (back to the list if nothing is left there)."""
    opened = inbox.mark_read(request_db(), current_actor(), notification_id)
    return redirect(opened.link or url_for(".index"), code=303)


@blueprint.post("/<int:notification_id>/read")
@signed_in
def read_one(notification_id: int):
    inbox.mark_read(request_db(), current_actor(), notification_id)
    return redirect(url_for(".index", _anchor=f"notification-{notification_id}"), code=303)


@blueprint.post("/read-all")
@signed_in
def read_all():
    inbox.mark_all_read(request_db(), current_actor())
    return redirect(url_for(".index"), code=303)
