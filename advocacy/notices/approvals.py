"""Telling approvers that a proposal waits for them.

A proposal waits while it is "proposed": just submitted, edited after changes
were asked, or sent back because its post changed after approval (the delivery
job's round settles those into "proposed"). Its approvers are the firm's admins,
and the named approvers when the rules name them, among those who may read the
post (as the approvals queue shows it); never the proposer.

Each round of approval is told once per approver (social/notifications/sharing.py
keys it by the proposal and the moment it was submitted). Only proposals
submitted within LOOKBACK are looked at, along the (state, ...) index: older ones
were told when they came, so a round costs what is new, not the backlog.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import Proposal, ProposalState
from advocacy.notices.mail import Letterhead, approval_request
from advocacy.rules import Rules
from advocacy.services.people import readers_of
from advocacy.services.rules import current_rules
from core.database import Database
from social.models import Post, Space, TenantRole, User
from social.notifications.sharing import proposal_waiting

LOOKBACK = timedelta(days=3)
BATCH = 200


def tell_approvers(database: Database, letterhead: Letterhead,
                   now: datetime) -> list[EmailMessage]:
    """Writes the in-app notifications (committed); returns the e-mails to send."""
    messages: list[EmailMessage] = []
    with database.system_session() as db:
        rows = db.execute(select(Proposal, Post).join(Post, Post.id == Proposal.post_id).where(
            Proposal.state == ProposalState.PROPOSED, Proposal.updated_at >= now - LOOKBACK,
            Post.tenant_id == Proposal.tenant_id).order_by(Proposal.id).limit(BATCH)).all()
        rules: dict[int, Rules] = {}
        for proposal, post in rows:
            tenant_rules = rules.get(proposal.tenant_id)
            if tenant_rules is None:
                tenant_rules = rules[proposal.tenant_id] = current_rules(db, proposal.tenant_id)
            approvers = _approvers(db, proposal, post, tenant_rules)
            told = proposal_waiting(db, tenant_id=proposal.tenant_id, post=post,
                                    proposal_id=proposal.id, submitted_at=proposal.updated_at,
                                    approver_ids=approvers)
            messages += _mails(db, letterhead, proposal, post, told)
        db.commit()
    return messages


def _approvers(db: Session, proposal: Proposal, post: Post, rules: Rules) -> set[int]:
    """Who may approve it (approvals.may_approve) and reads its post."""
    named = rules.approvers if rules.approval_by == "approvers" else frozenset()
    deciders = set(db.scalars(select(User.id).where(
        User.tenant_id == proposal.tenant_id, User.is_active.is_(True),
        (User.role == TenantRole.ADMIN) | User.id.in_(sorted(named)))))
    readers = set(readers_of(db, proposal.tenant_id, post.space_id))
    return (deciders & readers) - {proposal.proposer_id}


def _mails(db: Session, letterhead: Letterhead, proposal: Proposal, post: Post,
           told: list[int]) -> list[EmailMessage]:
    if not told:
        return []
    people = {user.id: user for user in db.scalars(select(User).where(
        User.tenant_id == proposal.tenant_id, User.id.in_([*told, proposal.proposer_id or 0])))}
    space = db.scalar(select(Space.name).where(Space.id == post.space_id,
                                               Space.tenant_id == post.tenant_id)) or ""
    proposer = people.get(proposal.proposer_id)
    return [approval_request(people[user_id], letterhead, proposal_id=proposal.id,
                             proposer=proposer.name if proposer else "?", space=space,
                             excerpt=post.body_md)
            for user_id in told if user_id in people]
