"""What the check reads, all plain data gathered beforehand (it never calls anything)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping


@dataclass(frozen=True)
class DriveAnswer:
    """What Drive said of a linked file, asked before the check runs."""

    google_id: str
    title: str = ""
    public: bool | None = None  # None: Drive would not say (no permission to see sharing)


@dataclass(frozen=True)
class LinkTracking:
    """Links become `<base_url>/l/<code>`; codes derive from the proposal's secret salt."""

    base_url: str
    salt: str


@dataclass(frozen=True)
class ShareSource:
    """The proposal as the check sees it, with the sharer's note when there is one."""

    body: str                                     # the post's Markdown
    variants: Mapping[str, str] = field(default_factory=dict)  # network -> Markdown
    note: str = ""                                # the sharer's own words, put first
    space_id: int | None = None
    drive_files: Mapping[str, DriveAnswer] = field(default_factory=dict)
    mentions: Mapping[str, str] = field(default_factory=dict)  # handle -> name
    tracking: LinkTracking | None = None
    expires_at: datetime | None = None           # the offer's end

    def text_for(self, network: str) -> str:
        return self.variants.get(network) or self.body


@dataclass(frozen=True)
class Employee:
    """The person sharing, with when their other shares on this network go out."""

    user_id: int
    time_zone: str = "Europe/Paris"
    share_times: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Load:
    """What others do on this network: the firm's posts per UTC day, this post's shares."""

    firm_per_day: Mapping[date, int] = field(default_factory=dict)
    post_times: tuple[datetime, ...] = ()  # colleagues' deliveries of this post
