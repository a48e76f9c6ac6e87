"""Views rendered for one person, keyed on their firm's content version (core/view_cache.py)."""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

from sqlalchemy.orm import Session

from core.view_cache import ViewCache
from social.actor import Actor
from social.models import Tenant

View = TypeVar("View")


def content_version(db: Session, tenant_id: int) -> int | None:
    """Read before the data a view shows (core/content_versions.py says why). No statement
    when the session holds the firm already (see `hold_callers_firm`)."""
    firm = db.get(Tenant, tenant_id)
    return firm.content_version if firm is not None else None


def hold_callers_firm(db: Session, firm: Tenant | None) -> None:
    """Keeps the firm loaded with whoever calls (add-on caller, web session, feed token)
    in the session for the request, so `content_version` costs no statement: the
    identity map holds rows only weakly."""
    db.info["caller_tenant"] = firm


def cached_view(cache: ViewCache, db: Session, actor: Actor, kind: str, detail: Hashable,
                render: Callable[[], View]) -> View:
    """`render()`'s view, or the one it rendered for this person while nothing changed in
    their firm. `detail`: everything else the view depends on (language, page, ...)."""
    key = (kind, actor.tenant_id, content_version(db, actor.tenant_id), actor.user_id, detail)
    return cache.view(key, render)
