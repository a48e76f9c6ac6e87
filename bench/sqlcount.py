"""SQL statements per request, counted rather than guessed.

Each scenario's first requests are replayed once more in this process, through
an app built by the same create_app() with the same production settings and
database as the gunicorn workers, with an SQLAlchemy `before_cursor_execute`
listener counting what reaches the database. Nothing in the served app counts
(no header, no setting): the measured server runs exactly as in production.
BEGIN is left out (PostgreSQL's is implicit in the driver, SQLite's is issued
by the app's own transaction hook); SAVEPOINTs are counted, they are round trips.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event

from bench.events import Request
from bench.identity import Deployment
from bench.scenarios import Scenario

SAMPLES = 5


class Counter:
    """Counts statements, and times them (from before to after the cursor's execute)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.timings: list[tuple[float, str]] = []
        self._started = 0.0

    def before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self._started = time.perf_counter()
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.statements.append(" ".join(statement.split())[:300])

    def after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.timings.append((time.perf_counter() - self._started,
                             " ".join(statement.split())[:300]))

    @property
    def sql_seconds(self) -> float:
        return sum(seconds for seconds, _ in self.timings)


class InProcess:
    def __init__(self, deployment: Deployment):
        from server.factory import create_app

        self.app = create_app(deployment.overrides())
        self.client = self.app.test_client(use_cookies=False)  # our Cookie header, as sent
        self.engine = self.app.extensions["comptoir"].database.engine

    @contextmanager
    def counting(self) -> Iterator[Counter]:
        counter = Counter()
        event.listen(self.engine, "before_cursor_execute", counter.before)
        event.listen(self.engine, "after_cursor_execute", counter.after)
        try:
            yield counter
        finally:
            event.remove(self.engine, "before_cursor_execute", counter.before)
            event.remove(self.engine, "after_cursor_execute", counter.after)

    def send(self, request: Request) -> int:
        """The status; 500 when the app raised (gunicorn would answer 500 too)."""
        try:
            response = self.client.open(request.path, method=request.method,
                                        headers=request.headers,
                                        data=request.body.encode() if request.body else None)
        except Exception:  # noqa: BLE001 - counted as the error it is, the run goes on
            return 500
        return response.status_code

    def close(self) -> None:
        self.app.extensions["comptoir"].database.dispose()


def count(app: InProcess, scenario: Scenario) -> dict:
    """Over the scenario's first requests, one at a time in this process: statements
    (median, max, one request's list), and where a request's time goes: the whole
    request, the part spent in the database (driver included), the slowest statement."""
    counts, statuses, totals, in_sql = [], [], [], []
    sample: list[str] = []
    slowest: tuple[float, str] = (0.0, "")
    for index, request in enumerate(scenario.requests[:SAMPLES]):
        with app.counting() as counter:
            started = time.perf_counter()
            statuses.append(app.send(request))
            totals.append(time.perf_counter() - started)
        counts.append(len(counter.statements))
        in_sql.append(counter.sql_seconds)
        slowest = max([slowest, *counter.timings])
        if index == 0:
            sample = counter.statements
    return {"median": statistics.median(counts), "max": max(counts), "counts": counts,
            "statuses": statuses, "request_ms": round(statistics.median(totals) * 1000, 1),
            "sql_ms": round(statistics.median(in_sql) * 1000, 1),
            "slowest_statement_ms": round(slowest[0] * 1000, 1),
            "slowest_statement": slowest[1], "sample": sample}
