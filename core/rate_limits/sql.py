"""Rate-limit counters in the database: one row per key, one statement per hit.

`INSERT ... ON CONFLICT (key) DO UPDATE ... RETURNING` counts the hits of a request
(the person's key and the firm's key together) atomically: PostgreSQL locks each row
for the statement only, and two processes never both read a count before either
writes it. Rows are taken in key order, so two statements never wait on each other.
The row of a key is reused window after window (the count restarts when its window
is newer), so the table holds one row per active key; rows whose window is long over
are deleted now and then by whichever process hits first after `PURGE_EVERY`.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Sequence

from sqlalchemy import BigInteger, Connection, Integer, String, case, delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from core.database import Base, Database
from core.rate_limits import Decision, Hit, RateLimiter, decide, window_start

PURGE_EVERY = 600.0  # seconds between two purges by one process


class RateCounter(Base):
    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger)  # epoch seconds
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)  # end of that window
    hits: Mapped[int] = mapped_column(Integer)


counters = RateCounter.__table__


class SqlRateLimiter(RateLimiter):
    """Counters in the `rate_limit_counters` table.

    On PostgreSQL each hit is one autocommitted statement on a connection of its own:
    it must not wait for the request's transaction (holding a firm's counter row until
    a request commits would queue the whole firm's writes behind it). On SQLite,
    where a writing transaction locks the whole file anyway, the caller passes the
    request's own connection (`connection=`): a second connection would wait for the
    lock the first one holds, in the same thread.
    """

    def __init__(self, database: Database, clock: Callable[[], float] = time.time):
        self.database = database
        self.clock = clock
        self._purged_at = clock()
        self._purge_lock = threading.Lock()

    def hit_all(self, hits: Sequence[Hit], *, connection: Connection | None = None,
                **options) -> Decision:
        if not hits:
            return Decision(True)
        now = self.clock()
        statement = self._upsert(hits, now)
        if connection is not None:
            counts = self._run(connection, statement, now)
        elif self.database.dialect == "sqlite":
            with self.database.engine.begin() as own:  # the app's hook issues BEGIN itself
                counts = self._run(own, statement, now)
        else:
            with self.database.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as own:
                counts = self._run(own, statement, now)
        return decide(hits, counts, now)

    def _upsert(self, hits: Sequence[Hit], now: float):
        dialect = postgresql if self.database.dialect == "postgresql" else sqlite
        rows = [{"key": hit.key, "window_start": window_start(now, hit.window),
                 "expires_at": window_start(now, hit.window) + hit.window, "hits": 1}
                for hit in sorted(hits, key=lambda hit: hit.key)]
        insert = dialect.insert(counters).values(rows)
        incoming = insert.excluded
        # A process whose clock lags names an older window: its hit counts in the newer one.
        current = counters.c.window_start >= incoming.window_start
        return insert.on_conflict_do_update(
            index_elements=[counters.c.key],
            set_={"hits": case((current, counters.c.hits + 1), else_=1),
                  "window_start": case((current, counters.c.window_start),
                                       else_=incoming.window_start),
                  "expires_at": case((current, counters.c.expires_at),
                                     else_=incoming.expires_at)},
        ).returning(counters.c.key, counters.c.hits)

    def _run(self, connection: Connection, statement, now: float) -> dict[str, int]:
        counts = {key: hits for key, hits in connection.execute(statement)}
        self._maybe_purge(connection, now)
        return counts

    def _maybe_purge(self, connection: Connection, now: float) -> None:
        if now - self._purged_at < PURGE_EVERY or not self._purge_lock.acquire(blocking=False):
            return
        try:
            self._purged_at = now
            connection.execute(delete(counters).where(counters.c.expires_at < int(now)))
        finally:
            self._purge_lock.release()

    def forget(self, prefixes: Sequence[str]) -> int:
        if not prefixes:
            return 0
        matches = [counters.c.key.startswith(prefix, autoescape=True) for prefix in prefixes]
        with self.database.engine.begin() as connection:
            return connection.execute(delete(counters).where(or_(*matches))).rowcount

    def purge(self, now: float | None = None) -> int:
        """Deletes the rows of windows that are over; returns how many."""
        with self.database.engine.begin() as connection:
            result = connection.execute(
                delete(counters).where(counters.c.expires_at < int(now or self.clock())))
            return result.rowcount
