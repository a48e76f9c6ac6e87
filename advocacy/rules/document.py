"""The rules document: JSON set by the firm's admin, parsed into typed, checked rules.

The stored document is always the canonical form (`to_document(parse_rules(raw))`):
every key present, defaults written out, lists sorted where order means nothing,
so that two versions compare key by key and the audit diff names real changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any, Mapping

from core.i18n import N_
from integrations.networks import Network
from social.errors import InvalidInput

PROPOSER_ROLES = ("author", "moderators", "admins")
APPROVAL_MODES = ("admins", "approvers", "nobody")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # ISO weekday 1..7
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_UTM_KEY = re.compile(r"^utm_[a-z_]{1,30}$")
MAX_WORDS = 500


@dataclass(frozen=True)
class TimeWindow:
    days: frozenset[int]  # ISO weekdays, 1 = Monday
    start: time
    end: time             # exclusive

    def contains(self, weekday: int, moment: time) -> bool:
        return weekday in self.days and self.start <= moment < self.end


@dataclass(frozen=True)
class NetworkRules:
    enabled: bool = False
    hashtags: tuple[str, ...] = ()        # mandatory, without '#'
    disclosure: str = ""                  # appended on its own line when missing
    forbidden: tuple[str, ...] = ()       # words and expressions
    utm: tuple[tuple[str, str], ...] = ()  # added to every link, never overriding
    drive_links_public: bool = False      # Drive links must open for anyone
    firm_daily_cap: int | None = None     # the whole firm, per UTC day


@dataclass(frozen=True)
class Rules:
    version: int = 0
    proposal_spaces: frozenset[int] | None = None  # None: every space
    proposers: frozenset[str] = frozenset({"author", "moderators", "admins"})
    approval_by: str = "admins"
    approvers: frozenset[int] = frozenset()
    offer_days: int = 7
    windows: tuple[TimeWindow, ...] = ()  # none: any time of any day
    min_spacing_minutes: int = 0
    per_person_per_day: int | None = None
    per_person_per_week: int | None = None
    spread_minutes: int = 0     # consent deliveries of one post spread over this window
    min_gap_minutes: int = 0    # between two colleagues' deliveries of one post
    networks: Mapping[str, NetworkRules] = field(default_factory=dict)

    def network(self, network: str) -> NetworkRules:
        return self.networks.get(network, NetworkRules())

    def enabled_networks(self) -> tuple[str, ...]:
        return tuple(n.value for n in Network if self.network(n.value).enabled)


def default_document() -> dict[str, Any]:
    """Before the admin sets anything, nothing is shared: every network is off."""
    return to_document(Rules())


def parse_rules(raw: Mapping[str, Any], version: int = 0) -> Rules:
    """Typed rules from a document; InvalidInput names the first wrong key (`field`)."""
    if not isinstance(raw, Mapping):
        raise _invalid("", N_("The rules must be a JSON object."))
    proposal = _object(raw, "proposal")
    approval = _object(raw, "approval")
    schedule = _object(raw, "schedule")
    networks = _object(raw, "networks")
    unknown = set(networks) - {n.value for n in Network}
    if unknown:
        raise _invalid("networks", N_("Unknown network: %(name)s."), name=sorted(unknown)[0])
    spaces = proposal.get("spaces")
    approval_by = approval.get("by", "admins")
    if approval_by not in APPROVAL_MODES:
        raise _invalid("approval.by", N_("Approval must be by admins, approvers or nobody."))
    proposers = _strings(proposal, "proposal.proposers", "proposers",
                         default=list(PROPOSER_ROLES))
    if set(proposers) - set(PROPOSER_ROLES):
        raise _invalid("proposal.proposers",
                       N_("Proposers are chosen among author, moderators and admins."))
    return Rules(
        version=version,
        proposal_spaces=None if spaces is None else frozenset(
            _ids(proposal, "proposal.spaces", "spaces")),
        proposers=frozenset(proposers),
        approval_by=approval_by,
        approvers=frozenset(_ids(approval, "approval.approvers", "approvers")),
        offer_days=_number(raw, "offer_days", "offer_days", 7, low=1, high=90),
        windows=tuple(_window(item, f"schedule.windows.{index}")
                      for index, item in enumerate(_list(schedule, "schedule.windows",
                                                         "windows"))),
        min_spacing_minutes=_number(schedule, "schedule.min_spacing_minutes",
                                    "min_spacing_minutes", 0, high=7 * 24 * 60),
        per_person_per_day=_cap(schedule, "schedule.per_person_per_day", "per_person_per_day"),
        per_person_per_week=_cap(schedule, "schedule.per_person_per_week",
                                 "per_person_per_week"),
        spread_minutes=_number(schedule, "schedule.spread_minutes", "spread_minutes", 0,
                               high=7 * 24 * 60),
        min_gap_minutes=_number(schedule, "schedule.min_gap_minutes", "min_gap_minutes", 0,
                                high=24 * 60),
        networks={n.value: _network(_object(networks, n.value, prefix="networks."),
                                    f"networks.{n.value}") for n in Network},
    )


def to_document(rules: Rules) -> dict[str, Any]:
    return {
        "proposal": {"spaces": None if rules.proposal_spaces is None
                     else sorted(rules.proposal_spaces),
                     "proposers": [role for role in PROPOSER_ROLES if role in rules.proposers]},
        "approval": {"by": rules.approval_by, "approvers": sorted(rules.approvers)},
        "offer_days": rules.offer_days,
        "schedule": {
            "windows": [{"days": [DAY_NAMES[day - 1] for day in sorted(window.days)],
                         "start": window.start.strftime("%H:%M"),
                         "end": window.end.strftime("%H:%M")} for window in rules.windows],
            "min_spacing_minutes": rules.min_spacing_minutes,
            "per_person_per_day": rules.per_person_per_day,
            "per_person_per_week": rules.per_person_per_week,
            "spread_minutes": rules.spread_minutes,
            "min_gap_minutes": rules.min_gap_minutes,
        },
        "networks": {name: {
            "enabled": net.enabled, "hashtags": list(net.hashtags),
            "disclosure": net.disclosure, "forbidden": list(net.forbidden),
            "utm": dict(net.utm), "drive_links_public": net.drive_links_public,
            "firm_daily_cap": net.firm_daily_cap,
        } for name, net in ((n.value, rules.network(n.value)) for n in Network)},
    }


def canonical(raw: Mapping[str, Any]) -> dict[str, Any]:
    return to_document(parse_rules(raw))


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any],
                   prefix: str = "") -> dict[str, list[Any]]:
    """{"networks.x.hashtags": [old, new], ...}: every leaf that changed."""
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(old) | set(new)):
        path = f"{prefix}{key}"
        before, after = old.get(key), new.get(key)
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            changes.update(diff_documents(before, after, path + "."))
        elif before != after:
            changes[path] = [before, after]
    return changes


def _network(raw: Mapping[str, Any], path: str) -> NetworkRules:
    utm = _object(raw, "utm", prefix=path + ".")
    for key, value in utm.items():
        if not _UTM_KEY.match(str(key)) or not isinstance(value, str) or not value.strip():
            raise _invalid(f"{path}.utm", N_("UTM parameters are utm_… keys with a value."))
    hashtags = [tag.strip().lstrip("#") for tag in _strings(raw, f"{path}.hashtags", "hashtags")]
    if any(not tag or any(ch.isspace() for ch in tag) for tag in hashtags):
        raise _invalid(f"{path}.hashtags", N_("A hashtag is one word."))
    disclosure = raw.get("disclosure", "")
    if not isinstance(disclosure, str) or len(disclosure) > 280:
        raise _invalid(f"{path}.disclosure", N_("The disclosure is a text of at most 280 "
                                                "characters."))
    forbidden = [word.strip() for word in _strings(raw, f"{path}.forbidden", "forbidden")]
    if len(forbidden) > MAX_WORDS or any(not word for word in forbidden):
        raise _invalid(f"{path}.forbidden", N_("Forbidden words must not be empty."))
    return NetworkRules(
        enabled=_flag(raw, f"{path}.enabled", "enabled"),
        hashtags=tuple(dict.fromkeys(hashtags)), disclosure=disclosure.strip(),
        forbidden=tuple(dict.fromkeys(forbidden)),
        utm=tuple(sorted((str(k), v.strip()) for k, v in utm.items())),
        drive_links_public=_flag(raw, f"{path}.drive_links_public", "drive_links_public"),
        firm_daily_cap=_cap(raw, f"{path}.firm_daily_cap", "firm_daily_cap"))


def _window(raw: Any, path: str) -> TimeWindow:
    if not isinstance(raw, Mapping):
        raise _invalid(path, N_("A time window has days, a start and an end."))
    days = _strings(raw, f"{path}.days", "days")
    if not days or set(days) - set(DAY_NAMES):
        raise _invalid(f"{path}.days", N_("Days are mon, tue, wed, thu, fri, sat, sun."))
    start, end = _clock(raw, f"{path}.start", "start"), _clock(raw, f"{path}.end", "end")
    if start >= end:
        raise _invalid(path, N_("A time window ends after it starts."))
    return TimeWindow(frozenset(DAY_NAMES.index(day) + 1 for day in days), start, end)


def _clock(raw: Mapping[str, Any], path: str, key: str) -> time:
    value = raw.get(key)
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        raise _invalid(path, N_("A time is written HH:MM."))
    return time(int(match.group(1)), int(match.group(2)))


def _object(raw: Mapping[str, Any], key: str, prefix: str = "") -> Mapping[str, Any]:
    value = raw.get(key, {})
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _invalid(prefix + key, N_("This must be a JSON object."))
    return value


def _list(raw: Mapping[str, Any], path: str, key: str) -> list[Any]:
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise _invalid(path, N_("This must be a list."))
    return value


def _strings(raw: Mapping[str, Any], path: str, key: str,
             default: list[str] | None = None) -> list[str]:
    values = raw.get(key, default if default is not None else [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _invalid(path, N_("This must be a list of texts."))
    return values


def _ids(raw: Mapping[str, Any], path: str, key: str) -> list[int]:
    values = _list(raw, path, key)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
        raise _invalid(path, N_("This must be a list of identifiers."))
    return values


def _number(raw: Mapping[str, Any], path: str, key: str, default: int, *, low: int = 0,
            high: int = 10_000) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _invalid(path, N_("This must be a whole number between %(low)s and %(high)s."),
                       low=low, high=high)
    return value


def _cap(raw: Mapping[str, Any], path: str, key: str) -> int | None:
    return None if raw.get(key) is None else _number(raw, path, key, 0)


def _flag(raw: Mapping[str, Any], path: str, key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise _invalid(path, N_("This must be true or false."))
    return value


def _invalid(path: str, message: str, **params: Any) -> InvalidInput:
    return InvalidInput(message, field=path or None, **params)
