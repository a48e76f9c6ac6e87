"""Languages: French first, English second, through gettext catalogs.

Each package that shows text to people keeps its own catalog in
`<package>/translations/<lang>/LC_MESSAGES/messages.po`; they are merged into
one set of translations per language, compiled in memory on first use.
Message ids are the English text.
"""

from __future__ import annotations

import io
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from core.config import PROJECT_ROOT

LANGUAGES = ("fr", "en")
CATALOG_PACKAGES = ("server", "social", "addon", "web", "advocacy")


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def negotiate_language(requested: str | None, default: str = "fr") -> str:
    """`fr`, `fr-FR`, `fr_CA` give French; any other known tag gives English."""
    if not requested:
        return default if default in LANGUAGES else "fr"
    primary = requested.replace("_", "-").split("-")[0].strip().lower()
    return "fr" if primary == "fr" else "en"


def catalog_path(package: str, language: str) -> Path:
    return PROJECT_ROOT / package / "translations" / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def translations(language: str) -> NullTranslations:
    merged: NullTranslations | None = None
    for package in CATALOG_PACKAGES:
        path = catalog_path(package, language)
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        compiled = Translations(fp=buffer)
        if merged is None:
            merged = compiled
        else:
            merged.merge(compiled)
    return merged or NullTranslations()


class Translator:
    """gettext for one language, plus the date formats people expect in it."""

    def __init__(self, language: str, time_zone: str | None = None):
        self.language = language if language in LANGUAGES else "fr"
        self.time_zone = time_zone
        self.zone = safe_zone(time_zone)
        self._catalog = translations(self.language)

    def with_language(self, language: str) -> "Translator":
        return Translator(language, self.time_zone)

    def gettext(self, message: str, **params) -> str:
        text = self._catalog.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params) -> str:
        text = self._catalog.ngettext(singular, plural, n)
        return text % dict(params, num=n)

    def datetime(self, moment: datetime, format: str = "medium") -> str:
        return _babel_format_datetime(moment, format=format, tzinfo=self.zone,
                                      locale=self.language)

    def date(self, moment: datetime, format: str = "medium") -> str:
        return _babel_format_date(moment.astimezone(self.zone), format=format,
                                  locale=self.language)

    def ago(self, moment: datetime, now: datetime) -> str:
        return format_timedelta(moment - now, add_direction=True, locale=self.language,
                                threshold=1.0)


def safe_zone(name: str | None, fallback: str = "Europe/Paris") -> tzinfo:
    for candidate in (name, fallback):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


Gettext = Callable[..., str]


def translated_choices(pairs: Iterable[tuple[str, str]], translator: Translator):
    return [(value, translator.gettext(label)) for value, label in pairs]
