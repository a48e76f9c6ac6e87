"""Every add-on request goes through here before its handler runs.

1. The Bearer token is verified first: the add-on's system ID token (audience
   in COMPTOIR_ADDON_AUDIENCES, e-mail equal to COMPTOIR_ADDON_SERVICE_ACCOUNT,
   verified), or the Apps Script variant's identity token.
2. The event is parsed; a malformed one gets a 400 error card.
3. The user's ID token from the event is verified (audience: our client id).
4. The firm is the token's `hd`: consumer accounts and domains outside
   COMPTOIR_ALLOWED_DOMAINS get a card that says so.
5. The person is found (or created) in their firm, or recalled from memory while
   their firm is unchanged (addon/callers.py), and the handler runs with a
   session bound to that firm.
Any token failure answers 401 "invalid token" and nothing more. The event's
authorizationEventObject is never logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Hashable

from flask import Blueprint, g, jsonify, request
from sqlalchemy.orm import Session

from addon import responses
from addon.callers import identify_caller, user_of
from addon.cards.context import CardContext
from addon.cards.errors import (deactivated_card, domain_not_allowed_card, error_card,
                                workspace_only_card)
from addon.events import AddonEvent, MalformedEvent, parse_event
from core.clock import utcnow
from core.i18n import N_, Translator
from core.runtime import Runtime
from integrations.google.id_tokens import InvalidToken
from server.db_session import request_db
from server import rate_limits
from server.errors import status_of
from server.runtime import current_runtime
from social.actor import Actor
from social.errors import DomainError
from social.known_person import KnownPerson
from social.models import User
from social.services.assemble import person_ref
from social.services.people import Identity
from social.services.versions import cached_view

log = logging.getLogger(__name__)

UNREADABLE = N_("This request could not be read. Please try again.")

blueprint = Blueprint("addon", __name__)


@dataclass
class AddonRequest:
    event: AddonEvent
    db: Session
    caller: KnownPerson
    actor: Actor
    ctx: CardContext
    runtime: Runtime

    @cached_property
    def user(self) -> User:
        return user_of(self.db, self.caller)

    def _(self, message: str, **params) -> str:
        return self.ctx.t.gettext(message, **params)

    def cached_card(self, kind: str, detail: Hashable, build: Callable[[], dict]) -> dict:
        """`build()`'s card, or the one it built for this person while nothing changed in
        their firm (core/view_cache.py). `detail`: whatever else the card shows that is
        not in the database (the selected file as Drive describes it)."""
        ctx = self.ctx
        return cached_view(self.runtime.view_cache, self.db, self.actor, kind,
                           (ctx.t.language, ctx.t.time_zone, ctx.host_app, ctx.base_url, detail),
                           build)


Handler = Callable[[AddonRequest], dict[str, Any]]


def addon_endpoint(path: str, *, trigger: bool = False) -> Callable[[Handler], Handler]:
    """Registers a handler for POSTs to `path`; `trigger` marks homepage-style triggers,
    whose answers (errors included) use the trigger envelope."""

    def register(handler: Handler) -> Handler:
        def view():
            return _serve(handler, trigger)

        area = handler.__module__.rsplit(".", 1)[-1]
        blueprint.add_url_rule(path, endpoint=f"{area}_{handler.__name__}", view_func=view,
                               methods=["POST"])
        return handler

    return register


def _serve(handler: Handler, trigger: bool):
    runtime = current_runtime()
    settings = runtime.settings
    token = _bearer_token()
    if token is None:
        return _unauthorized("no bearer token")
    try:
        script_claims = _verify_caller(runtime, token)
    except InvalidToken as error:
        return _unauthorized(str(error))
    try:
        event = parse_event(request.get_json(force=True, silent=True))
    except MalformedEvent as error:
        log.info("malformed add-on event: %s", error)
        return _error_answer(Translator(error.language), trigger, 400,
                             UNREADABLE)
    try:
        claims = script_claims or _verify_user(runtime, event.user_id_token)
    except InvalidToken as error:
        return _unauthorized(str(error))
    translator = Translator(event.language, event.time_zone or settings.default_time_zone)
    early_ctx = _context(runtime, translator, event, None)
    domain = claims.get("hd")
    if not isinstance(domain, str) or not domain:
        return _wrap(workspace_only_card(early_ctx), trigger)
    domain = domain.lower()
    if settings.allowed_domains and domain not in {d.lower() for d in settings.allowed_domains}:
        return _wrap(domain_not_allowed_card(early_ctx, domain), trigger)
    db = request_db()
    caller = identify_caller(db, runtime, _identity(claims, domain), now=utcnow(),
                             language=event.language)
    # Inactive, or gone from Google's Directory (its ID token may still verify for an hour).
    if caller is None:
        return _wrap(deactivated_card(early_ctx), trigger)
    g.language = caller.preferred_language or event.language
    g.time_zone = event.time_zone or caller.time_zone
    ctx = _context(runtime, Translator(g.language, g.time_zone), event, caller)
    addon_request = AddonRequest(event, db, caller, Actor.of(caller), ctx, runtime)
    rate_limits.set_subject(caller.id, caller.tenant_id)  # handlers marked @limited count here
    try:
        return jsonify(handler(addon_request))
    except rate_limits.RateLimited as refused:
        db.rollback()
        return _error_answer(ctx.t, trigger, 429, None, text=rate_limits.too_often(
            ctx.t, refused.seconds), headers={"Retry-After": str(refused.seconds)})
    except DomainError as error:
        db.rollback()
        return _error_answer(ctx.t, trigger, status_of(error), error.message, **error.params)
    except MalformedEvent as error:
        log.info("malformed add-on parameters: %s", error)
        return _error_answer(ctx.t, trigger, 400, UNREADABLE)


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _verify_caller(runtime: Runtime, token: str) -> dict[str, Any] | None:
    """None when Google's add-on service account calls; the user's claims when the
    Apps Script variant calls with the user's identity token."""
    settings = runtime.settings
    verifier = runtime.token_verifier
    try:
        claims = verifier.verify(token, settings.accepted_addon_audiences)
    except InvalidToken:
        if not settings.apps_script_client_id:
            raise
        claims = verifier.verify(token, [settings.apps_script_client_id])
        _require_verified_email(claims)
        return claims
    if claims.get("email") != settings.effective_addon_service_account:
        raise InvalidToken("not the add-on's service account")
    _require_verified_email(claims)
    return None


