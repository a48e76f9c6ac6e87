"""The add-on event: Google's JSON turned into a small, typed, trusted-shape object.

Parsing is defensive: wrong types raise `MalformedEvent` (answered with a 400
error card in the user's language), and fields Google may add are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from core.i18n import is_valid_zone, negotiate_language
from core.ids import parse_id

MAX_PARAMETERS = 50
MAX_PARAMETER_LENGTH = 8_000
MAX_INPUT_LENGTH = 50_000
MAX_SELECTED_ITEMS = 100


class MalformedEvent(Exception):
    """The body is not an add-on event we can read; the message is for logs."""

    def __init__(self, reason: str, language: str = "fr"):
        super().__init__(reason)
        self.language = language


@dataclass(frozen=True)
class DriveItem:
    id: str
    title: str
    mime_type: str = ""
    icon_url: str = ""
    has_file_scope: bool = False


@dataclass(frozen=True)
class GmailContext:
    message_id: str | None
    thread_id: str | None
    access_token: str | None


@dataclass(frozen=True)
class AddonEvent:
    host_app: str
    platform: str
    user_locale: str | None
    language: str
    time_zone: str | None
    parameters: Mapping[str, str] = field(default_factory=dict)
    form_inputs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    active_item: DriveItem | None = None
    selected_items: tuple[DriveItem, ...] = ()
    gmail: GmailContext | None = None
    user_id_token: str | None = None
    user_oauth_token: str | None = None
    authorized_scopes: tuple[str, ...] = ()

    def param(self, name: str) -> str | None:
        return self.parameters.get(name)

    def int_param(self, name: str) -> int | None:
        """An integer parameter, or None when absent; malformed ones are refused."""
        raw = self.parameters.get(name)
        if raw is None or raw == "":
            return None
        value = parse_id(raw)
        if value is None:
            raise MalformedEvent(f"parameter {name} is not an id", self.language)
        return value

    def form_value(self, name: str) -> str:
        values = self.form_inputs.get(name, ())
        return values[0] if values else ""

    def item(self, file_id: str | None) -> DriveItem | None:
        """The selected Drive item with this id, if the event carries it."""
        for candidate in (self.active_item, *self.selected_items):
            if candidate is not None and candidate.id == file_id:
                return candidate
        return None


def parse_event(body: Any) -> AddonEvent:
    if not isinstance(body, dict):
        raise MalformedEvent("the event is not a JSON object")
    common = _mapping(body.get("commonEventObject"), "commonEventObject")
    user_locale = _optional_text(common.get("userLocale"), "userLocale", 35)
    language = negotiate_language(user_locale)
    try:
        return _parse(body, common, user_locale, language)
    except MalformedEvent as error:
        raise MalformedEvent(str(error), language) from None


def _parse(body: dict, common: Mapping, user_locale: str | None, language: str) -> AddonEvent:
    authorization = _mapping(body.get("authorizationEventObject"), "authorizationEventObject")
    drive = _mapping(body.get("drive"), "drive")
    selected = _list(drive.get("selectedItems"), "drive.selectedItems")
    if len(selected) > MAX_SELECTED_ITEMS:
        raise MalformedEvent("too many selected items")
    gmail = body.get("gmail")
    return AddonEvent(
        host_app=(_optional_text(common.get("hostApp"), "hostApp", 20) or "").upper(),
        platform=(_optional_text(common.get("platform"), "platform", 20) or "").upper(),
        user_locale=user_locale,
        language=language,
        time_zone=_time_zone(common.get("timeZone")),
        parameters=_parameters(common.get("parameters")),
        form_inputs=_form_inputs(common.get("formInputs")),
        active_item=_drive_item(drive["activeCursorItem"]) if drive.get("activeCursorItem")
        else None,
        selected_items=tuple(_drive_item(item) for item in selected),
        gmail=_gmail(gmail) if gmail is not None else None,
        user_id_token=_optional_text(authorization.get("userIdToken"), "userIdToken", 8192),
        user_oauth_token=_optional_text(authorization.get("userOAuthToken"),
                                        "userOAuthToken", 8192),
        authorized_scopes=tuple(_text(scope, "authorizedScopes", 300) for scope in
                                _list(authorization.get("authorizedScopes"),
                                      "authorizedScopes")),
    )


def _mapping(value: Any, name: str) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedEvent(f"{name} is not an object")
    return value


def _list(value: Any, name: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedEvent(f"{name} is not a list")
    return value


def _text(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise MalformedEvent(f"{name} is not a string")
    if len(value) > limit:
        raise MalformedEvent(f"{name} is too long")
    return value


def _optional_text(value: Any, name: str, limit: int) -> str | None:
    return None if value is None else _text(value, name, limit)


def _time_zone(value: Any) -> str | None:
    zone = _mapping(value, "timeZone")
    name = _optional_text(zone.get("id"), "timeZone.id", 64)
    offset = zone.get("offset")
    if offset is not None and (isinstance(offset, bool) or not isinstance(offset, (int, float))):
        raise MalformedEvent("timeZone.offset is not a number")
    return name if name and is_valid_zone(name) else None


def _parameters(value: Any) -> dict[str, str]:
    parameters = _mapping(value, "parameters")
    if len(parameters) > MAX_PARAMETERS:
        raise MalformedEvent("too many parameters")
    return {_text(key, "parameter name", 100): _text(item, f"parameter {key}",
                                                     MAX_PARAMETER_LENGTH)
            for key, item in parameters.items()}


def _form_inputs(value: Any) -> dict[str, tuple[str, ...]]:
    inputs = _mapping(value, "formInputs")
    if len(inputs) > MAX_PARAMETERS:
        raise MalformedEvent("too many form inputs")
    parsed = {}
    for key, entry in inputs.items():
        name = _text(key, "form input name", 100)
        strings = _mapping(_mapping(entry, f"formInputs.{name}").get("stringInputs"),
                           f"formInputs.{name}.stringInputs")
        values = _list(strings.get("value"), f"formInputs.{name}.stringInputs.value")
        parsed[name] = tuple(_text(item, f"formInputs.{name}", MAX_INPUT_LENGTH)
                             for item in values[:MAX_PARAMETERS])
    return parsed


def _drive_item(value: Any) -> DriveItem:
    item = _mapping(value, "drive item")
    has_scope = item.get("addonHasFileScopePermission", False)
    if not isinstance(has_scope, bool):
        raise MalformedEvent("addonHasFileScopePermission is not a boolean")
    item_id = _text(item.get("id"), "drive item id", 200)
    if not item_id:
        raise MalformedEvent("drive item without id")
    return DriveItem(id=item_id, title=_optional_text(item.get("title"), "title", 1000) or "",
                     mime_type=_optional_text(item.get("mimeType"), "mimeType", 255) or "",
                     icon_url=_optional_text(item.get("iconUrl"), "iconUrl", 2048) or "",
                     has_file_scope=has_scope)


def _gmail(value: Any) -> GmailContext:
    gmail = _mapping(value, "gmail")
    return GmailContext(
        message_id=_optional_text(gmail.get("messageId"), "gmail.messageId", 200),
        thread_id=_optional_text(gmail.get("threadId"), "gmail.threadId", 200),
        access_token=_optional_text(gmail.get("accessToken"), "gmail.accessToken", 8192))
