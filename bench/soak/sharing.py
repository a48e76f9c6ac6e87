"""Shares for the delivery workers to publish on the sandbox X throughout the soak.

The benchmark's worker firm (bench/worker.py: 50 people with sandbox X accounts, one
approved post) is set up in the soak's database beside the seeded dataset; its
deliveries are cloned, each with a text of its own, and scheduled evenly over the
run, so the workers publish while PostgreSQL restarts and while one of them dies.
Afterwards every delivery is held against the sandbox's ledger.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select

from advocacy.models import Delivery, DeliveryStatus, Proposal, SocialAccount
from bench.worker import _world
from core.clock import utcnow
from core.runtime import Runtime
from tests.fakes.sandbox import SandboxServer

TERMINAL = {DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED}


@dataclass(frozen=True)
class Shares:
    proposal_ids: list[int]
    delivery_ids: list[int]


def schedule_shares(runtime: Runtime, sandbox: SandboxServer, *, seconds: float,
                    count: int) -> Shares:
    """`count` approved shares, due one after another from now over `seconds`."""
    proposal_id, templates = _world(runtime, sandbox)
    start = utcnow()
    with runtime.database.system_session() as db:
        original = db.scalar(select(Proposal).where(Proposal.id == proposal_id))
        rows = db.scalars(select(Delivery).where(Delivery.id.in_(templates))
                          .order_by(Delivery.id)).all()
        columns = [c.key for c in Proposal.__table__.columns if c.key != "id"]
        proposals, batch, now = [], [], utcnow()
        for number in range(count):
            row = rows[number % len(rows)]
            if number % len(rows) == 0:  # one live delivery per (proposal, person, network)
                values = {key: getattr(original, key) for key in columns}
                proposals.append(db.execute(insert(Proposal).values(**values)
                                            .returning(Proposal.id)).scalar_one())
            batch.append(dict(
                tenant_id=row.tenant_id, proposal_id=proposals[-1], user_id=row.user_id,
                network=row.network, account_id=row.account_id, origin=row.origin,
                text=f"{row.text} (soak {number})", link_url=row.link_url,
                link_title=row.link_title, link_description=row.link_description,
                approved_hash=row.approved_hash, rules_version=row.rules_version,
                scheduled_at=start + timedelta(seconds=seconds * number / count),
                expires_at=row.expires_at, status="pending", attempts=0,
                transient_failures=0, last_error="", idempotency_key=uuid.uuid4().hex,
                created_at=now, updated_at=now))
        ids = list(db.scalars(insert(Delivery).returning(Delivery.id), batch))
        db.commit()
    return Shares(proposals, ids)


def unfinished(runtime: Runtime, shares: Shares) -> int:
    with runtime.database.system_session(write=False) as db:
        return db.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.id.in_(shares.delivery_ids), Delivery.status.not_in(TERMINAL)))


def check_shares(runtime: Runtime, sandbox: SandboxServer, shares: Shares) -> dict[str, Any]:
    """Each share against the ledger: sent means exactly one post with its text by its
    account; failed or cancelled means none (and a reason); nothing else is allowed at
    the end. Any post in the ledger that no share accounts for is counted too."""
    with runtime.database.system_session(write=False) as db:
        rows = db.execute(select(Delivery.id, Delivery.status, Delivery.text,
                                 Delivery.attempts, Delivery.last_error,
                                 SocialAccount.member_id)
                          .join(SocialAccount, SocialAccount.id == Delivery.account_id)
                          .where(Delivery.id.in_(shares.delivery_ids))).all()
    ledger = sandbox.ledger("x")
    posts = Counter((post["author"], post["text"]) for post in ledger)
    statuses = Counter(row.status for row in rows)
    published_twice, lost, sent_without_post, closed_with_post, unexplained = [], [], [], [], []
    for row in rows:
        found = posts.get((row.member_id, row.text), 0)
        if found > 1:
            published_twice.append(row.id)
        if row.status == DeliveryStatus.SENT and found == 0:
            sent_without_post.append(row.id)
        elif row.status in (DeliveryStatus.FAILED, DeliveryStatus.CANCELLED):
            if found:
                closed_with_post.append(row.id)
            if not row.last_error and row.status == DeliveryStatus.FAILED:
                unexplained.append(row.id)
        elif row.status not in TERMINAL:
            lost.append(row.id)
    ours = {(row.member_id, row.text) for row in rows}
    strangers = sum(count for key, count in posts.items() if key not in ours and
                    "(soak " in key[1])
    return {
        "shares": len(rows), "statuses": dict(statuses),
        "ledger_posts": sum(posts[key] for key in ours),
        "published_twice": len(published_twice), "still_open": len(lost),
        "sent_without_post": len(sent_without_post),
        "closed_but_published": len(closed_with_post), "failed_without_reason": len(unexplained),
        "posts_without_share": strangers,
        "retried_after_unknown_outcome": sum(1 for row in rows if row.attempts > 1),
        "duplicate_answers": sum(post.get("duplicate_attempts", 0) for post in ledger),
        "errors": sorted({row.last_error for row in rows if row.last_error})[:5]}
