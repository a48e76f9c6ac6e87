"""The background worker: runs each job's due work, again and again.

A job is anything with a `name` and `run_due(runtime, now) -> int`, returning
how many items it processed. Jobs keep their own state in the database, so any
number of worker processes can run side by side.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, Protocol, Sequence

from sqlalchemy.exc import OperationalError

from core.clock import utcnow
from core.runtime import Runtime

log = logging.getLogger(__name__)


class Job(Protocol):
    name: str

    def run_due(self, runtime: Runtime, now) -> int: ...


def run_worker(runtime: Runtime, jobs: Sequence[Job], *, drain: bool = False,
               poll_seconds: float = 5.0, stop: threading.Event | None = None,
               report: Callable[[str, int], None] | None = None) -> int:
    """Run jobs until stopped; with `drain`, until none has anything due. Returns the count."""
    stop = stop or threading.Event()
    total = 0
    while not stop.is_set():
        processed = 0
        for job in jobs:
            try:
                done = job.run_due(runtime, utcnow())
            except OperationalError as error:
                # The database is restarting or out of reach: expected now and then, and
                # every job needs it. One line, not a traceback per job per round; the
                # round ends and the next one, a poll later, tries again.
                log.warning("database unavailable (%s): job %s waits for the next round",
                            type(error.orig or error).__name__, job.name)
                break
            except Exception:  # one failing job must not stop the others
                log.exception("job %s failed", job.name)
                done = 0
            if done and report:
                report(job.name, done)
            processed += done
        total += processed
        if drain and processed == 0:
            break
        if processed == 0:
            stop.wait(poll_seconds)
    return total
