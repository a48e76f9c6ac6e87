"""Loading proposals with the actor's access, and building their views."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import Delivery, Proposal
from advocacy.rules import Rules, check
from advocacy.services import inputs
from advocacy.services.gate import changed_since_approval
from advocacy.views import DeliveryView, ProposalView
from social.actor import Actor, require_active
from social.errors import NotFound
from social.markdown import to_plain_text
from social.models import Post, Space, User
from social.services.access import load_post
from social.services.assemble import person_ref, space_ref

EXCERPT = 280


def load_proposal(db: Session, actor: Actor, proposal_id: int) -> tuple[Proposal, Post | None]:
    """A proposal of the actor's firm on a post they may read; NotFound otherwise. Once
    its post is gone, only its proposer and the admins still see it. Guests have no part
    in sharing (no offers, no proposals), even of a post they read."""
    require_active(actor)
    if actor.is_guest:
        raise NotFound()
    proposal = db.scalar(select(Proposal).where(Proposal.id == proposal_id,
                                                Proposal.tenant_id == actor.tenant_id))
    if proposal is None:
        raise NotFound()
    if proposal.post_id is None:
        if not (actor.is_admin or actor.user_id == proposal.proposer_id):
            raise NotFound()
        return proposal, None
    post, _ = load_post(db, actor, proposal.post_id)
    return proposal, post


def proposal_view(db: Session, proposal: Proposal, post: Post | None, rules: Rules | None,
                  now: datetime, base_url: str | None = None) -> ProposalView:
    """With `rules`, previews for each enabled network (content only, as approvers see it)."""
    people = {user.id: user for user in db.scalars(select(User).where(
        User.tenant_id == proposal.tenant_id,
        User.id.in_({proposal.proposer_id, proposal.approved_by_id} - {None})))}
    space = db.scalar(select(Space).where(Space.id == proposal.space_id,
                                          Space.tenant_id == proposal.tenant_id)) \
        if proposal.space_id else None
    previews = ()
    if rules is not None and post is not None:
        source = inputs.share_source(db, proposal, post, base_url=base_url)
        previews = tuple(check(source, rules, network, None, now)
                         for network in rules.enabled_networks())
    proposer = people.get(proposal.proposer_id)
    approver = people.get(proposal.approved_by_id)
    return ProposalView(
        id=proposal.id, post_id=proposal.post_id, space=space_ref(space) if space else None,
        proposer=person_ref(proposer) if proposer else None,
        post_excerpt=to_plain_text(post.body_md)[:EXCERPT] if post else "",
        state=proposal.state, variants=dict(proposal.variants), reason=proposal.reason,
        rules_version=proposal.rules_version, approved_at=proposal.approved_at,
        approved_by=person_ref(approver) if approver else None,
        expires_at=proposal.expires_at, created_at=proposal.created_at,
        changed_since_approval=changed_since_approval(proposal, post), previews=previews)


def delivery_view(delivery: Delivery, clicks: int = 0,
                  deletion_status: str | None = None) -> DeliveryView:
    return DeliveryView(delivery.id, delivery.proposal_id, delivery.network, delivery.origin,
                        delivery.status, delivery.text, delivery.scheduled_at,
                        delivery.sent_at, delivery.external_url, delivery.failure_code,
                        clicks, deletion_status,
                        delivery.last_error[:500] if delivery.failure_code else "")
