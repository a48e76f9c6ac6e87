"""create_app: settings read once, the database opened, every layer registered."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

import addon
import web
from core import log_redaction
from core.config import PROJECT_ROOT, load_settings
from core.ids import MAX_ID
from core.runtime import Runtime
from server import (body_limits, db_session, errors, health, i18n, rate_limits,
                    security_headers)


class IdConverter(IntegerConverter):
    """Werkzeug's int converter, bounded by the database's largest id."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The Comptoir app, configured from COMPTOIR_* variables and then `config`."""
    settings = load_settings(overrides=config)
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_redaction.install()
    app = Flask("comptoir", instance_path=settings.instance_path, root_path=str(PROJECT_ROOT),
                template_folder="server/templates", static_folder="web/static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="comptoir_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        JSON_SORT_KEYS=False,
    )
    if settings.trusted_proxies:
        # The client's address (sign-in limits) and scheme, as the proxies in front saw them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies,
                                x_proto=settings.trusted_proxies)
    runtime = Runtime.build(settings)
    app.extensions["comptoir"] = runtime
    # <int:...> in any route stops at the largest id: past it a 404, not a driver error.
    app.url_map.converters["int"] = IdConverter
    body_limits.init_app(app)
    security_headers.init_app(app, settings, runtime.network_settings)
    rate_limits.init_app(app, settings, runtime.database)
    db_session.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.blueprint)
    addon.register(app)
    web.register(app, runtime)
    return app
