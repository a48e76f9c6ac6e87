"""Figures for the admin's charts, and each person's own.

Everything is read over a bounded period along indexed columns (tenant, status,
time), so the cost follows the period, not the firm's whole history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from advocacy.models import Delivery, DeliveryStatus, Offer, Proposal, TrackedLink
from advocacy.views import Analytics, PostClicks, TopPost, WeekCount
from social.actor import Actor, require_active
from social.errors import Forbidden
from social.markdown import to_plain_text
from social.models import Post

DEFAULT_WEEKS = 12
TOP = 10


def firm_analytics(db: Session, actor: Actor, *, weeks: int = DEFAULT_WEEKS,
                   now: datetime | None = None) -> Analytics:
    """Shares per ISO week (UTC) and network, participation in the offers of the
    period, clicks per post and network, and the most shared posts."""
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    now = now or utcnow()
    since = now - timedelta(weeks=weeks)
    tenant = actor.tenant_id
    sent = db.execute(select(Delivery.sent_at, Delivery.network).where(
        Delivery.tenant_id == tenant, Delivery.status == DeliveryStatus.SENT,
        Delivery.sent_at >= since)).all()
    weekly: dict[tuple, int] = {}
    for sent_at, network in sent:
        monday = (sent_at - timedelta(days=sent_at.weekday())).date()
        weekly[(monday, network)] = weekly.get((monday, network), 0) + 1
    proposals = select(Proposal.id).where(Proposal.tenant_id == tenant,
                                          Proposal.approved_at >= since)
    participation = {status: count for status, count in db.execute(
        select(Offer.status, func.count()).where(Offer.tenant_id == tenant,
                                                  Offer.proposal_id.in_(proposals))
        .group_by(Offer.status)).all()}
    clicks = db.execute(
        select(Proposal.post_id, Proposal.id, Delivery.network, func.sum(TrackedLink.clicks))
        .join(Delivery, Delivery.id == TrackedLink.delivery_id)
        .join(Proposal, Proposal.id == Delivery.proposal_id)
        .where(TrackedLink.tenant_id == tenant, Delivery.tenant_id == tenant,
               Proposal.tenant_id == tenant, Proposal.id.in_(proposals))
        .group_by(Proposal.post_id, Proposal.id, Delivery.network)).all()
    click_rows = tuple(sorted((PostClicks(post_id, proposal_id, network, int(total or 0))
                               for post_id, proposal_id, network, total in clicks),
                              key=lambda row: (-row.clicks, row.proposal_id, row.network)))
    return Analytics(
        shares_per_week=tuple(WeekCount(week, network, count) for (week, network), count
                              in sorted(weekly.items())),
        participation={status: participation.get(status, 0)
                       for status in ("offered", "scheduled", "shared", "skipped")},
        clicks=click_rows, top_posts=_top_posts(db, tenant, since, click_rows))


def _top_posts(db: Session, tenant: int, since: datetime,
               clicks: tuple[PostClicks, ...]) -> tuple[TopPost, ...]:
    shares = db.execute(
        select(Delivery.proposal_id, func.count()).where(
            Delivery.tenant_id == tenant, Delivery.status == DeliveryStatus.SENT,
            Delivery.sent_at >= since)
        .group_by(Delivery.proposal_id).order_by(func.count().desc(), Delivery.proposal_id)
        .limit(TOP)).all()
    if not shares:
        return ()
    ids = [proposal_id for proposal_id, _ in shares]
    posts = {proposal.id: (proposal.post_id, post) for proposal, post in db.execute(
        select(Proposal, Post).outerjoin(Post, Post.id == Proposal.post_id)
        .where(Proposal.id.in_(ids), Proposal.tenant_id == tenant)).all()}
    by_proposal: dict[int, int] = {}
    for row in clicks:
        by_proposal[row.proposal_id] = by_proposal.get(row.proposal_id, 0) + row.clicks
    return tuple(TopPost(posts[pid][0], pid,
                         to_plain_text(posts[pid][1].body_md)[:140] if posts[pid][1] else "",
                         count, by_proposal.get(pid, 0)) for pid, count in shares)
