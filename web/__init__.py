"""Browser pages."""

from flask import Flask

from core.runtime import Runtime


def register(app: Flask, runtime: Runtime) -> None:
    from web import csrf, dev, home

    csrf.init_app(app)
    app.register_blueprint(home.blueprint)
    dev.register(app, runtime)
