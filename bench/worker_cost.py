"""The delivery worker's own time per delivery, in-process, with nothing else around it.

`measure_worker` (bench/worker.py) reads the worker's cost from the gaps between
publishes of a real `worker --drain` process against the sandbox, less the sandbox's
own time: faithful, but a difference of two noisy figures. Here the same world (a firm
of 50 people sharing an approved post, cloned into due deliveries) is drained by
`DeliveryJob.run_due` in this very process, with a publisher that answers at once:
what each batch takes is claiming, reading, checking and recording, with no network
and no second process. Each batch's time per delivery is kept, and their median
reported, with the CPU time of this process alone (Python's own work: less swayed than
the wall clock by whatever else the machine runs), so an A/B of two commits can run
this one after the other.
"""

from __future__ import annotations

import itertools
import statistics
import time
from typing import Any, Callable

from advocacy.worker import DeliveryJob
from bench import db as databases
from bench.identity import Deployment
from bench.worker import _analyze, _clone, _world
from core.clock import utcnow
from core.config import load_settings
from core.runtime import Runtime
from integrations.networks import Credentials, LinkCard, Network, Published
from tests.fakes.sandbox import SandboxServer


class InstantPublisher:
    """Publishes nothing and answers at once, with a fresh id each time."""

    network = Network.X

    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def publish(self, credentials: Credentials, text: str,
                link: LinkCard | None = None) -> Published:
        number = next(self._numbers)
        return Published(str(number), f"https://x.example/status/{number}")

    def delete(self, credentials: Credentials, external_id: str) -> None:
        return None


def measure_worker_cost(database: str, *, batches: int, batch: int,
                        echo: Callable[[str], None], db_name: str | None = None,
                        workdir=databases.RESULTS) -> dict[str, Any]:
    """A database of its own (`db_name`, or `comptoir_bench_worker_cost`), made afresh
    and dropped after."""
    target = databases.target(database, "worker_cost", db_name, workdir)
    databases.recreate(target)
    with SandboxServer() as sandbox:  # the world's accounts are the sandbox's
        settings = {"COMPTOIR_" + key.upper(): value for key, value in sandbox.settings().items()}
        deployment = Deployment(database_url=target.url, certs_url=sandbox.url + "/unused",
                                api_url=sandbox.url, extra=tuple(settings.items()))
        runtime = Runtime.build(load_settings(overrides=deployment.overrides()))
        proposal_id, templates = _world(runtime, sandbox)
    try:
        _clone(runtime, proposal_id, templates, (batches + 1) * batch, 1)
        _analyze(runtime)
        job = DeliveryJob(publishers={Network.X: InstantPublisher()}, batch=batch)
        job.run_due(runtime, utcnow())  # warm: connections, compiled statements
        per_delivery, cpu_per_delivery = [], []
        for number in range(batches):
            started, cpu_started = time.perf_counter(), time.process_time()
            handled = max(job.run_due(runtime, utcnow()), 1)
            per_delivery.append((time.perf_counter() - started) * 1000 / handled)
            cpu_per_delivery.append((time.process_time() - cpu_started) * 1000 / handled)
            echo(f"  batch {number + 1}/{batches}: {per_delivery[-1]:.2f} ms per delivery, "
                 f"{cpu_per_delivery[-1]:.2f} ms of this process's CPU")
    finally:
        runtime.database.dispose()
        databases.drop(target)
    return {"database": database, "batches": batches, "batch": batch,
            "ms_per_delivery": [round(ms, 2) for ms in per_delivery],
            "median_ms": round(statistics.median(per_delivery), 2),
            "median_cpu_ms": round(statistics.median(cpu_per_delivery), 2)}
