"""A person's data archive: a zip of data.json (everything, for machines) and
index.html (the same, for people, readable offline in their language).

index.html is rendered by a Jinja environment of its own, not the site's: it is read
from a disk, away from the site, so it has no layout, no links back and no scripts,
and it speaks the language of the person whose data it is (the admin may be the
one downloading it). Autoescaping is on: every value is the person's (or others')
text, never markup.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.i18n import N_, Translator

TEMPLATES = Path(__file__).parent / "templates" / "privacy"

# The archive's sections in the order shown, with their titles.
SECTIONS = (
    ("person", N_("Account")),
    ("profile", N_("Profile")),
    ("settings", N_("Settings")),
    ("memberships", N_("Spaces")),
    ("posts", N_("Posts")),
    ("comments", N_("Comments")),
    ("reactions", N_("Reactions")),
    ("mentions", N_("Mentions of you")),
    ("notifications", N_("Notifications")),
    ("feed_tokens", N_("Feed links")),
    ("reports", N_("Reports you made")),
    ("sharing_accounts", N_("X and LinkedIn accounts")),
    ("consents", N_("Standing consents")),
    ("proposals", N_("Sharing proposals")),
    ("offers", N_("Shares offered to you")),
    ("deliveries", N_("Shares on your accounts")),
    ("audit", N_("Audit log entries about you")),
)


def _environment(translator: Translator) -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"], default=True),
                              extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(translator.gettext, translator.ngettext,
                                          newstyle=True)
    return environment


def archive_index(data: dict[str, Any], translator: Translator, created_at: datetime) -> str:
    sections = [(key, title, data.get(key)) for key, title in SECTIONS]
    return _environment(translator).get_template("archive.html").render(
        data=data, sections=sections, language=translator.language,
        created=translator.datetime(created_at, "long"))


def build_archive(data: dict[str, Any], translator: Translator, created_at: datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2,
                                                 sort_keys=False))
        archive.writestr("index.html", archive_index(data, translator, created_at))
    return buffer.getvalue()


def archive_name(handle: str, created_at: datetime) -> str:
    safe = "".join(char for char in handle if char.isalnum() or char in "._-") or "person"
    return f"comptoir-{safe}-{created_at:%Y-%m-%d}.zip"
