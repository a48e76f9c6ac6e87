"""Who is signed in: the session cookie names a person and their firm.

The cookie is signed, HttpOnly, SameSite=Lax and Secure outside development
(see server/factory.py). Each request finds the person as their row stands, so a
deactivation takes effect at once: read from the database, or remembered in this
process with the firm's content version it was read at, while this process's board
(core/version_board.py) shows that version still. Every change to a person that
matters here (deactivation, role, language, time zone) raises their firm's version,
so the remembered person is the one the database would give (addon/callers.py
does the same for add-on callers).
"""

from __future__ import annotations

from functools import wraps
from typing import Callable
from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for
from sqlalchemy import select

from core.clock import utcnow
from core.database import bind_tenant
from server.db_session import request_db
from server.runtime import current_runtime
from social.actor import Actor
from social.known_person import KnownPerson
from social.models import Tenant, User
from social.services.versions import (hold_caller, hold_callers_firm, hold_firm_version,
                                      recall_unchanged, remember_unchanged)

USER_KEY, TENANT_KEY = "uid", "tid"


def sign_in_session(user: User) -> None:
    """A fresh session for this person: nothing from before signing in is kept."""
    session.clear()
    session.permanent = True
    session[USER_KEY] = user.id
    session[TENANT_KEY] = user.tenant_id
    session["since"] = int(utcnow().timestamp())


def sign_out_session() -> None:
    session.clear()


def current_user() -> KnownPerson | None:
    """The signed-in person, once per request; None (and the session cleared) when the
    cookie names nobody active."""
    if "current_user" in g:
        return g.current_user
    person = None
    user_id, tenant_id = session.get(USER_KEY), session.get(TENANT_KEY)
    if isinstance(user_id, int) and isinstance(tenant_id, int):
        person = _find_person(user_id, tenant_id)
        if person is None or not person.is_active:
            session.clear()
            person = None
    g.current_user = person
    if person is not None:
        g.language = person.preferred_language or person.locale
        g.time_zone = person.time_zone
    return person


def _find_person(user_id: int, tenant_id: int) -> KnownPerson | None:
    runtime, db = current_runtime(), request_db()
    board, key = runtime.database.versions, ("web", tenant_id, user_id)
    bind_tenant(db, tenant_id)
    remembered = recall_unchanged(runtime.known_callers, board, key)
    if remembered is not None:
        hold_firm_version(db, tenant_id, remembered.firm_version)
        return remembered
    reading = board.reading() if board is not None else None  # before the person's row
    # The firm comes along: pages read its content version (kept views) and name, and
    # the session keeps it for `db.get(Tenant, id)`.
    row = db.execute(select(User, Tenant).join(Tenant, Tenant.id == User.tenant_id)
                     .where(User.id == user_id, User.tenant_id == tenant_id)).first()
    if row is None:
        return None
    user, firm = row
    hold_caller(db, user)
    hold_callers_firm(db, firm)
    return remember_unchanged(db, runtime.known_callers, board, key,
                              KnownPerson.of(user, firm.content_version), reading)


def current_actor() -> Actor:
    user = current_user()
    if user is None:
        raise RuntimeError("current_actor() outside a signed-in view")
    return Actor.of(user)


def safe_next(target: str | None) -> str:
    """Only paths of this site: never another host, never a scheme-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def signed_in(view: Callable) -> Callable:
    """The view needs a signed-in person; others are sent to sign in, then back."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if current_user() is None:
            if request.method == "GET":
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
            return redirect(url_for("auth.sign_in"))
        return view(*args, **kwargs)

    return guarded
