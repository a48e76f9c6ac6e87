"""Read models of the gateway: plain, immutable data for cards, pages and e-mails."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from advocacy.rules.findings import Decision
from social.views import PersonRef, SpaceRef


@dataclass(frozen=True)
class RulesView:
    version: int  # 0: never set, the defaults (nothing is shared)
    document: dict[str, Any]
    created_at: datetime | None = None
    created_by: PersonRef | None = None


@dataclass(frozen=True)
class RuleChange:
    version: int
    created_at: datetime
    created_by: PersonRef | None
    changes: dict[str, list[Any]]  # "networks.x.hashtags": [before, after]


@dataclass(frozen=True)
class AccountView:
    id: int
    network: str
    member_id: str
    display_name: str
    status: str
    expires_at: datetime | None
    connected_at: datetime


@dataclass(frozen=True)
class ProposalView:
    id: int
    post_id: int | None
    space: SpaceRef | None
    proposer: PersonRef | None
    post_excerpt: str
    state: str
    variants: dict[str, str]
    reason: str
    rules_version: int
    approved_at: datetime | None
    approved_by: PersonRef | None
    expires_at: datetime | None
    created_at: datetime
    changed_since_approval: bool = False
    previews: tuple[Decision, ...] = ()  # content-only check, one per enabled network


@dataclass(frozen=True)
class NetworkOffer:
    """One network of an offer: the preview for this person, and what they can do."""

    network: str
    decision: Decision              # checked now, for this person
    account_status: str | None      # None: no account connected on this network
    delivery: "DeliveryView | None" = None  # what they already shared or scheduled


@dataclass(frozen=True)
class OfferView:
    proposal: ProposalView
    status: str  # OfferStatus
    note: str
    networks: tuple[NetworkOffer, ...] = ()


@dataclass(frozen=True)
class DeliveryView:
    id: int
    proposal_id: int
    network: str
    origin: str
    status: str
    text: str
    scheduled_at: datetime
    sent_at: datetime | None
    external_url: str | None
    failure_code: str | None
    clicks: int = 0
    deletion_status: str | None = None
    # The network's own words when it failed: failure messages quote them (%(detail)s).
    detail: str = ""


@dataclass(frozen=True)
class ConsentView:
    id: int
    space: SpaceRef
    network: str
    given_at: datetime


@dataclass(frozen=True)
class WeekCount:
    week_start: date  # Monday
    network: str
    count: int


@dataclass(frozen=True)
class PostClicks:
    post_id: int | None
    proposal_id: int
    network: str
    clicks: int


@dataclass(frozen=True)
class TopPost:
    post_id: int | None
    proposal_id: int
    excerpt: str
    shares: int
    clicks: int


@dataclass(frozen=True)
class Analytics:
    shares_per_week: tuple[WeekCount, ...]
    participation: dict[str, int]  # offered, scheduled, shared, skipped
    clicks: tuple[PostClicks, ...]
    top_posts: tuple[TopPost, ...]


@dataclass(frozen=True)
class MyShares:
    deliveries: tuple[DeliveryView, ...]
    total_clicks: int
    shares_by_network: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PauseView:
    id: int
    network: str
    reason: str
    paused_at: datetime
