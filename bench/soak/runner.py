"""One soak run: a private PostgreSQL, the seeded dataset, gunicorn, two delivery
workers, the mixed load for `duration` seconds, three faults, then the checks.

    result = run_soak(SoakOptions(duration=600))

Everything started here is stopped here, whatever happens (the cluster is removed).
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import requests

from bench import db as databases
from bench import scenarios
from bench.datasets import DATASETS
from bench.events import Signer
from bench.fakes import start_google
from bench.identity import Deployment
from bench.runner import _prime, machine
from bench.seed import DEFAULT_SEED, seed_dataset
from bench.serve import Gunicorn, ServerShape
from bench.soak import checks, sharing
from bench.soak.cluster import PrivateCluster
from bench.soak.faults import Faults
from bench.soak.load import MixedLoad
from bench.soak.processes import DeliveryWorkers
from bench.soak.publishing import PublishesInFlight
from core.config import load_settings
from core.runtime import Runtime
from tests.fakes.sandbox import SandboxServer


@dataclass
class SoakOptions:
    duration: float = 600.0
    dataset: str = "tiny"
    threads: int = 8                # the load's closed-loop clients
    shares: int | None = None       # default: one every two seconds of the run
    lease_seconds: int = 10         # COMPTOIR_DELIVERY_LEASE_SECONDS for the workers
    sandbox_latency_ms: int = 100   # X's answer time: a killed worker is likely mid-publish
    down_seconds: float = 3.0       # PostgreSQL held down this long within its restart
    timeout: float = 10.0
    workdir: Path = databases.RESULTS
    shape: ServerShape = ServerShape(workers=2, threads=4)


@contextmanager
def _postgres_server(url: str) -> Iterator[None]:
    """bench/db.py reads the server from BENCH_POSTGRES_URL: the private cluster's."""
    before = os.environ.get("BENCH_POSTGRES_URL")
    os.environ["BENCH_POSTGRES_URL"] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("BENCH_POSTGRES_URL", None)
        else:
            os.environ["BENCH_POSTGRES_URL"] = before


def run_soak(options: SoakOptions, echo: Callable[[str], None] = print) -> dict[str, Any]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the fakes' access logs
    logs = options.workdir / "logs"
    started = time.time()
    result: dict[str, Any] = {"kind": "soak", "dataset": options.dataset,
                              "duration_s": options.duration, "machine": machine(),
                              "server": options.shape.describe(), "load_threads": options.threads,
                              "lease_s": options.lease_seconds,
                              "postgresql_down_s": options.down_seconds}
    with ExitStack() as stack:
        cluster = stack.enter_context(PrivateCluster())
        echo(f"private PostgreSQL cluster on port {cluster.port} ({cluster.root})")
        stack.enter_context(_postgres_server(cluster.server_url))
        target = databases.target("postgresql", options.dataset, cluster.database)
        mark = seed_dataset(DATASETS[options.dataset], target, seed=DEFAULT_SEED, reseed=True,
                            echo=echo, show_progress=False)
        databases.limit_statements(target, options.timeout)
        facts = mark["facts"]
        google = start_google()
        stack.callback(google.stop)
        sandbox = stack.enter_context(SandboxServer())
        sandbox.latency("x", options.sandbox_latency_ms)
        publishes = PublishesInFlight(sandbox)
        deployment = Deployment(
            database_url=target.url, certs_url=google.certs_url, api_url=google.url,
            pool_size=options.shape.threads,
            extra=tuple({**sandbox.environment(), "COMPTOIR_DELIVERY_LEASE_SECONDS":
                         str(options.lease_seconds)}.items()))
        runtime = Runtime.build(load_settings(overrides=deployment.overrides()))
        stack.callback(runtime.database.dispose)
        signer = Signer(google.key, lifetime=int(options.duration) + 3600)
        (logs / "soak-gunicorn.log").unlink(missing_ok=True)  # this run's lines only
        server = stack.enter_context(Gunicorn(deployment, options.shape,
                                              logs / "soak-gunicorn.log"))
        server.wait_ready()
        [floor] = scenarios.build(facts, signer, ["floor"])
        _prime(server, google, floor, options.shape.workers)
        count = options.shares or max(10, int(options.duration / 2))
        shares = sharing.schedule_shares(runtime, sandbox, seconds=options.duration * 0.9,
                                         count=count)
        echo(f"{count} approved shares scheduled over the run")
        workers = stack.enter_context(DeliveryWorkers(deployment.environment(), logs))
        workers.start()
        workers.start()
        echo(f"gunicorn ({options.shape.describe()}) on {server.url}, 2 delivery workers; "
             f"mixed load for {options.duration:.0f} s with {options.threads} clients")

        load = MixedLoad(server.url, facts, signer, threads=options.threads,
                         timeout=options.timeout)
        faults = Faults(server, cluster, workers, load.elapsed, options.duration,
                        down_seconds=options.down_seconds, publishes=publishes)
        load.start()
        faults.start()
        _wait_out(load, options.duration, echo)
        load.stop()
        faults.join()
        for event in faults.events:
            echo(f"  fault at {event['at_s']:.1f} s: {event['fault']}")
        healthy = _healthy(server.url)
        drained = _drain(runtime, shares, options.lease_seconds + 90)
        workers.stop_all()
        result.update(
            fault_events=faults.events, fault_errors=faults.errors, healthy_after=healthy,
            answers=checks.answers(load.books.outcomes),
            faults=checks.around_faults(load.books.outcomes, faults.events),
            writes=checks.writes(target.url, load.books, load.run_id),
            shares={**sharing.check_shares(runtime, sandbox, shares),
                    "drain_after_load_s": drained},
            delivery_worker_tracebacks=workers.tracebacks(),
            gunicorn_log_tracebacks=_count_tracebacks(logs / "soak-gunicorn.log"),
            timeline=checks.timeline(load.books.outcomes))
    result["verdicts"] = checks.verdicts(result)
    result["passed"] = all(result["verdicts"].values())
    result["elapsed_s"] = round(time.time() - started, 1)
    return result


def _wait_out(load: MixedLoad, duration: float, echo: Callable[[str], None]) -> None:
    """Sleeps through the run, saying every minute how it goes."""
    next_note = 60.0
    while load.elapsed() < duration:
        time.sleep(min(1.0, max(0.0, duration - load.elapsed())))
        if load.elapsed() >= next_note:
            outcomes = load.books.outcomes
            echo(f"  {load.elapsed():5.0f} s: {len(outcomes)} requests, "
                 f"{sum(1 for o in outcomes if not o.ok)} not acknowledged")
            next_note += 60.0


def _healthy(url: str, deadline_s: float = 30.0) -> bool:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.5)
    return False


def _drain(runtime: Runtime, shares: sharing.Shares, limit_s: float) -> float | None:
    """Waits until every share is settled (a killed worker's claim waits for its lease);
    the seconds it took after the load ended, or None if some never settled."""
    began = time.monotonic()
    while time.monotonic() - began < limit_s:
        if sharing.unfinished(runtime, shares) == 0:
            return round(time.monotonic() - began, 1)
        time.sleep(0.5)
    return None


def _count_tracebacks(path: Path) -> int:
    try:
        return path.read_text(errors="replace").count("Traceback")
    except OSError:
        return 0
