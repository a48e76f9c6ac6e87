"""Development-only pages: absent in production, and answering loopback clients only."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Flask, abort, request

from core.runtime import Runtime


def loopback_only() -> None:
    try:
        if ipaddress.ip_address(request.remote_addr or "").is_loopback:
            return
    except ValueError:
        pass
    abort(404)


def dev_blueprint(name: str, import_name: str, **options) -> Blueprint:
    """A blueprint whose every route refuses clients that are not on this machine."""
    blueprint = Blueprint(name, import_name, **options)
    blueprint.before_request(loopback_only)
    return blueprint


def register(app: Flask, runtime: Runtime) -> None:
    if runtime.settings.is_production:
        return
    from sandbox import mount as sandbox_mount
    from web.dev import preview, sign_in

    app.register_blueprint(preview.blueprint)
    app.register_blueprint(sign_in.blueprint)
    sandbox_mount.mount(app, runtime.settings.instance_path)  # X and LinkedIn stand-ins