def _verify_user(runtime: Runtime, user_token: str | None) -> dict[str, Any]:
    if not user_token:
        raise InvalidToken("no user ID token in the event")
    claims = runtime.token_verifier.verify(user_token,
                                           [runtime.settings.effective_google_client_id])
    _require_verified_email(claims)
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise InvalidToken("no subject")
    return claims


def _require_verified_email(claims: dict[str, Any]) -> None:
    if claims.get("email_verified") is not True or not isinstance(claims.get("email"), str):
        raise InvalidToken("e-mail not verified")


def _identity(claims: dict[str, Any], domain: str) -> Identity:
    def text(name: str) -> str | None:
        value = claims.get(name)
        return value if isinstance(value, str) else None

    return Identity(subject=claims["sub"], email=claims["email"], domain=domain,
                    name=text("name") or "", picture=text("picture"), locale=text("locale"))


def _context(runtime: Runtime, translator: Translator, event: AddonEvent,
             user: KnownPerson | None) -> CardContext:
    return CardContext(t=translator, base_url=runtime.settings.base_url, now=utcnow(),
                       viewer=person_ref(user) if user else None, host_app=event.host_app)


def _unauthorized(reason: str):
    log.info("add-on request refused: %s", reason)
    return jsonify(error="invalid token"), 401


def _wrap(card: dict, trigger: bool) -> dict:
    return responses.trigger(card) if trigger else responses.push(card)


def _error_answer(translator: Translator, trigger: bool, status: int, message: str | None,
                  *, text: str | None = None, headers: dict | None = None, **params):
    ctx = CardContext(t=translator, base_url=current_runtime().settings.base_url, now=utcnow())
    shown = text if text is not None else translator.gettext(message, **params)
    return jsonify(_wrap(error_card(ctx, shown), trigger)), status, headers or {}


TOO_LARGE = N_("This is too large to be sent.")


@blueprint.errorhandler(413)
def _too_large(_error):
    language = current_runtime().settings.default_locale
    return _error_answer(Translator(language), False, 413, TOO_LARGE)
