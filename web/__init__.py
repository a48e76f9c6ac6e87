"""Browser pages."""

from flask import Flask


def register(app: Flask) -> None:
    from web import home

    app.register_blueprint(home.blueprint)
