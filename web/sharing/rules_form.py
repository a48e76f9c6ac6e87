"""The admin's rules form and the rules document, both ways.

Every key of the document (advocacy/rules/document.py) has a field named by its
path ("networks.x.hashtags", "schedule.windows.0.start"), so the InvalidInput a
refused document raises (its `field` is that path) lands next to its field.
Reading the form only reshapes what was typed: numbers that are not numbers are
passed on as typed, so the domain's own check names them, and the page shows
them again as they were.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Protocol

from advocacy.rules.document import DAY_NAMES, PROPOSER_ROLES
from core.i18n import N_
from core.ids import parse_id
from integrations.networks import Network

NETWORKS = tuple(network.value for network in Network)
SCHEDULE_NUMBERS = ("min_spacing_minutes", "spread_minutes", "min_gap_minutes")
SCHEDULE_CAPS = ("per_person_per_day", "per_person_per_week")
EMPTY_WINDOWS = 2  # blank rows after the existing windows: adding one needs no script
MAX_WINDOW_ROWS = 50


class Form(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[str]: ...


def document_from_form(form: Form) -> dict[str, Any]:
    """The rules document the form describes (checked by the domain, not here)."""
    return {
        "proposal": {
            "spaces": None if form.get("proposal.spaces_all") else
            _ids(form.getlist("proposal.spaces")),
            "proposers": [role for role in PROPOSER_ROLES
                          if role in form.getlist("proposal.proposers")],
        },
        "approval": {"by": form.get("approval.by", "admins"),
                     "approvers": _ids(form.getlist("approval.approvers"))},
        "offer_days": _number(form.get("offer_days", "")),
        "schedule": {
            "windows": _windows(form),
            **{key: _number(form.get(f"schedule.{key}", ""), blank=0)
               for key in SCHEDULE_NUMBERS},
            **{key: _number(form.get(f"schedule.{key}", ""), blank=None)
               for key in SCHEDULE_CAPS},
        },
        "networks": {network: _network(form, f"networks.{network}") for network in NETWORKS},
    }


def _network(form: Form, prefix: str) -> dict[str, Any]:
    return {
        "enabled": bool(form.get(f"{prefix}.enabled")),
        "hashtags": [tag for tag in re.split(r"[\s,;]+", form.get(f"{prefix}.hashtags", ""))
                     if tag],
        "disclosure": form.get(f"{prefix}.disclosure", "").strip(),
        "forbidden": _lines(form.get(f"{prefix}.forbidden", "")),
        "utm": _pairs(form.get(f"{prefix}.utm", "")),
        "drive_links_public": bool(form.get(f"{prefix}.drive_links_public")),
        "firm_daily_cap": _number(form.get(f"{prefix}.firm_daily_cap", ""), blank=None),
    }


def _windows(form: Form) -> list[dict[str, Any]]:
    """The rows with anything in them; an untouched blank row is no window."""
    windows = []
    rows = str(form.get("schedule.window_rows", "") or "")
    for index in range(min(parse_id(rows) or 0, MAX_WINDOW_ROWS)):
        prefix = f"schedule.windows.{index}"
        days = [day for day in DAY_NAMES if day in form.getlist(f"{prefix}.days")]
        start = form.get(f"{prefix}.start", "").strip()
        end = form.get(f"{prefix}.end", "").strip()
        if days or start or end:
            windows.append({"days": days, "start": start, "end": end})
    return windows


def _ids(values: list[str]) -> list[int | str]:
    return [value if parse_id(value) is None else parse_id(value) for value in values if value]


def _number(raw: Any, blank: Any = "") -> Any:
    text = str(raw or "").strip()
    if not text:
        return blank
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else text


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _pairs(text: str) -> dict[str, str]:
    """"utm_source=linkedin" per line; a line without "=" is a key without a value."""
    pairs = {}
    for line in _lines(text):
        key, _, value = line.partition("=")
        pairs[key.strip()] = value.strip()
    return pairs


# ---- showing a document in the form ---------------------------------------------------------

def form_from_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """What each field shows: texts for text inputs, sets for checkboxes."""
    proposal = document.get("proposal") or {}
    approval = document.get("approval") or {}
    schedule = document.get("schedule") or {}
    networks = document.get("networks") or {}
    windows = list(schedule.get("windows") or [])
    shown: dict[str, Any] = {
        "proposal.spaces_all": proposal.get("spaces") is None,
        "proposal.spaces": {str(value) for value in proposal.get("spaces") or []},
        "proposal.proposers": set(proposal.get("proposers") or []),
        "approval.by": approval.get("by", "admins"),
        "approval.approvers": {str(value) for value in approval.get("approvers") or []},
        "offer_days": _text(document.get("offer_days")),
        "windows": [{"days": set(window.get("days") or []),
                     "start": _text(window.get("start")), "end": _text(window.get("end"))}
                    for window in windows if isinstance(window, Mapping)]
        + [{"days": set(), "start": "", "end": ""}] * EMPTY_WINDOWS,
    }
    for key in SCHEDULE_NUMBERS + SCHEDULE_CAPS:
        shown[f"schedule.{key}"] = _text(schedule.get(key))
    for network in NETWORKS:
        rules = networks.get(network) or {}
        prefix = f"networks.{network}"
        shown[f"{prefix}.enabled"] = bool(rules.get("enabled"))
        shown[f"{prefix}.hashtags"] = " ".join(rules.get("hashtags") or [])
        shown[f"{prefix}.disclosure"] = rules.get("disclosure") or ""
        shown[f"{prefix}.forbidden"] = "\n".join(rules.get("forbidden") or [])
        shown[f"{prefix}.utm"] = "\n".join(f"{key}={value}" for key, value
                                           in (rules.get("utm") or {}).items())
        shown[f"{prefix}.drive_links_public"] = bool(rules.get("drive_links_public"))
        shown[f"{prefix}.firm_daily_cap"] = _text(rules.get("firm_daily_cap"))
    return shown


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# ---- naming the keys in the history of changes ----------------------------------------------

FIELD_LABELS = {
    "proposal.spaces": N_("Spaces whose posts may be proposed"),
    "proposal.proposers": N_("Who may propose"),
    "approval.by": N_("Who approves"),
    "approval.approvers": N_("Named approvers"),
    "offer_days": N_("Days an approved post stays offered"),
    "schedule.windows": N_("Sharing hours"),
    "schedule.min_spacing_minutes": N_("Minimum spacing between one person's shares "
                                       "(minutes)"),
    "schedule.per_person_per_day": N_("Shares per person per day"),
    "schedule.per_person_per_week": N_("Shares per person per week"),
    "schedule.spread_minutes": N_("Consent shares spread over (minutes)"),
    "schedule.min_gap_minutes": N_("Minimum gap between colleagues sharing one post "
                                   "(minutes)"),
    "enabled": N_("Enabled"),
    "hashtags": N_("Mandatory hashtags"),
    "disclosure": N_("Disclosure"),
    "forbidden": N_("Forbidden words and expressions"),
    "utm": N_("UTM parameters"),
    "drive_links_public": N_("Drive links must open for anyone"),
    "firm_daily_cap": N_("Firm-wide posts per day"),
}


def field_label(path: str) -> tuple[str | None, str]:
    """(network or None, the English label) of a document path; the path itself if unknown."""
    parts = path.split(".")
    if parts[0] == "networks" and len(parts) >= 3:
        return parts[1], FIELD_LABELS.get(parts[2], ".".join(parts[2:]))
    if parts[0] == "schedule" and len(parts) >= 2 and parts[1] == "windows":
        return None, FIELD_LABELS["schedule.windows"]
    return None, FIELD_LABELS.get(path, path)
