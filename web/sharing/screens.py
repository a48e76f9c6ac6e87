"""What each sharing page shows, gathered in one call per page (like social's screens).

No flask here. Each function reads through the gateway's services, which check
permission and tenant; the few plain queries below read only what the actor
was already allowed to load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import OPEN_STATES, Proposal, ProposalState
from advocacy.rules import Decision
from advocacy.services import (analytics, consents, pauses, proposals, published, rules,
                               sharing)
from advocacy.services.approvals import may_approve
from advocacy.services.proposals import may_propose
from advocacy.services.rules import current_rules
from advocacy.views import (Analytics, ConsentView, DeliveryView, MyShares, OfferView,
                            PauseView, ProposalView, RuleChange, RulesView)
from social.actor import Actor
from social.errors import NotFound
from social.pagination import MAX_PAGE_SIZE
from social.policy import Access
from social.services import posts, spaces
from social.services.access import load_post
from social.services.administration import PersonRow, people_for_admin
from social.views import PostView, SpaceView
from web.sharing.preview import preview_variants


@dataclass(frozen=True)
class RulesScreen:
    rules: RulesView
    history: list[RuleChange]
    spaces: list[SpaceView]    # the spaces the admin knows of, to choose from
    people: list[PersonRow]    # the firm's active people, to name approvers

    def space_names(self) -> dict[int, str]:
        return {space.id: space.name for space in self.spaces}

    def person_names(self) -> dict[int, str]:
        return {row.person.id: row.person.name for row in self.people}


def rules_screen(db: Session, actor: Actor) -> RulesScreen:
    history = rules.rules_history(db, actor)  # the admin only
    return RulesScreen(rules=rules.get_rules(db, actor), history=history,
                       spaces=spaces.list_spaces(db, actor, limit=MAX_PAGE_SIZE).items,
                       people=[row for row in people_for_admin(db, actor,
                                                               limit=MAX_PAGE_SIZE).items
                               if row.is_active and row.role != "guest"])


@dataclass(frozen=True)
class ConsentsScreen:
    consents: list[ConsentView]
    spaces: list[SpaceView]         # the spaces I read: a consent needs that
    networks: tuple[str, ...]       # those the rules enable


def consents_screen(db: Session, actor: Actor) -> ConsentsScreen:
    mine = consents.my_consents(db, actor)
    readable = [space for space in spaces.list_spaces(db, actor, include_archived=False,
                                                      limit=MAX_PAGE_SIZE).items
                if space.access >= Access.READ]
    return ConsentsScreen(mine, readable, current_rules(db, actor.tenant_id).enabled_networks())


@dataclass(frozen=True)
class OfferScreen:
    offer: OfferView
    slots: dict[str, list[datetime]] = field(default_factory=dict)


def offer_screen(db: Session, actor: Actor, proposal_id: int, *, base_url: str,
                 now: datetime | None = None) -> OfferScreen:
    """One open offer with the moments the rules allow, per network with an account."""
    offer = _offer(sharing.ready_to_share(db, actor, base_url=base_url, now=now), proposal_id)
    slots = {item.network: sharing.suggest_slots(db, actor, proposal_id, item.network, now=now)
             for item in offer.networks
             if item.account_status is not None and not item.decision.content_blocked
             and item.delivery is None}
    return OfferScreen(offer, slots)


def _offer(offers: Sequence[OfferView], proposal_id: int) -> OfferView:
    for offer in offers:
        if offer.proposal.id == proposal_id:
            return offer
    raise NotFound()


@dataclass(frozen=True)
class PostSharing:
    """The "Propose for sharing" action of a post page."""

    proposal_id: int | None  # its open proposal, if any
    state: str | None
    may_propose: bool


def post_sharing(db: Session, actor: Actor, post_id: int) -> PostSharing | None:
    """None when sharing is not for this person or post (a guest, nothing enabled)."""
    if actor.is_guest:
        return None
    firm_rules = current_rules(db, actor.tenant_id)
    if not firm_rules.enabled_networks():
        return None
    post, _ = load_post(db, actor, post_id)
    open_one = db.execute(select(Proposal.id, Proposal.state).where(
        Proposal.tenant_id == actor.tenant_id, Proposal.post_id == post.id,
        Proposal.state.in_(OPEN_STATES)).order_by(Proposal.id.desc()).limit(1)).first()
    allowed = (firm_rules.proposal_spaces is None or post.space_id in firm_rules.proposal_spaces) \
        and may_propose(db, actor, post, firm_rules)
    if open_one is None and not allowed:
        return None
    return PostSharing(open_one[0] if open_one else None, open_one[1] if open_one else None,
                       allowed)


@dataclass(frozen=True)
class SharingDashboard:
    analytics: Analytics
    pauses: list[PauseView]


def dashboard_screen(db: Session, actor: Actor, *, weeks: int = analytics.DEFAULT_WEEKS,
                     now: datetime | None = None) -> SharingDashboard:
    return SharingDashboard(analytics.firm_analytics(db, actor, weeks=weeks, now=now),
                            pauses.active_pauses(db, actor))


@dataclass(frozen=True)
class SharesScreen:
    shares: MyShares
    retracted: list[DeliveryView]  # published, then withdrawn: mine to delete, or keep


def shares_screen(db: Session, actor: Actor) -> SharesScreen:
    return SharesScreen(published.my_shares(db, actor), published.retracted_shares(db, actor))


@dataclass(frozen=True)
class ProposeScreen:
    """Proposing a post: its text, and what the rules make of the variants typed."""

    post: PostView
    networks: tuple[str, ...]
    previews: tuple[Decision, ...]


def propose_screen(db: Session, actor: Actor, post_id: int, variants: Mapping[str, str], *,
                   base_url: str, now: datetime | None = None) -> ProposeScreen:
    proposals.require_may_propose(db, actor, post_id)
    post = posts.get_post(db, actor, post_id)
    previews = preview_variants(db, actor, post_id, variants, base_url=base_url, now=now)
    return ProposeScreen(post, current_rules(db, actor.tenant_id).enabled_networks(), previews)


@dataclass(frozen=True)
class ProposalScreen:
    proposal: ProposalView
    post: PostView | None
    networks: tuple[str, ...]
    previews: tuple[Decision, ...]  # of the saved variants, or of those being typed
    may_edit: bool
    may_decide: bool
    may_retract: bool


def proposal_screen(db: Session, actor: Actor, proposal_id: int, *, base_url: str,
                    variants: Mapping[str, str] | None = None,
                    now: datetime | None = None) -> ProposalScreen:
    proposal = proposals.get_proposal(db, actor, proposal_id, base_url=base_url, now=now)
    post = posts.get_post(db, actor, proposal.post_id) if proposal.post_id else None
    previews = proposal.previews
    if variants is not None and post is not None:
        previews = preview_variants(db, actor, post.id, variants, proposal_id=proposal.id,
                                    base_url=base_url, now=now)
    firm_rules = current_rules(db, actor.tenant_id)
    approver = may_approve(actor, firm_rules)
    own = actor.user_id == (proposal.proposer.id if proposal.proposer else None)
    return ProposalScreen(
        proposal, post, firm_rules.enabled_networks(), previews,
        may_edit=(own or actor.is_admin) and post is not None
        and proposal.state in proposals.EDITABLE,
        may_decide=approver and proposal.state == ProposalState.PROPOSED,
        may_retract=(own or approver) and proposal.state in OPEN_STATES)
