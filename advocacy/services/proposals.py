"""Proposing a post for sharing, editing the proposal, and reading it with its previews."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from advocacy.models import OPEN_STATES, Proposal, ProposalState
from advocacy.rules import DriveAnswer, Rules
from advocacy.rules.source import drive_file_id, pieces
from advocacy.services import inputs
from advocacy.services.approvals import approve_automatically
from advocacy.services.gate import cancel_waiting, settle
from advocacy.services.loading import load_proposal, proposal_view
from advocacy.services.rules import current_rules
from advocacy.views import ProposalView
from integrations.networks import Network
from social.actor import Actor
from social.errors import Conflict, Forbidden, InvalidInput
from social.models import Membership, Post, SpaceRole
from social.services.access import load_post
from social.services.audit import record_audit

VARIANT_LIMIT = 5000
EDITABLE = (ProposalState.DRAFT, ProposalState.PROPOSED, ProposalState.CHANGES_REQUESTED,
            ProposalState.APPROVED)


def propose_share(db: Session, actor: Actor, post_id: int, *,
                  variants: Mapping[str, str] | None = None,
                  drive_files: Sequence[DriveAnswer] = (), submit: bool = True,
                  base_url: str | None = None, now: datetime | None = None) -> ProposalView:
    """Offer a post for sharing; a draft until submitted. When the rules need no
    approver and no finding blocks, it is approved at once."""
    now = now or utcnow()
    post, _ = load_post(db, actor, post_id)
    rules = current_rules(db, actor.tenant_id)
    if rules.proposal_spaces is not None and post.space_id not in rules.proposal_spaces:
        raise Forbidden(N_("Posts of this space may not be proposed for sharing."))
    if not may_propose(db, actor, post, rules):
        raise Forbidden(N_("The rules do not let you propose this post for sharing."))
    if db.scalar(select(Proposal.id).where(Proposal.tenant_id == actor.tenant_id,
                                           Proposal.post_id == post.id,
                                           Proposal.state.in_(OPEN_STATES))) is not None:
        raise Conflict(N_("This post is already proposed for sharing."))
    proposal = Proposal(
        tenant_id=actor.tenant_id, post_id=post.id, space_id=post.space_id,
        proposer_id=actor.user_id,
        state=ProposalState.PROPOSED if submit else ProposalState.DRAFT,
        variants=clean_variants(variants), drive_checks=inputs.drive_checks(drive_files),
        rules_version=rules.version, link_salt=secrets.token_hex(16), created_at=now,
        updated_at=now)
    db.add(proposal)
    db.flush()
    record_audit(db, actor, "advocacy.proposal.proposed", "proposal", proposal.id,
                 post_id=post.id, submitted=submit, networks=sorted(proposal.variants))
    if submit:
        approve_automatically(db, proposal, post, rules, now, base_url)
    db.commit()
    return proposal_view(db, proposal, post, rules, now, base_url)


def edit_proposal(db: Session, actor: Actor, proposal_id: int, *,
                  variants: Mapping[str, str] | None = None,
                  drive_files: Sequence[DriveAnswer] | None = None, submit: bool = True,
                  base_url: str | None = None, now: datetime | None = None) -> ProposalView:
    """Change the variants (or record fresh Drive answers). An approved proposal goes
    back for approval and its waiting deliveries are cancelled; a draft or one sent
    back for changes is (re)submitted unless `submit` is false."""
    now = now or utcnow()
    proposal, post = load_proposal(db, actor, proposal_id)
    if not (actor.is_admin or actor.user_id == proposal.proposer_id):
        raise Forbidden()
    settle(db, proposal, post, now)
    if proposal.state not in EDITABLE or post is None:
        raise Conflict(N_("This proposal can no longer be changed."))
    if variants is not None:
        proposal.variants = clean_variants(variants)
    if drive_files is not None:
        proposal.drive_checks = {**proposal.drive_checks, **inputs.drive_checks(drive_files)}
    was = proposal.state
    if was == ProposalState.APPROVED:
        cancel_waiting(db, proposal, "changed", now)
        proposal.approved_hash = proposal.approved_at = proposal.approved_by_id = None
        proposal.expires_at = None
    if was != ProposalState.DRAFT or submit:
        proposal.state = ProposalState.PROPOSED
    proposal.reason = ""
    proposal.updated_at = now
    rules = current_rules(db, actor.tenant_id)
    proposal.rules_version = rules.version
    record_audit(db, actor, "advocacy.proposal.edited", "proposal", proposal.id,
                 previous_state=was, state=proposal.state)
    if proposal.state == ProposalState.PROPOSED:
        approve_automatically(db, proposal, post, rules, now, base_url)
    db.commit()
    return proposal_view(db, proposal, post, rules, now, base_url)


def get_proposal(db: Session, actor: Actor, proposal_id: int, *, base_url: str | None = None,
                 now: datetime | None = None) -> ProposalView:
    """The proposal with a preview per enabled network, as approvers see it."""
    now = now or utcnow()
    proposal, post = load_proposal(db, actor, proposal_id)
    return proposal_view(db, proposal, post, current_rules(db, actor.tenant_id), now, base_url)


def linked_drive_files(db: Session, actor: Actor, post_id: int,
                       variants: Mapping[str, str] | None = None) -> list[str]:
    """The Drive file ids the post (and the variants) link to: what to ask Drive about,
    with the proposer's or approver's token, before proposing or approving."""
    post, _ = load_post(db, actor, post_id)
    found: list[str] = []
    for text in (post.body_md, *(variants or {}).values()):
        for piece in pieces(text):
            file_id = drive_file_id(piece.url) if piece.url else None
            if file_id and file_id not in found:
                found.append(file_id)
    return found


def drive_answer(info) -> DriveAnswer:
    """Drive's answer (integrations.google.drive.DriveFileInfo) as the check reads it:
    public only when anyone with the link may open it; unknown when Drive hid the
    sharing settings from the person who asked."""
    return DriveAnswer(info.google_id, info.title,
                       info.anyone_with_link if info.sharing_known else None)


def require_may_propose(db: Session, actor: Actor, post_id: int) -> None:
    """The proposing form is for those the rules let propose the post (Forbidden)."""
    post, _ = load_post(db, actor, post_id)
    if not may_propose(db, actor, post, current_rules(db, actor.tenant_id)):
        raise Forbidden(N_("The rules do not let you propose this post for sharing."))


def may_propose(db: Session, actor: Actor, post: Post, rules: Rules) -> bool:
    if actor.is_guest:
        return False
    if "admins" in rules.proposers and actor.is_admin:
        return True
    if "author" in rules.proposers and post.author_id == actor.user_id:
        return True
    if "moderators" in rules.proposers:
        role = db.scalar(select(Membership.role).where(
            Membership.tenant_id == actor.tenant_id, Membership.space_id == post.space_id,
            Membership.user_id == actor.user_id))
        return role in (SpaceRole.OWNER, SpaceRole.MODERATOR)
    return False


def clean_variants(variants: Mapping[str, str] | None) -> dict[str, str]:
    cleaned = {}
    for network, text in (variants or {}).items():
        if network not in {n.value for n in Network}:
            raise InvalidInput(N_("Unknown network: %(name)s."), field="variants", name=network)
        if not isinstance(text, str):
            raise InvalidInput(field=f"variants.{network}")
        text = text.replace("\r\n", "\n").strip()
        if len(text) > VARIANT_LIMIT:
            raise InvalidInput(N_("A text for one network holds at most %(limit)s "
                                  "characters."), field=f"variants.{network}",
                               limit=VARIANT_LIMIT)
        if text:
            cleaned[network] = text
    return cleaned
