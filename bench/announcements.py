"""How long a firm's new content version takes to reach another process's board
(core/version_board.py): from the COMMIT that raised it returning to its writer, to
the board answering with the new version.

The writer is a plain psycopg connection, not a session of this process (whose
commits reach the board at once): the board learns each version only from the
announcement, as a process that did not write does. It raises the seeded firm's
version `rounds` times, one at a time. Until the board has it, an add-on card
kept for that firm may still be served as it was.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable

import psycopg

from bench.db import Target
from core.content_versions import raise_sql
from core.database import Database

WAIT_LIMIT_S = 5.0


def measure_announcement_lag(target: Target, facts: dict[str, Any],
                             echo: Callable[[str], None], *, rounds: int = 200
                             ) -> dict[str, Any] | None:
    if target.engine != "postgresql":
        return None
    database = Database(target.url)
    board = database.versions
    tenant_id = facts["tenant_id"]
    statement = raise_sql("%(tenant_id)s", announce=True)
    lags: list[float] = []
    try:
        if board is None or not board.wait_until_live(10):
            echo("  announcements: the board did not start listening")
            return None
        with psycopg.connect(target.dsn, autocommit=True) as writer:
            for _ in range(rounds):
                with writer.transaction():
                    version = writer.execute(statement,
                                             {"tenant_id": tenant_id}).fetchone()[0]
                committed = time.perf_counter()
                while board.current(tenant_id) != version:
                    if time.perf_counter() - committed > WAIT_LIMIT_S:
                        raise RuntimeError(f"version {version} was not heard in "
                                           f"{WAIT_LIMIT_S} s")
                    time.sleep(0.00005)
                lags.append((time.perf_counter() - committed) * 1000)
    finally:
        database.dispose()
    lags.sort()
    figures = {"rounds": len(lags), "median_ms": round(statistics.median(lags), 3),
               "p99_ms": round(lags[int(len(lags) * 0.99) - 1], 3),
               "max_ms": round(lags[-1], 3)}
    echo(f"  announcements: a commit reaches another process's board in "
         f"{figures['median_ms']:.2f} ms (median), {figures['p99_ms']:.2f} ms (p99)")
    return figures
