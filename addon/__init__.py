"""The Google Workspace add-on over HTTP: verified requests in, cards out."""

from flask import Flask


def register(app: Flask) -> None:
    from addon.pipeline import blueprint
    from addon.routes import (compose, drive, floor, home, posts, settings, sharing,  # noqa: F401
                              spaces)

    app.register_blueprint(blueprint)
