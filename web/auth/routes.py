"""Signing in with Google (OpenID Connect, code flow with state, nonce and PKCE)."""

from __future__ import annotations

import logging

from flask import (Blueprint, abort, redirect, render_template, request, session, url_for)
from sqlalchemy import select

from advocacy.offboarding.directory import check_at_sign_in
from core.clock import utcnow
from core.i18n import N_
from integrations.google.id_tokens import InvalidToken
from integrations.google.oidc import SignInError, new_pkce_pair
from server import errors, rate_limits
from server.runtime import current_runtime
from social.errors import InvalidInput
from social.models import User
from social.services.oauth_flows import finish_flow, start_flow
from social.services.sign_in import GoogleAccount, sign_in_options
from web.auth.session import current_user, safe_next, sign_in_session, sign_out_session

log = logging.getLogger(__name__)

blueprint = Blueprint("auth", __name__)

PURPOSE = "google-sign-in"
PENDING_STATE, PENDING_OPTIONS = "sign_in_state", "sign_in_options"
FAILED = N_("Google did not confirm who you are. Please try again.")
CONSUMER = N_("Comptoir is for Google Workspace accounts. Sign in with your work account, "
              "or ask the firm that invited you to check the address it used.")
NOT_ALLOWED = N_("This Comptoir is not open to your organisation.")
DEACTIVATED = N_("Your Comptoir account has been deactivated by your firm's administrator.")


@blueprint.record_once
def _identify_people(state) -> None:
    """Rate limits and error pages find the signed-in person through these."""
    rate_limits.subject_resolver(state.app, _subject)
    errors.identify_with(state.app, current_user)


def _subject() -> rate_limits.Subject | None:
    user = current_user()
    return rate_limits.Subject(user.id, user.tenant_id) if user is not None else None


def _redirect_uri() -> str:
    return current_runtime().settings.base_url.rstrip("/") + url_for("auth.callback")


@blueprint.get("/sign-in")
def sign_in():
    if current_user() is not None:
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/sign_in.html", next=safe_next(request.args.get("next")),
                           development=current_runtime().settings.is_development)


@blueprint.post("/sign-in/google")
def start():
    rate_limits.check_sign_in_address()
    runtime = current_runtime()
    pkce = new_pkce_pair()
    with runtime.database.system_session() as db:
        flow = start_flow(db, PURPOSE, pkce.verifier,
                          return_to=safe_next(request.form.get("next")))
    session[PENDING_STATE] = flow.state  # binds the flow to this browser
    try:
        url = runtime.google_sign_in.authorization_url(
            redirect_uri=_redirect_uri(), state=flow.state, nonce=flow.nonce,
            code_challenge=pkce.challenge)
    except SignInError as error:
        log.warning("sign-in unavailable: %s", error)
        return _refused(N_("Google sign-in is unavailable right now. Please try again "
                           "in a moment."), 503)
    return redirect(url)


@blueprint.get("/sign-in/google/callback")
def callback():
    runtime = current_runtime()
    state = request.args.get("state")
    if not state or state != session.pop(PENDING_STATE, None):
        return _refused(FAILED)
    if request.args.get("error"):
        return redirect(url_for("auth.sign_in"))
    with runtime.database.system_session() as db:
        try:
            flow = finish_flow(db, state, PURPOSE)
        except InvalidInput as error:
            return _refused(error.message)
        try:
            id_token = runtime.google_sign_in.exchange_code(
                redirect_uri=_redirect_uri(), code=request.args.get("code", ""),
                code_verifier=flow.code_verifier)
            claims = runtime.token_verifier.verify(
                id_token, [runtime.settings.effective_google_client_id])
        except (SignInError, InvalidToken) as error:
            log.info("sign-in refused: %s", error)
            return _refused(FAILED)
        if claims.get("nonce") != flow.nonce or claims.get("email_verified") is not True:
            return _refused(FAILED)
        rate_limits.check_sign_in_account(str(claims["email"]))
        account = GoogleAccount(subject=str(claims["sub"]), email=str(claims["email"]),
                                domain=claims.get("hd") if isinstance(claims.get("hd"), str)
                                else None, name=str(claims.get("name") or ""),
                                picture=claims.get("picture") if isinstance(
                                    claims.get("picture"), str) else None)
        options = sign_in_options(db, account,
                                  allowed_domains=runtime.settings.allowed_domains)
    if not options:
        return _refused(CONSUMER if account.domain is None else NOT_ALLOWED, 403)
    if len(options) == 1:
        return _enter(options[0].user_id, flow.return_to)
    session[PENDING_OPTIONS] = [option.user_id for option in options]
    session["sign_in_return"] = flow.return_to
    return render_template("auth/choose.html", options=options)


@blueprint.post("/sign-in/choose")
def choose():
    allowed = session.pop(PENDING_OPTIONS, None) or []
    user_id = request.form.get("user", type=int)
    if user_id not in allowed:
        abort(400)
    return _enter(user_id, session.pop("sign_in_return", "/"))


def _enter(user_id: int, return_to: str):
    runtime = current_runtime()
    with runtime.database.system_session() as db:
        user = db.scalar(select(User).where(User.id == user_id))
        # Google's Directory, when configured, may know they left (suspended, deleted).
        if user is None or not check_at_sign_in(db, runtime, user, now=utcnow()):
            return _refused(DEACTIVATED, 403)
        sign_in_session(user)
    return redirect(safe_next(return_to))


@blueprint.post("/sign-out")
def sign_out():
    sign_out_session()
    return redirect(url_for("auth.sign_in"))


def _refused(message: str, status: int = 400):
    return render_template("auth/sign_in.html", error=message, next="/",
                           development=current_runtime().settings.is_development), status
