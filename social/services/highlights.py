"""The contributors page: the week's strongest contributions and the ambassadors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import utcnow
from social.actor import Actor
from social.services.ambassadors import Ambassador, ambassadors
from social.services.ranked import RankedPost, strongest_contributions

STRONGEST_DAYS = 7
AMBASSADOR_DAYS = 30


@dataclass(frozen=True)
class Highlights:
    strongest: list[RankedPost]
    ambassadors: list[Ambassador]
    strongest_days: int = STRONGEST_DAYS
    ambassador_days: int = AMBASSADOR_DAYS


def highlights(db: Session, actor: Actor, *, now: datetime | None = None) -> Highlights:
    now = now or utcnow()
    return Highlights(
        strongest=strongest_contributions(db, actor, days=STRONGEST_DAYS, limit=10, now=now),
        ambassadors=ambassadors(db, actor, days=AMBASSADOR_DAYS, limit=20, now=now))
