"""Who is signed in: the session cookie names a person and their firm.

The cookie is signed, HttpOnly, SameSite=Lax and Secure outside development
(see server/factory.py). Each request reloads the person, so a deactivation
takes effect at once.
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
from social.actor import Actor
from social.models import Tenant, User
from social.services.versions import hold_callers_firm

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


def current_user() -> User | None:
    if "current_user" in g:
        return g.current_user
    user = None
    user_id, tenant_id = session.get(USER_KEY), session.get(TENANT_KEY)
    if isinstance(user_id, int) and isinstance(tenant_id, int):
        db = request_db()
        bind_tenant(db, tenant_id)
        # The firm comes along: pages read its content version (kept views) and name,
        # and the session keeps it for `db.get(Tenant, id)`.
        row = db.execute(select(User, Tenant).join(Tenant, Tenant.id == User.tenant_id)
                         .where(User.id == user_id, User.tenant_id == tenant_id)).first()
        user, firm = row if row is not None else (None, None)
        hold_callers_firm(db, firm)
        if user is None or not user.is_active:
            session.clear()
            user = None
    g.current_user = user
    if user is not None:
        g.language = user.preferred_language or user.locale
        g.time_zone = user.time_zone
    return user


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
