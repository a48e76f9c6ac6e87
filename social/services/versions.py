"""Views rendered for one person, keyed on their firm's content version (core/view_cache.py)."""

from __future__ import annotations

from typing import Callable, Hashable, Protocol, TypeVar

from sqlalchemy.orm import Session

from core.bounded_map import BoundedMap
from core.content_versions import KNOWN_VERSIONS, raised_any_version
from core.version_board import VersionBoard
from core.view_cache import ViewCache
from social.actor import Actor
from social.models import Tenant, User

View = TypeVar("View")
_CALLER = "comptoir_caller_user"


def content_version(db: Session, tenant_id: int) -> int | None:
    """Read before the data a view shows (core/content_versions.py says why). No statement
    when the session knows it already (`hold_callers_firm`, `hold_firm_version`, or
    raised by the session's own commit)."""
    known = db.info.get(KNOWN_VERSIONS, {}).get(tenant_id)
    if known is not None:
        return known
    firm = db.get(Tenant, tenant_id)
    return firm.content_version if firm is not None else None


def hold_callers_firm(db: Session, firm: Tenant | None) -> None:
    """Keeps the firm loaded with whoever calls (add-on caller, web session, feed token)
    in the session for the request, so `content_version` costs no statement: the
    identity map holds rows only weakly."""
    db.info["caller_tenant"] = firm


def hold_caller(db: Session, user: User) -> None:
    """Keeps the caller's row in the session for the request (add-on caller, web session):
    services ask for the actor's row (`db.get(User, actor.user_id)`), and the identity
    map holds rows only weakly."""
    db.info[_CALLER] = user


def caller_row(db: Session, user_id: int) -> User | None:
    """The caller's row: the one held for the request, or read (a remembered caller)."""
    user = db.info.get(_CALLER)
    return user if user is not None and user.id == user_id else db.get(User, user_id)


def hold_firm_version(db: Session, tenant_id: int, version: int) -> None:
    """The firm's version as this process's board knows it (core/version_board.py): the
    session reads no firm at all."""
    db.info.setdefault(KNOWN_VERSIONS, {})[tenant_id] = version


def cached_view(cache: ViewCache, db: Session, actor: Actor, kind: str, detail: Hashable,
                render: Callable[[], View]) -> View:
    """`render()`'s view, or the one it rendered for this person while nothing changed in
    their firm. `detail`: everything else the view depends on (language, page, ...)."""
    key = (kind, actor.tenant_id, content_version(db, actor.tenant_id), actor.user_id, detail)
    return cache.view(key, render)


class Remembered(Protocol):
    """Something read from a firm's rows (who calls, whose feed a token opens) at the
    firm's content version `firm_version`."""

    tenant_id: int
    firm_version: int


Kept = TypeVar("Kept", bound=Remembered)


def recall_unchanged(memory: BoundedMap, board: VersionBoard | None,
                     key: Hashable) -> Remembered | None:
    """What `remember_unchanged` kept under `key`, while its firm's version stands as this
    process's board knows it (core/version_board.py): the rows it was read from are
    unchanged, so it is what reading them again would give."""
    if board is None:
        return None
    remembered = memory.get(key)
    if remembered is None or board.current(remembered.tenant_id) != remembered.firm_version:
        return None
    return remembered


def remember_unchanged(db: Session, memory: BoundedMap, board: VersionBoard | None,
                       key: Hashable, remembered: Kept, reading: int | None) -> Kept:
    """Keeps `remembered`, read in `db` at its firm's version after `board.reading()` gave
    `reading`; not when a commit of `db` raised a version: the rows as they now stand may
    hold another process's change that `db` did not read (the next request reads them)."""
    if board is not None and not raised_any_version(db):
        board.learn(remembered.tenant_id, remembered.firm_version, reading)
        memory.put(key, remembered)
    return remembered
