"""Browser pages."""

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from core.runtime import Runtime

TEMPLATES = Path(__file__).resolve().parent / "templates"


def register(app: Flask, runtime: Runtime) -> None:
    from web import csrf, dev, home, layout, sharing, unsubscribe
    from web.auth import routes as auth
    from web.feeds import blueprint as feeds

    app.jinja_loader = ChoiceLoader([FileSystemLoader(TEMPLATES), app.jinja_loader])
    csrf.init_app(app)
    layout.init_app(app)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(feeds)
    _register_reading_and_writing(app)
    app.register_blueprint(unsubscribe.blueprint)
    from web.links import blueprint as links  # /l/<code>: shared posts' short links
    app.register_blueprint(links)
    _register_people_and_follow_up(app)
    sharing.register(app)
    dev.register(app, runtime)


def _register_reading_and_writing(app: Flask) -> None:
    """The feed, composer, spaces, posts, threads, hashtags and search pages."""
    from web import composer, discussions, filters, posts, search, space_settings, spaces, tags

    filters.init_app(app)
    for module in (composer, spaces, space_settings, posts, discussions, tags, search):
        app.register_blueprint(module.blueprint)


def _register_people_and_follow_up(app: Flask) -> None:
    """Profiles and the directory, notifications, settings, moderation, admin, highlights."""
    from social.notifications.text import plain_excerpt
    from web import (admin, contributions, moderation, notifications, people, privacy, profile,
                     settings)

    app.jinja_env.filters["plain_excerpt"] = plain_excerpt
    for module in (people, profile, notifications, settings, moderation, admin, contributions,
                   privacy):
        app.register_blueprint(module.blueprint)
