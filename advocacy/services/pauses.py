"""Networks paused for the firm (X 402 payment required, LinkedIn 426 API version).

The worker pauses; the admin sees the pause and resumes once it is fixed.
Deliveries wait meanwhile (they still close at their offer's end).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import utcnow
from advocacy.models import NetworkPause
from advocacy.services.accounts import network_of
from advocacy.views import PauseView
from social.actor import Actor, require_active
from social.errors import Forbidden, NotFound
from social.services.audit import record_audit


def pause_network(db: Session, tenant_id: int, network: str, reason: str,
                  now: datetime) -> NetworkPause:
    """Called by the worker (system): one pause in force per firm and network."""
    pause = db.scalar(select(NetworkPause).where(
        NetworkPause.tenant_id == tenant_id, NetworkPause.network == network,
        NetworkPause.resumed_at.is_(None)))
    if pause is None:
        pause = NetworkPause(tenant_id=tenant_id, network=network, reason=reason[:2000],
                             paused_at=now)
        db.add(pause)
        db.flush()
        # The admin's alert: the audit log, and active_pauses on the admin pages.
        record_audit(db, None, "advocacy.network.paused", "network", network,
                     tenant_id=tenant_id, reason=reason[:500])
    return pause


def active_pauses(db: Session, actor: Actor) -> list[PauseView]:
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    rows = db.scalars(select(NetworkPause).where(NetworkPause.tenant_id == actor.tenant_id,
                                                 NetworkPause.resumed_at.is_(None))
                      .order_by(NetworkPause.id))
    return [PauseView(row.id, row.network, row.reason, row.paused_at) for row in rows]


def resume_network(db: Session, actor: Actor, network: str, *,
                   now: datetime | None = None) -> None:
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    network = network_of(network).value
    pause = db.scalar(select(NetworkPause).where(
        NetworkPause.tenant_id == actor.tenant_id, NetworkPause.network == network,
        NetworkPause.resumed_at.is_(None)))
    if pause is None:
        raise NotFound()
    pause.resumed_at, pause.resumed_by_id = now or utcnow(), actor.user_id
    record_audit(db, actor, "advocacy.network.resumed", "network", network)
    db.commit()
