"""Abuse limits: how often one person (or one firm) may do an action, and the counters.

Framework-free. A limit is `count` actions per fixed `window` of seconds; the HTTP
layer (server/rate_limits.py) names the counters and turns a refusal into a 429.
Counters never live in process memory: several gunicorn processes (and machines)
must share them, so they live in the database (rate_limits/sql.py) or in Redis
(rate_limits/redis.py).

Fixed windows: the counter of a window starts at its first hit and is forgotten when
the window ends. At a window's edge a person may act up to twice the limit within one
window's length; that is the price of one statement (or one Redis round trip) per
hit, and a fair one for abuse limits, which only have to stop floods.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Mapping, Sequence

# Writes that are limited per person and per firm.
WRITE_ACTIONS = ("comment", "post", "reaction", "proposal", "report", "invitation", "space")
# Sign-in attempts: per account e-mail (`sign_in`) and per client address (`sign_in_ip`).
SIGN_IN_ACTIONS = ("sign_in", "sign_in_ip")
ACTIONS = WRITE_ACTIONS + SIGN_IN_ACTIONS

# Per person. Generous for people (a lively thread is a comment every few seconds for a
# minute, not twenty), tight for scripts. A client address is often a whole office
# behind one NAT, hence its larger sign-in allowance.
DEFAULT_LIMITS = ("comment=20/1m,post=10/1m,reaction=60/1m,proposal=10/1h,report=10/1h,"
                  "invitation=30/1h,space=10/1h,sign_in=10/5m,sign_in_ip=30/5m")
# Per firm, shared by all its people: about fifteen people at their own limit at once.
# It keeps one firm (or one stolen session per firm) from flooding a shared deployment.
DEFAULT_TENANT_LIMITS = ("comment=300/1m,post=100/1m,reaction=900/1m,proposal=100/1h,"
                         "report=100/1h,invitation=300/1h,space=50/1h")

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
OFF = ("off", "none")


@dataclass(frozen=True)
class Limit:
    count: int
    window: int  # seconds

    def __str__(self) -> str:
        return f"{self.count}/{self.window}s"


def parse_limits(spec: str, *, defaults: str | None = None,
                 actions: Sequence[str] = ACTIONS) -> dict[str, Limit | None]:
    """`"comment=20/1m,post=off"` -> {action: Limit or None (off)}, over `defaults`.

    `off` (or `none`) alone turns every limit off. Unknown actions and malformed
    limits raise ValueError, so a typo fails at start-up rather than limiting nothing.
    """
    limits: dict[str, Limit | None] = parse_limits(defaults, actions=actions) \
        if defaults else {}
    if spec.strip().lower() in OFF:
        return {action: None for action in actions}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        action, equals, value = (text.strip() for text in item.partition("="))
        if not equals or action not in actions:
            raise ValueError(f"unknown rate limit {item!r} (actions: {', '.join(actions)})")
        limits[action] = None if value.lower() in OFF else _limit(value, item)
    return limits


def _limit(value: str, item: str) -> Limit:
    match = _LIMIT.match(value)
    if not match:
        raise ValueError(f"malformed rate limit {item!r}: expected count/window, as 20/1m")
    count, amount, unit = int(match[1]), int(match[2] or 1), match[3]
    if count < 1 or amount < 1:
        raise ValueError(f"rate limit {item!r}: count and window must be at least 1")
    return Limit(count, amount * UNITS[unit])


@dataclass(frozen=True)
class Hit:
    """One more action counted against `key`, allowed `limit` times per `window` s."""

    key: str
    limit: int
    window: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds before a refused action may succeed again


ALLOWED = Decision(True)


class RateLimiter(ABC):
    """Counts hits in shared storage. Every implementation counts a hit atomically, so
    concurrent processes never both take the last allowed place."""

    def hit(self, key: str, limit: int, window: int) -> Decision:
        return self.hit_all([Hit(key, limit, window)])

    @abstractmethod
    def hit_all(self, hits: Sequence[Hit], **options) -> Decision:
        """Counts one action against every key at once (one statement or round trip):
        refused when any of them is over its limit. Refused hits count too, so
        hammering past the limit does not shorten the wait."""

    @abstractmethod
    def forget(self, prefixes: Sequence[str]) -> int:
        """Deletes the counters whose key starts with one of `prefixes` (a person
        erased: `user:<id>:`); returns how many."""


def window_start(now: float, window: int) -> int:
    return int(now // window) * window


def decide(hits: Sequence[Hit], counts: Mapping[str, int], now: float) -> Decision:
    """The decision for `hits` once counted: `counts[key]` is the count in the window."""
    waits = [window_start(now, hit.window) + hit.window - now
             for hit in hits if counts[hit.key] > hit.limit]
    if not waits:
        return ALLOWED
    return Decision(False, max(1, math.ceil(max(waits))))


class Unlimited(RateLimiter):
    """Every limit off: nothing is counted."""

    def hit_all(self, hits: Sequence[Hit], **options) -> Decision:
        return ALLOWED

    def forget(self, prefixes: Sequence[str]) -> int:
        return 0
