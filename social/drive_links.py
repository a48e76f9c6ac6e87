"""Drive and Docs links pasted by people, turned into file references.

One link per line, optionally preceded by a title ("Plan du lot 03 https://…").
Only Google's own addresses of a single file are accepted; the stored URL is
rebuilt from the file id, so whatever else the pasted link carried (a
tracking parameter, a user number, a fragment) is never kept or shown.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from core.i18n import N_
from core.text import clean_line
from social.errors import InvalidInput
from social.views import FileRef

MAX_LINKS = 20
FILE_ID = re.compile(r"[A-Za-z0-9_-]{10,128}")
URL = re.compile(r"https?://\S+", re.IGNORECASE)

# Docs editors: path segment -> (label used when no title is given, Drive MIME type)
EDITORS = {
    "document": ("Google Docs", "application/vnd.google-apps.document"),
    "spreadsheets": ("Google Sheets", "application/vnd.google-apps.spreadsheet"),
    "presentation": ("Google Slides", "application/vnd.google-apps.presentation"),
}
NOT_A_DRIVE_LINK = N_("This is not a link to a Google Drive file: %(link)s")


def parse_drive_links(text: str | None) -> list[FileRef]:
    """The files named by the lines of `text`; InvalidInput names the first refused line."""
    refs: list[FileRef] = []
    seen: set[str] = set()
    for line in (text or "").splitlines():
        line = clean_line(line)
        if not line:
            continue
        ref = parse_drive_link(line)
        if ref.google_id not in seen:
            seen.add(ref.google_id)
            refs.append(ref)
    if len(refs) > MAX_LINKS:
        raise InvalidInput(N_("At most %(limit)s files in one post."), field="files",
                           limit=MAX_LINKS)
    return refs


def parse_drive_link(line: str) -> FileRef:
    match = URL.search(line)
    if match is None:
        raise InvalidInput(NOT_A_DRIVE_LINK, field="files", link=line[:80])
    title = clean_line(line[:match.start()] + " " + line[match.end():])
    found = _file_of(match.group(0))
    if found is None:
        raise InvalidInput(NOT_A_DRIVE_LINK, field="files", link=match.group(0)[:80])
    google_id, label, mime_type, url = found
    return FileRef(google_id=google_id, title=title[:500] or f"{label} · {google_id[:8]}…",
                   mime_type=mime_type, url=url)


def _file_of(link: str) -> tuple[str, str, str, str] | None:
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "drive.google.com":
        if len(segments) >= 3 and segments[0] == "file" and segments[1] == "d":
            return _checked(segments[2], "Google Drive", "",
                            "https://drive.google.com/file/d/{}/view")
        if segments == ["open"]:
            ids = parse_qs(parts.query).get("id", [])
            return _checked(ids[0] if ids else "", "Google Drive", "",
                            "https://drive.google.com/open?id={}")
        return None
    if host == "docs.google.com" and len(segments) >= 3 and segments[0] in EDITORS \
            and segments[1] == "d":
        label, mime_type = EDITORS[segments[0]]
        return _checked(segments[2], label, mime_type,
                        f"https://docs.google.com/{segments[0]}/d/{{}}/edit")
    return None


def _checked(google_id: str, label: str, mime_type: str,
             url: str) -> tuple[str, str, str, str] | None:
    if not FILE_ID.fullmatch(google_id):
        return None
    return google_id, label, mime_type, url.format(google_id)


def as_lines(files: tuple[FileRef, ...] | list[FileRef]) -> str:
    """Files written back as the lines a person would paste: for editing a post."""
    return "\n".join(f"{ref.title} {ref.url}".strip() for ref in files)
