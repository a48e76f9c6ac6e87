"""Resolving /l/<code>: count the click, answer the UTM-tagged target.

Only codes written by a delivery resolve; anything else is NotFound, so the
redirect can never send anyone to a place of their choosing. The code is the
only key, hence a system session: the firm is learned from the link itself.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from advocacy.models import LinkClick, TrackedLink
from core.clock import utcnow
from core.content_versions import BOOKKEEPING
from advocacy.rules.source import CODE_LENGTH
from social.errors import NotFound

_CODE = re.compile(rf"^[a-z2-7]{{{CODE_LENGTH}}}$")


def resolve_link(db: Session, code: str, *, now: datetime | None = None) -> str:
    """The target of a tracked link, after counting the click (committed)."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise NotFound()
    link = db.scalar(select(TrackedLink).where(TrackedLink.code == code))
    if link is None:
        raise NotFound()
    db.add(LinkClick(tenant_id=link.tenant_id, link_id=link.id, clicked_at=now or utcnow()))
    # Counted in the database, not read-modify-write: clicks arrive concurrently.
    db.execute(update(TrackedLink).where(TrackedLink.id == link.id)
               .values(clicks=TrackedLink.clicks + 1)
               .execution_options(**{BOOKKEEPING: True}))
    db.commit()
    return link.target
