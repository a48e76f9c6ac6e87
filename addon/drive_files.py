"""Drive items of an event, with what Drive says of their sharing when we may ask."""

from __future__ import annotations

import json
import logging

from addon.cards.data import SelectedFile
from addon.events import AddonEvent, DriveItem, MalformedEvent
from core.runtime import Runtime
from integrations.google.drive import DriveError, DriveFileInfo
from social.views import FileRef

log = logging.getLogger(__name__)

MAX_FILES = 20


def drive_url(file_id: str) -> str:
    return f"https://drive.google.com/file/d/{file_id}/view"


def selected_file(runtime: Runtime, event: AddonEvent, item: DriveItem) -> SelectedFile:
    info = file_info(runtime, event, item)
    known = info if info is not None and info.sharing_known else None
    ref = FileRef(google_id=item.id, title=item.title or (info.title if info else item.id),
                  mime_type=item.mime_type, url=(info.web_link if info else "")
                  or drive_url(item.id))
    return SelectedFile(ref=ref, icon_url=item.icon_url, has_file_scope=item.has_file_scope,
                        audience=known.audience if known else None,
                        domains=tuple(sorted(known.domains)) if known else ())


def file_info(runtime: Runtime, event: AddonEvent, item: DriveItem) -> DriveFileInfo | None:
    """Drive's answer for one file, or None when the add-on may not ask or Drive fails."""
    if not item.has_file_scope or not event.user_oauth_token:
        return None
    try:
        return runtime.drive.file_info(item.id, event.user_oauth_token)
    except DriveError as error:
        log.info("Drive metadata unavailable for a file: %s", error.reason)
        return None


def item_from_parameters(event: AddonEvent) -> DriveItem:
    """The file an action is about: from the event's selection, else from its parameters."""
    file_id = event.param("fileId")
    if not file_id:
        raise MalformedEvent("no fileId parameter", event.language)
    known = event.item(file_id)
    if known is not None:
        return known
    return DriveItem(id=file_id[:200], title=(event.param("title") or "")[:500],
                     mime_type=(event.param("mimeType") or "")[:255])


def files_from_parameter(event: AddonEvent) -> list[DriveItem]:
    """The files a composer carries in its `files` parameter (JSON)."""
    raw = event.param("files")
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError:
        raise MalformedEvent("files parameter is not JSON", event.language) from None
    if not isinstance(entries, list) or len(entries) > MAX_FILES or not all(
            isinstance(entry, dict) and isinstance(entry.get("id"), str) for entry in entries):
        raise MalformedEvent("files parameter has the wrong shape", event.language)
    items = []
    for entry in entries:
        known = event.item(entry["id"])
        items.append(known or DriveItem(id=entry["id"][:200],
                                        title=str(entry.get("title") or "")[:500],
                                        mime_type=str(entry.get("mimeType") or "")[:255]))
    return items
