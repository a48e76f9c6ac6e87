"""Who is due for a digest, found with SQL and never by loading everyone.

Each person's next 8:00 (in their zone, every day or on Mondays) is stored as
a UTC instant, `digest_states.next_due_at`, so "who is due" is one range scan
on its index. The slot is computed in Python, where time zones are easy, and
only when it changes: the first time a person has digests on, and whenever
their frequency, time zone or activity no longer matches what their slot was
computed from. Those people are found by one query too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.database import Database
from core.i18n import safe_zone
from social.digests.schedule import first_slot_from
from social.models import DigestFrequency, DigestState, User

# A new slot is never less than this after the last digest sent: someone who moves
# to a zone a few hours behind does not get the same day's digest twice.
MIN_GAP = timedelta(hours=12)
BATCH = 500
MAX_BATCHES = 100  # per run; the next run goes on
OFF = DigestFrequency.OFF


@dataclass(frozen=True)
class Slot:
    frequency: str
    time_zone: str
    next_due_at: datetime | None


def slot_for(user: User, last_sent_at: datetime | None, now: datetime) -> Slot:
    """Where a person's digests stand, given their settings now."""
    frequency = user.digest_frequency if user.is_active else OFF
    if frequency not in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        return Slot(OFF, user.time_zone, None)
    start = now if last_sent_at is None else max(now, last_sent_at + MIN_GAP)
    return Slot(frequency, user.time_zone,
                first_slot_from(start, frequency, safe_zone(user.time_zone)))


def matches(state: DigestState, user: User) -> bool:
    return state.frequency == (user.digest_frequency if user.is_active else OFF) \
        and state.time_zone == user.time_zone


def schedule_people(database: Database, now: datetime) -> int:
    """Gives a slot to everyone whose slot is missing or out of date; returns how many."""
    total = 0
    for _ in range(MAX_BATCHES):
        with database.system_session() as db:
            count = _schedule_batch(db, now)
        total += count
        if count < BATCH:
            break
    return total


def _schedule_batch(db: Session, now: datetime) -> int:
    wanted = case((User.is_active, User.digest_frequency), else_=OFF)
    stale = or_(DigestState.frequency != wanted, DigestState.time_zone != User.time_zone)
    rows = db.execute(
        select(User, DigestState).outerjoin(DigestState, DigestState.user_id == User.id)
        .where(or_(and_(wanted != OFF, or_(DigestState.user_id.is_(None), stale)),
                   and_(wanted == OFF, DigestState.next_due_at.is_not(None))))
        .order_by(User.id).limit(BATCH)).all()
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    for user, state in rows:
        slot = slot_for(user, state.last_sent_at if state else None, now)
        values = dict(frequency=slot.frequency, time_zone=slot.time_zone,
                      next_due_at=slot.next_due_at, updated_at=now)
        if state is None:
            # Two workers may schedule the same newcomer: the second one's row is not needed.
            db.execute(insert(DigestState).values(tenant_id=user.tenant_id, user_id=user.id,
                                                  failures=0, **values)
                       .on_conflict_do_nothing(index_elements=["user_id"]))
        else:
            # Only if nobody sent meanwhile: the slot was computed from this last_sent_at.
            db.execute(update(DigestState).where(
                DigestState.user_id == user.id,
                DigestState.last_sent_at.is_not_distinct_from(state.last_sent_at))
                .values(**values).execution_options(synchronize_session=False))
    db.commit()
    return len(rows)


def due_people(database: Database, now: datetime, limit: int) -> list[tuple[int, int]]:
    """(tenant id, user id) of people whose digest is due, longest waiting first."""
    with database.system_session(write=False) as db:
        return [tuple(row) for row in db.execute(
            select(DigestState.tenant_id, DigestState.user_id)
            .where(DigestState.next_due_at <= now)
            .order_by(DigestState.next_due_at, DigestState.user_id).limit(limit))]
