"""Recording and reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from social.actor import Actor, require_active
from social.errors import Forbidden
from social.models import AuditEntry
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size


def record_audit(db: Session, actor: Actor | None, action: str, target_type: str,
                 target_id: int | str, tenant_id: int | None = None, **details: Any) -> None:
    """Adds an entry to the caller's transaction; the caller commits."""
    db.add(AuditEntry(tenant_id=tenant_id if tenant_id is not None else actor.tenant_id,
                      actor_id=actor.user_id if actor else None, action=action,
                      target_type=target_type, target_id=str(target_id), details=details))


def list_audit(db: Session, actor: Actor, *, action: str | None = None,
               cursor: str | None = None, limit: int | None = None,
               since: datetime | None = None, until: datetime | None = None
               ) -> Page[AuditEntry]:
    """Newest first; `since` and `until` (aware) bound the period, until excluded."""
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()
    limit = page_size(limit)
    query = select(AuditEntry).where(AuditEntry.tenant_id == actor.tenant_id)
    if action:
        query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    if until is not None:
        query = query.where(AuditEntry.created_at < until)
    key = decode_cursor(cursor, int)
    if key:
        query = query.where(AuditEntry.id < key[0])
    rows, more = cut(db.scalars(query.order_by(AuditEntry.id.desc()).limit(limit + 1)).all(),
                     limit)
    return Page(rows, encode_cursor(rows[-1].id) if more else None)
