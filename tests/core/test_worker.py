"""The worker loop: a database that goes away ends the round with one line, not tracebacks."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import OperationalError

from core.worker import run_worker


class DatabaseDown:
    name = "needs-the-database"

    def __init__(self, failures: int, stop: threading.Event):
        self.failures = failures
        self.calls = 0
        self.stop = stop

    def run_due(self, runtime, now) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))
        self.stop.set()
        return 1


class Counting:
    name = "counting"

    def __init__(self):
        self.calls = 0

    def run_due(self, runtime, now) -> int:
        self.calls += 1
        return 0


def test_a_database_outage_is_one_warning_per_round_and_the_worker_carries_on(caplog):
    stop = threading.Event()
    down, after = DatabaseDown(failures=2, stop=stop), Counting()

    with caplog.at_level(logging.WARNING, logger="core.worker"):
        total = run_worker(None, [down, after], poll_seconds=0, stop=stop)

    assert total == 1 and down.calls == 3  # two rounds lost to the outage, then work
    assert after.calls == 1  # the rounds the database was down ended at the first failure
    warnings = [record for record in caplog.records if record.name == "core.worker"]
    assert len(warnings) == 2
    assert all(record.levelno == logging.WARNING and record.exc_info is None
               for record in warnings)
    assert "database unavailable" in warnings[0].getMessage()


def test_any_other_failure_of_a_job_is_logged_with_its_traceback_and_the_others_run(caplog):
    stop = threading.Event()

    class Broken:
        name = "broken"

        def run_due(self, runtime, now) -> int:
            raise ValueError("a bug")

    after = Counting()
    with caplog.at_level(logging.ERROR, logger="core.worker"):
        run_worker(None, [Broken(), after], drain=True)

    assert after.calls == 1
    [record] = [r for r in caplog.records if r.name == "core.worker"]
    assert record.exc_info is not None and "job broken failed" in record.getMessage()
