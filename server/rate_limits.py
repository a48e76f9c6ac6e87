"""Abuse limits at the HTTP layer: `@limited("comment")` on the views that write, and
the sign-in checks.

A limited view counts one hit against the person's counter and their firm's counter
(COMPTOIR_RATE_LIMITS, COMPTOIR_TENANT_RATE_LIMITS) before it runs, and answers 429
with Retry-After once either is spent: the web as its error page (or JSON), the
add-on as an error card (addon/pipeline.py). Reads are never limited.

Who acts: the add-on pipeline names the verified person with `set_subject`; on the
web, the resolver the web layer registers (`subject_resolver`) names the signed-in
person. An anonymous request is not counted: the view refuses it anyway.

The counters are shared by every process: in Redis when COMPTOIR_REDIS_URL is set,
else in the database (core/rate_limits/). On SQLite a hit made while the request's
own transaction is open is made in that transaction (core/rate_limits/sql.py says
why), so it counts only if the request's work is committed.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Callable

from babel.dates import format_timedelta
from flask import Flask, current_app, g, request
from werkzeug.exceptions import TooManyRequests

from core.config import Settings
from core.i18n import N_, Translator
from core.rate_limits import (WRITE_ACTIONS, Hit, Limit, RateLimiter, Unlimited,
                              parse_limits)
from core.rate_limits.redis import RedisRateLimiter
from core.rate_limits.sql import SqlRateLimiter
from server.runtime import current_runtime

log = logging.getLogger(__name__)

EXTENSION = "comptoir.rate_limits"
TOO_OFTEN = N_("You have done this too often for now. Please try again in %(delay)s.")

# Every view marked with `limited`: "module.function" -> action (the tests read it).
LIMITED_VIEWS: dict[str, str] = {}


class RateLimited(TooManyRequests):
    """429 with Retry-After (werkzeug adds the header from `retry_after`)."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after=retry_after)
        self.seconds = retry_after


@dataclass(frozen=True)
class Subject:
    user_id: int
    tenant_id: int


@dataclass
class RateLimits:
    limiter: RateLimiter
    person: dict[str, Limit | None]
    tenant: dict[str, Limit | None]
    subject_resolver: Callable[[], Subject | None] | None = None


def build_limiter(settings: Settings, database) -> RateLimiter:
    if settings.redis_url:
        return RedisRateLimiter.from_url(settings.redis_url)
    return SqlRateLimiter(database)


def init_app(app: Flask, settings: Settings, database) -> None:
    from core.rate_limits import DEFAULT_LIMITS, DEFAULT_TENANT_LIMITS

    person = parse_limits(settings.rate_limits, defaults=DEFAULT_LIMITS)
    tenant = parse_limits(settings.tenant_rate_limits, defaults=DEFAULT_TENANT_LIMITS,
                          actions=WRITE_ACTIONS)
    off = all(limit is None for limit in [*person.values(), *tenant.values()])
    if off and settings.is_production:
        log.warning("every rate limit is off (COMPTOIR_RATE_LIMITS)")
    limiter = Unlimited() if off else build_limiter(settings, database)
    app.extensions[EXTENSION] = RateLimits(limiter, person, tenant)


def _limits() -> RateLimits:
    return current_app.extensions[EXTENSION]


def subject_resolver(app: Flask, resolve: Callable[[], Subject | None]) -> None:
    """The web layer names the signed-in person this way (server cannot import web)."""
    app.extensions[EXTENSION].subject_resolver = resolve


def set_subject(user_id: int, tenant_id: int) -> None:
    """The add-on pipeline names the person it verified."""
    g.rate_subject = Subject(user_id, tenant_id)


def _subject() -> Subject | None:
    subject = g.get("rate_subject")
    if subject is None and _limits().subject_resolver is not None:
        subject = _limits().subject_resolver()
    return subject


def limited(action: str, *, only_if: Callable[[], bool] | None = None):
    """Counts each call of the view against `action`'s limits (`only_if`: when it says
    the request writes, for views that also answer previews)."""
    if action not in WRITE_ACTIONS:
        raise ValueError(f"no rate limit named {action!r}")

    def decorate(view):
        @wraps(view)
        def limited_view(*args, **kwargs):
            if only_if is None or only_if():
                check_write(action)
            return view(*args, **kwargs)

        LIMITED_VIEWS[f"{view.__module__}.{view.__name__}"] = action
        limited_view.rate_limit = action
        return limited_view

    return decorate


def check_write(action: str) -> None:
    """Counts one `action` by the current person and their firm; raises RateLimited."""
    subject = _subject()
    if subject is None:
        return
    limits = _limits()
    _count(action, [(limits.person.get(action), f"user:{subject.user_id}"),
                    (limits.tenant.get(action), f"tenant:{subject.tenant_id}")])


def check_sign_in_address() -> None:
    """Counts a sign-in attempt from this client address (every attempt starts with the
    "Sign in with Google" button); raises RateLimited."""
    _count("sign_in", [(_limits().person.get("sign_in_ip"),
                        f"ip:{_pseudonym(request.remote_addr or '-')}")])


def check_sign_in_account(email: str) -> None:
    """Counts a sign-in for this account, once Google has said who it is."""
    _count("sign_in", [(_limits().person.get("sign_in"),
                        f"email:{_pseudonym(email.strip().lower())}")])


def forget_person(user_id: int, email: str) -> int:
    """An erased person's counters: their writes' and their sign-ins' (keyed by e-mail)."""
    return _limits().limiter.forget([f"user:{user_id}:",
                                     f"email:{_pseudonym(email.strip().lower())}:"])


def _pseudonym(value: str) -> str:
    """Counter keys name no address or e-mail in clear: they are kept a few minutes, but
    in a table (or a Redis) that erasing a person does not look into."""
    key = current_app.config["SECRET_KEY"].encode()
    return hashlib.blake2b(value.encode(), key=key[:64], digest_size=12).hexdigest()


def _count(action: str, counted: list[tuple[Limit | None, str]]) -> None:
    hits = [Hit(f"{who}:{action}:{limit.window}", limit.count, limit.window)
            for limit, who in counted if limit is not None]
    if not hits:
        return
    decision = _limits().limiter.hit_all(hits, connection=_open_sqlite_connection())
    if not decision.allowed:
        log.info("rate limit reached: %s (%s), retry in %ss", action,
                 " ".join(hit.key.split(":", 2)[0] for hit in hits), decision.retry_after)
        raise RateLimited(decision.retry_after)


def _open_sqlite_connection():
    """The request's connection when it holds SQLite's write lock (see module doc)."""
    session = g.get("_db_session")
    if session is None or not session.in_transaction() or \
            current_runtime().database.dialect != "sqlite":
        return None
    return session.connection()


def too_often(translator: Translator, seconds: int) -> str:
    """The 429 message, with how long to wait, in the person's language."""
    delay = format_timedelta(timedelta(seconds=max(1, seconds)), threshold=1.5,
                             locale=translator.language)
    return translator.gettext(TOO_OFTEN, delay=delay)
