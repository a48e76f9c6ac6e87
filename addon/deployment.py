"""The HTTP deployment descriptor (deployment.json) of the add-on, built from the base URL.

`gcloud workspace-add-ons deployments create comptoir --deployment-file=deployment.json`
registers it; `python main.py addon deployment` prints it. Every trigger URL comes from
addon.endpoints, so the descriptor cannot drift from the routes. The labels are
Google-facing configuration shown as is in the hosts' menus: plain French, no gettext.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from addon import endpoints

AUTH = "https://www.googleapis.com/auth/"

OAUTH_SCOPES = (
    AUTH + "drive.addons.metadata.readonly",
    AUTH + "drive.file",
    AUTH + "userinfo.email",
    AUTH + "script.locale",
    AUTH + "gmail.addons.execute",
    AUTH + "gmail.addons.current.message.metadata",
)

# The Apps Script variant needs these on top: `ScriptApp.getIdentityToken()` (openid) and
# `UrlFetchApp.fetch` to the backend (script.external_request).
APPS_SCRIPT_EXTRA_SCOPES = ("openid", AUTH + "script.external_request")

SETTINGS_LABEL = "Paramètres"
OPEN_WEB_LABEL = "Ouvrir Comptoir"


def normalize_base_url(base_url: str) -> str:
    """The base URL without its trailing slash; ValueError unless it is a plain http(s) URL."""
    if not isinstance(base_url, str):
        raise ValueError(f"the base URL must be a string, got {type(base_url).__name__}")
    text = base_url.strip()
    if not text or any(char.isspace() for char in text):
        raise ValueError(f"not a URL: {base_url!r}")
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"}:
        raise ValueError(f"the base URL must start with https:// (or http://), got {base_url!r}")
    if not parts.hostname:
        raise ValueError(f"the base URL has no host: {base_url!r}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the base URL must not carry credentials")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError(f"the base URL must not have a query or fragment: {base_url!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ValueError(f"the base URL has an invalid port: {base_url!r}") from None
    return text.rstrip("/")


def deployment_descriptor(base_url: str, *, name: str = "Comptoir",
                          logo_url: str | None = None) -> dict:
    """deployment.json for the HTTP runtime, every URL under `base_url`."""
    base = normalize_base_url(base_url)
    logo = base + "/static/logo.png" if logo_url is None else _checked_url(logo_url)

    def url(path: str) -> str:
        return base + path

    homepage = {"runFunction": url(endpoints.HOMEPAGE)}
    return {
        "oauthScopes": list(OAUTH_SCOPES),
        "addOns": {
            "common": {
                "name": name,
                "logoUrl": logo,
                "useLocaleFromApp": True,
                "homepageTrigger": dict(homepage),
                "universalActions": [
                    {"label": SETTINGS_LABEL, "runFunction": url(endpoints.SETTINGS)},
                    {"label": OPEN_WEB_LABEL, "openLink": base + "/"},
                ],
                "openLinkUrlPrefixes": [base + "/"],
            },
            "drive": {
                "homepageTrigger": dict(homepage),
                "onItemsSelectedTrigger": {"runFunction": url(endpoints.DRIVE_ITEMS_SELECTED)},
            },
            "gmail": {
                "homepageTrigger": dict(homepage),
                "contextualTriggers": [
                    {"unconditional": {}, "onTriggerFunction": url(endpoints.GMAIL_MESSAGE)},
                ],
            },
            "httpOptions": {"authorizationHeader": "SYSTEM_ID_TOKEN"},
        },
    }


def deployment_json(base_url: str, **options) -> str:
    """The descriptor as committed in appsscript/deployment.json: indented, UTF-8, final newline."""
    return json.dumps(deployment_descriptor(base_url, **options), indent=2,
                      ensure_ascii=False) + "\n"


def _checked_url(url: str) -> str:
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname \
            or any(char.isspace() for char in url.strip()):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url.strip()
