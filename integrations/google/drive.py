"""Drive metadata of one file, read with the user's token: what it is and who can open it.

Comptoir links posts to Drive files and warns when a space's members (or the
public, for a share outside the firm) could not open the linked file. That
warning rests on the file's permissions, which Drive only returns to people
who may share the file, and never for items in shared drives; `sharing_known`
says whether they were there, so callers can tell "restricted" from "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from integrations.google.api import (DEFAULT_TIMEOUT, GoogleApiError, build_service, execute)

Audience = Literal["public", "domain", "restricted"]
FILE_FIELDS = ("id,name,mimeType,webViewLink,iconLink,owners(emailAddress),"
               "permissions(type,role,emailAddress,domain)")


class DriveError(GoogleApiError):
    """A Drive call failed; `reason` is not_found, unauthorized, forbidden or unavailable."""


@dataclass(frozen=True)
class DriveFileInfo:
    google_id: str
    title: str
    mime_type: str
    web_link: str
    icon_link: str
    anyone_with_link: bool
    domains: frozenset[str]
    emails: frozenset[str]
    sharing_known: bool = True

    @property
    def audience(self) -> Audience:
        if self.anyone_with_link:
            return "public"
        if self.domains:
            return "domain"
        return "restricted"

    def can_open(self, email: str) -> bool:
        """Whether Drive's permissions, as we saw them, let `email` open the file.

        Errs towards False: group members are not expanded, and when the
        permissions were hidden from us only the owners are known.
        """
        email = email.strip().lower()
        if self.anyone_with_link:
            return True
        local, _, domain = email.rpartition("@")
        if local and domain in self.domains:
            return True
        return bool(email) and email in self.emails


class DriveClient:
    """Reads Drive file metadata; safe to share between threads, built once per process."""

    def __init__(self, api_url: str, *, timeout: float = DEFAULT_TIMEOUT):
        self._timeout = timeout
        # The discovery document's servicePath ("drive/v3/") is replaced by the endpoint.
        self._files = build_service("drive", "v3", api_url.rstrip("/") + "/drive/v3").files()

    def file_info(self, file_id: str, user_oauth_token: str) -> DriveFileInfo:
        if not file_id:
            raise DriveError("not_found", "empty file id")
        request = self._files.get(fileId=file_id, fields=FILE_FIELDS, supportsAllDrives=True)
        resource = execute(request, user_oauth_token, timeout=self._timeout, error=DriveError)
        return file_info_from(resource)


def file_info_from(resource: dict[str, Any]) -> DriveFileInfo:
    """Our reading of a Drive `File` resource limited to FILE_FIELDS."""
    permissions = resource.get("permissions")
    sharing_known = isinstance(permissions, list)
    anyone = False
    domains: set[str] = set()
    emails = {_lower(owner.get("emailAddress")) for owner in _objects(resource.get("owners"))}
    for permission in _objects(permissions):
        kind = permission.get("type")
        if kind == "anyone":
            anyone = True
        elif kind == "domain":
            domains.add(_lower(permission.get("domain")))
        elif kind in ("user", "group"):
            emails.add(_lower(permission.get("emailAddress")))
    domains.discard("")
    emails.discard("")
    return DriveFileInfo(
        google_id=_text(resource.get("id")), title=_text(resource.get("name")),
        mime_type=_text(resource.get("mimeType")), web_link=_text(resource.get("webViewLink")),
        icon_link=_text(resource.get("iconLink")), anyone_with_link=anyone,
        domains=frozenset(domains), emails=frozenset(emails), sharing_known=sharing_known)


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _lower(value: Any) -> str:
    return _text(value).strip().lower()
