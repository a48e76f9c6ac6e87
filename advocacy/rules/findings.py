"""What the check says: findings that block or fix, each naming its rule, and the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Effect(StrEnum):
    BLOCK = "block"  # this share may not go out as it is
    FIX = "fix"      # the text was changed to follow the rule (hashtag, disclosure, UTM)


class Scope(StrEnum):
    CONTENT = "content"  # about the text: the same for everyone, decided at approval
    TIMING = "timing"    # about when and how often: another moment may pass


@dataclass(frozen=True)
class Finding:
    rule: str     # the key of the rules document it comes from: "networks.x.forbidden"
    effect: Effect
    scope: Scope
    message: str  # an English message id, translated where it is shown
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return self.effect is Effect.BLOCK


@dataclass(frozen=True)
class TrackedTarget:
    code: str
    target: str     # the UTM-tagged destination
    short_url: str  # what the text carries


@dataclass(frozen=True)
class CardPreview:
    url: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Decision:
    network: str
    findings: tuple[Finding, ...]
    text: str          # exactly what will be published (LinkedIn: escaped little text)
    display_text: str  # what readers will see (the same for X)
    length: int        # as the network counts it
    limit: int
    links: tuple[TrackedTarget, ...] = ()
    card: CardPreview | None = None

    @property
    def blocked(self) -> bool:
        return any(f.blocks for f in self.findings)

    @property
    def content_blocked(self) -> bool:
        return any(f.blocks and f.scope is Scope.CONTENT for f in self.findings)

    @property
    def timing_blocked(self) -> bool:
        return any(f.blocks and f.scope is Scope.TIMING for f in self.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocks)

    @property
    def fixes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.effect is Effect.FIX)

    def rules(self) -> list[str]:
        return [f.rule for f in self.findings]
