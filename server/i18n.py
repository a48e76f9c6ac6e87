"""The language of the current request, and gettext for templates."""

from __future__ import annotations

from flask import Flask, g, has_request_context, request

from core.i18n import LANGUAGES, Translator, negotiate_language
from server.runtime import current_runtime


def request_language() -> str:
    """Chosen by the add-on or web layer (g.language) or else by Accept-Language."""
    if not has_request_context():
        return current_runtime().settings.default_locale
    chosen = g.get("language")
    if chosen:
        return chosen
    best = request.accept_languages.best_match(LANGUAGES)
    return negotiate_language(best, current_runtime().settings.default_locale)


def request_translator() -> Translator:
    translator = g.get("translator") if has_request_context() else None
    language = request_language()
    if translator is None or translator.language != language:
        zone = g.get("time_zone") if has_request_context() else None
        translator = Translator(language, zone or current_runtime().settings.default_time_zone)
        if has_request_context():
            g.translator = translator
    return translator


def _gettext(message: str, **params) -> str:
    return request_translator().gettext(message, **params)


def _ngettext(singular: str, plural: str, n: int, **params) -> str:
    return request_translator().ngettext(singular, plural, n, **params)


def _format_datetime(moment, format: str = "medium") -> str:
    return request_translator().datetime(moment, format=format)


def _format_date(moment, format: str = "medium") -> str:
    return request_translator().date(moment, format=format)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    app.jinja_env.globals.update(current_language=request_language,
                                 format_datetime=_format_datetime, format_date=_format_date)
