"""Gathering what the pure check reads: the source text, the sharer, the counts."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import LIVE_STATUSES, Delivery, Proposal
from advocacy.rules import DriveAnswer, Employee, LinkTracking, Load, ShareSource
from advocacy.rules.timing import utc_day
from social.markdown import find_references
from social.models import Post, User

# How far around a moment the counts are read: a week each side covers the weekly cap.
HORIZON = timedelta(days=8)


def share_source(db: Session, proposal: Proposal, post: Post, *, note: str = "",
                 base_url: str | None = None) -> ShareSource:
    texts = [post.body_md, note, *proposal.variants.values()]
    return ShareSource(
        body=post.body_md, variants=dict(proposal.variants), note=note,
        space_id=proposal.space_id,
        drive_files={key: DriveAnswer(key, value.get("title", ""), value.get("public"))
                     for key, value in proposal.drive_checks.items()},
        mentions=_mentioned_names(db, proposal.tenant_id, texts),
        tracking=LinkTracking(base_url, proposal.link_salt) if base_url else None,
        expires_at=proposal.expires_at)


def drive_checks(answers: Iterable[DriveAnswer]) -> dict[str, dict]:
    return {answer.google_id: {"title": answer.title, "public": answer.public}
            for answer in answers}


def _mentioned_names(db: Session, tenant_id: int, texts: list[str]) -> dict[str, str]:
    handles: set[str] = set()
    for text in texts:
        if text and "@" in text:
            handles |= find_references(text).handles
    if not handles:
        return {}
    return {user.handle.lower(): user.name for user in db.scalars(select(User).where(
        User.tenant_id == tenant_id, User.handle.in_(sorted(handles))))}


def employee(db: Session, tenant_id: int, user_id: int, network: str, proposal_id: int,
             around: datetime, until: datetime | None = None) -> Employee:
    """The sharer, with the times of their other live shares on this network."""
    user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == tenant_id))
    end = (until or around) + HORIZON
    times = db.scalars(select(Delivery.scheduled_at).where(
        Delivery.tenant_id == tenant_id, Delivery.user_id == user_id,
        Delivery.network == network, Delivery.proposal_id != proposal_id,
        Delivery.status.in_(LIVE_STATUSES), Delivery.scheduled_at >= around - HORIZON,
        Delivery.scheduled_at < end)).all()
    return Employee(user_id, user.time_zone if user else "Europe/Paris", tuple(times))


def load(db: Session, tenant_id: int, network: str, proposal_id: int, user_id: int,
         around: datetime, until: datetime | None = None) -> Load:
    """The firm's live shares per UTC day on this network, and colleagues' shares of
    this post, around the moments considered."""
    start, end = around - timedelta(days=1), (until or around) + timedelta(days=1)
    firm_times = db.scalars(select(Delivery.scheduled_at).where(
        Delivery.tenant_id == tenant_id, Delivery.network == network,
        Delivery.status.in_(LIVE_STATUSES), Delivery.scheduled_at >= start,
        Delivery.scheduled_at < end)).all()
    post_times = db.scalars(select(Delivery.scheduled_at).where(
        Delivery.tenant_id == tenant_id, Delivery.proposal_id == proposal_id,
        Delivery.network == network, Delivery.user_id != user_id,
        Delivery.status.in_(LIVE_STATUSES))).all()
    return Load(dict(Counter(utc_day(t) for t in firm_times)), tuple(post_times))
