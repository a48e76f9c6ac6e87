"""The card preview: use the add-on in a browser, without a Google deployment.

Pick a demo person and a context (Drive or Gmail, a file or a message); the
preview signs Google-shaped tokens with the development key, posts the event to
the real add-on endpoint (through the full verification pipeline), and shows
the card it answers. Buttons post back as Google would, with the card's inputs.
Google's card stack (push, update, pop) is kept per preview session, in memory:
this is a development tool for one machine.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from flask import Response, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select

from addon import endpoints
from server.runtime import current_runtime
from social.models import DriveFile, Tenant, User
from web.dev import dev_blueprint
from web.dev.card_view import card_view
from web.dev.events import PreviewContext, build_event, system_token, user_token

blueprint = dev_blueprint("preview", __name__, url_prefix="/dev/addon")

MAX_SESSIONS = 200
CONTEXTS = {
    "drive-home": ("DRIVE", endpoints.HOMEPAGE),
    "drive-file": ("DRIVE", endpoints.DRIVE_ITEMS_SELECTED),
    "gmail-home": ("GMAIL", endpoints.HOMEPAGE),
    "gmail-message": ("GMAIL", endpoints.GMAIL_MESSAGE),
    "settings": ("DRIVE", endpoints.SETTINGS),
}


class PreviewState:
    def __init__(self, context: PreviewContext):
        self.context = context
        self.stack: list[dict[str, Any]] = []
        self.notification: str | None = None
        self.status: int = 200
        self.actions: dict[str, dict[str, Any]] = {}


class PreviewStore:
    """Preview sessions of this process, oldest dropped first."""

    def __init__(self):
        self._states: dict[str, PreviewState] = {}
        self._lock = threading.Lock()

    def get(self, key: str | None) -> PreviewState | None:
        with self._lock:
            return self._states.get(key or "")

    def put(self, state: PreviewState) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            while len(self._states) >= MAX_SESSIONS:
                self._states.pop(next(iter(self._states)))
            self._states[key] = state
        return key


def _store() -> PreviewStore:
    return current_app.extensions.setdefault("comptoir_preview", PreviewStore())


def _state() -> PreviewState | None:
    return _store().get(session.get("preview"))


@blueprint.get("/")
def page():
    state = _state()
    view = card_view(state.stack[-1]) if state and state.stack else None
    if state is not None and view is not None:
        state.actions = view.actions
    people, files = _people_and_files()
    return render_template("dev/preview.html", state=state, view=view, people=people,
                           files=files, contexts=CONTEXTS)


@blueprint.post("/open")
def open_context():
    user_id = request.form.get("user", type=int)
    context_name = request.form.get("context", "drive-home")
    if user_id is None or context_name not in CONTEXTS:
        return redirect(url_for(".page"))
    host_app, path = CONTEXTS[context_name]
    context = PreviewContext(user_id=user_id, host_app=host_app,
                             language=request.form.get("language", "fr"),
                             gmail_message=context_name == "gmail-message")
    if context_name == "drive-file":
        context.file = _chosen_file(request.form.get("file", ""))
        if request.form.get("granted"):
            context.granted.add(context.file["id"])
    state = PreviewState(context)
    session["preview"] = _store().put(state)
    _run(state, path, replace_stack=True)
    return redirect(url_for(".page"))


@blueprint.post("/click")
def click():
    state = _state()
    action = state.actions.get(request.form.get("action_id", "")) if state else None
    if state is None or action is None:
        return redirect(url_for(".page"))
    base = current_runtime().settings.base_url.rstrip("/")
    path = action["function"].removeprefix(base)
    if not path.startswith("/addon/"):
        return Response("This action does not point at this Comptoir.", status=400)
    inputs = {name: request.form.getlist(name) for name in request.form
              if name not in {"action_id", "csrf_token"}}
    _run(state, path, parameters=action["parameters"], form_inputs=inputs)
    return redirect(url_for(".page"))


@blueprint.post("/back")
def back():
    state = _state()
    if state and len(state.stack) > 1:
        state.stack.pop()
        state.notification = None
    return redirect(url_for(".page"))


def _people_and_files():
    with current_runtime().database.system_session(write=False) as db:
        people = db.execute(select(User.id, User.name, Tenant.name)
                            .join(Tenant, Tenant.id == User.tenant_id)
                            .where(User.google_sub.is_not(None), User.is_active.is_(True))
                            .order_by(Tenant.name, User.name_folded).limit(200)).all()
        files = db.execute(select(DriveFile.google_id, DriveFile.title, DriveFile.mime_type)
                           .order_by(DriveFile.title).limit(100)).all()
    return people, files


def _chosen_file(raw: str) -> dict[str, str]:
    google_id, _, rest = raw.partition("|")
    title, _, mime = rest.partition("|")
    return {"id": google_id or "preview-file", "title": title or "Document.pdf",
            "mimeType": mime or "application/pdf"}


def _run(state: PreviewState, path: str, *, parameters: dict[str, str] | None = None,
         form_inputs: dict[str, list[str]] | None = None, replace_stack: bool = False) -> None:
    runtime = current_runtime()
    key, settings = runtime.dev_signing_key, runtime.settings
    with runtime.database.system_session(write=False) as db:
        user, domain = db.execute(select(User, Tenant.domain)
                                  .join(Tenant, Tenant.id == User.tenant_id)
                                  .where(User.id == state.context.user_id)).one()
    event = build_event(state.context, system_id_token=system_token(key, settings),
                        user_id_token=user_token(key, settings, subject=user.google_sub,
                                                 email=user.email, name=user.name,
                                                 domain=domain),
                        parameters=parameters, form_inputs=form_inputs)
    response = current_app.test_client().post(
        path, json=event, headers={"Authorization": f"Bearer {system_token(key, settings)}"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"})
    state.status = response.status_code
    answer = response.get_json(silent=True) or {}
    _apply(state, answer, replace_stack)


def _apply(state: PreviewState, answer: dict[str, Any], replace_stack: bool) -> None:
    state.notification = None
    if "action" in answer:
        navigations = answer["action"].get("navigations", [])
    else:
        render = answer.get("renderActions", {})
        scope = render.get("hostAppAction", {}).get("driveAction", {}).get("requestFileScope")
        if scope and state.context.file:
            state.context.granted.add(scope["itemId"])
            _run(state, endpoints.DRIVE_ITEMS_SELECTED, replace_stack=True)
            return
        action = render.get("action", {})
        navigations = action.get("navigations", [])
        state.notification = action.get("notification", {}).get("text")
    if replace_stack:
        state.stack = []
    for navigation in navigations:
        if "pushCard" in navigation:
            state.stack.append(navigation["pushCard"])
        elif "updateCard" in navigation:
            state.stack[-1:] = [navigation["updateCard"]]
        elif navigation.get("pop") and len(state.stack) > 1:
            state.stack.pop()
        elif navigation.get("popToRoot"):
            del state.stack[1:]
