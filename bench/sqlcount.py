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
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event

from bench.events import Request
from bench.identity import Deployment
from bench.scenarios import Scenario

SAMPLES = 5


class Counter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.statements.append(" ".join(statement.split())[:300])


class InProcess:
    def __init__(self, deployment: Deployment):
        from server.factory import create_app

        self.app = create_app(deployment.overrides())
        self.client = self.app.test_client(use_cookies=False)  # our Cookie header, as sent
        self.engine = self.app.extensions["comptoir"].database.engine

    @contextmanager
    def counting(self) -> Iterator[Counter]:
        counter = Counter()
        event.listen(self.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(self.engine, "before_cursor_execute", counter)

    def send(self, request: Request) -> int:
        response = self.client.open(request.path, method=request.method,
                                    headers=request.headers,
                                    data=request.body.encode() if request.body else None)
        return response.status_code

    def close(self) -> None:
        self.app.extensions["comptoir"].database.dispose()


def count(app: InProcess, scenario: Scenario) -> dict:
    """Median, max and one sample's statements over the scenario's first requests."""
    counts, sample, statuses = [], [], []
    for index, request in enumerate(scenario.requests[:SAMPLES]):
        with app.counting() as counter:
            statuses.append(app.send(request))
        counts.append(len(counter.statements))
        if index == 0:
            sample = counter.statements
    return {"median": statistics.median(counts), "max": max(counts), "counts": counts,
            "statuses": statuses, "sample": sample}
