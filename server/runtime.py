"""The runtime of the app serving the current request."""

from flask import current_app

from core.runtime import Runtime


def current_runtime() -> Runtime:
    return current_app.extensions["comptoir"]
