"""Keeping the gettext catalogs in step with the code (`python main.py i18n update`).

Messages are extracted per package into that package's catalogs. The English
catalog repeats each message id, so it is complete by construction and can be
reworded; the French one is written by hand, and a test fails while any
message lacks its French translation.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from core.config import PROJECT_ROOT
from core.i18n import CATALOG_PACKAGES, LANGUAGES, catalog_path

METHOD_MAP = [
    ("**/translations/**", "ignore"),
    ("**/tests/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.txt", "jinja2"),
    ("**/templates/**.xml", "jinja2"),
]
OPTIONS_MAP = {"**/templates/**": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
STABLE_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extract(package: str) -> Catalog:
    """Every message the package's code and templates show."""
    # A fixed creation date keeps `i18n update` from rewriting catalogs that did not change.
    template = Catalog(project="Comptoir", fuzzy=False, creation_date=STABLE_DATE)
    directory = PROJECT_ROOT / package
    if not directory.exists():
        return template
    for filename, lineno, message, comments, context in extract_from_dir(
            str(directory), METHOD_MAP, OPTIONS_MAP, keywords=DEFAULT_KEYWORDS,
            strip_comment_tags=True):
        template.add(message, None, [(f"{package}/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def read_catalog(package: str, language: str) -> Catalog:
    path = catalog_path(package, language)
    if not path.exists():
        return Catalog(locale=language, project="Comptoir", creation_date=STABLE_DATE,
                       revision_date=STABLE_DATE)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update(package: str) -> dict[str, int]:
    """Merge the extracted messages into the package's catalogs; returns missing counts."""
    template = extract(package)
    missing = {}
    if not len(template) and not catalog_path(package, "fr").exists():
        return {language: 0 for language in LANGUAGES}
    for language in LANGUAGES:
        catalog = read_catalog(package, language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "en":
            _fill_with_ids(catalog)
        missing[language] = len(untranslated(catalog))
        _write(catalog_path(package, language), catalog)
    return missing


def _fill_with_ids(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = (message.id[0], message.id[1])
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")


def untranslated(catalog: Catalog) -> list[str]:
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            found.append(message.id if isinstance(message.id, str) else message.id[0])
    return found


def placeholder_mismatches(catalog: Catalog) -> list[str]:
    """Translations whose %(name)s placeholders differ from the message id's."""
    found = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in strings:
            if text and set(PLACEHOLDER.findall(text)) - expected:
                found.append(ids[0])
    return found


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True,
                 include_previous=False)


def all_packages() -> tuple[str, ...]:
    return CATALOG_PACKAGES
