"""Events shaped like Google's, signed with the development key, for the card preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.config import Settings
from integrations.google.local_keys import LocalSigningKey, service_claims, user_claims

PREVIEW_OAUTH_TOKEN = "preview-oauth-token"
PREVIEW_GMAIL_TOKEN = "preview-gmail-token"
SAMPLE_MESSAGE = {"messageId": "preview-message", "threadId": "preview-thread"}


@dataclass
class PreviewContext:
    """What the previewing developer chose: who, where, and what is selected."""

    user_id: int
    host_app: str = "DRIVE"  # DRIVE or GMAIL
    language: str = "fr"
    time_zone: str = "Europe/Paris"
    file: dict[str, Any] | None = None  # {id, title, mimeType}
    granted: set[str] = field(default_factory=set)
    gmail_message: bool = False


def system_token(key: LocalSigningKey, settings: Settings) -> str:
    return key.mint(service_claims(audience=settings.accepted_addon_audiences[0],
                                   email=settings.effective_addon_service_account))


def user_token(key: LocalSigningKey, settings: Settings, *, subject: str, email: str,
               name: str, domain: str) -> str:
    return key.mint(user_claims(audience=settings.effective_google_client_id, subject=subject,
                                email=email, domain=domain, name=name))


def build_event(context: PreviewContext, *, user_id_token: str, system_id_token: str,
                parameters: dict[str, str] | None = None,
                form_inputs: dict[str, list[str]] | None = None) -> dict[str, Any]:
    common: dict[str, Any] = {
        "hostApp": context.host_app, "platform": "WEB", "userLocale": context.language,
        "timeZone": {"id": context.time_zone, "offset": 0},
    }
    if parameters:
        common["parameters"] = parameters
    if form_inputs:
        common["formInputs"] = {name: {"stringInputs": {"value": values}}
                                for name, values in form_inputs.items()}
    event: dict[str, Any] = {
        "commonEventObject": common,
        "authorizationEventObject": {
            "systemIdToken": system_id_token, "userIdToken": user_id_token,
            "userOAuthToken": PREVIEW_OAUTH_TOKEN,
            "authorizedScopes": ["https://www.googleapis.com/auth/drive.file",
                                 "https://www.googleapis.com/auth/userinfo.email"]},
    }
    if context.host_app == "DRIVE":
        event["drive"] = {}
        if context.file:
            item = {**context.file, "iconUrl": "",
                    "addonHasFileScopePermission": context.file["id"] in context.granted}
            event["drive"] = {"activeCursorItem": item, "selectedItems": [item]}
    else:
        event["gmail"] = {**SAMPLE_MESSAGE, "accessToken": PREVIEW_GMAIL_TOKEN} \
            if context.gmail_message else {}
    return event
