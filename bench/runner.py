"""One benchmark run: seed (or reuse), serve, load every scenario, count, report.

For each scenario and concurrency: a warm-up of `warmup` seconds (each worker
fetches the certificates, fills its caches and pool), then `duration` measured
seconds. The fake Google's certs fetches are read before and after each measured
phase. After the load, every worker's peak memory is read from /proc, and the
SQL statements of each scenario's requests are counted in-process.
"""

from __future__ import annotations

import logging
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import click

from bench import db as databases
from bench import report, scenarios, sqlcount, wrk
from bench.datasets import DATASETS
from bench.events import Signer
from bench.fakes import start_google
from bench.identity import Deployment
from bench.seed import DEFAULT_SEED, seed_dataset
from bench.serve import Gunicorn, ServerShape


@dataclass
class Options:
    dataset: str = "firm"
    database: str = "postgresql"
    duration: float = 20.0
    warmup: float = 5.0
    concurrency: tuple[int, ...] = (8, 32)
    scenarios: list[str] | None = None
    reseed: bool = False
    seed: int = DEFAULT_SEED
    shape: ServerShape = field(default_factory=ServerShape)
    db_name: str | None = None
    workdir: Path = databases.RESULTS
    worker: bool = True
    digest: bool = True
    worker_deliveries: int = 400
    show_progress: bool = True
    timeout: float = 10.0  # a request slower than this counts as an error


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    load = Path("/proc/loadavg").read_text().split()[:3]
    return {"cpu": cpu, "cores": os.cpu_count(), "code": _code_version(), "memory_gb": round(int(memory) / 2**20, 1),
            "python": platform.python_version(), "kernel": platform.release(),
            "load_average_at_start": [float(value) for value in load]}


def _code_version() -> dict[str, Any]:
    """The commit measured, and whether the work tree differed from it (others may be
    changing the code the server runs while a benchmark is under way)."""
    import subprocess

    from core.config import PROJECT_ROOT

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True,
                                  text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no")
               .splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip(), "modified_files": changed}


def run(options: Options, echo: Callable[[str], None] = click.echo) -> dict[str, Any]:
    wrk.wrk_path()  # fail early, saying how to install it
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the fake Google's access log
    dataset = DATASETS[options.dataset]
    target = databases.target(options.database, dataset.name, options.db_name,
                              options.workdir)
    mark = seed_dataset(dataset, target, seed=options.seed, reseed=options.reseed, echo=echo,
                        show_progress=options.show_progress)
    facts = mark["facts"]
    if target.engine == "postgresql":
        databases.limit_statements(target, options.timeout)
    started = time.time()
    result: dict[str, Any] = {
        "dataset": dataset.name, "database": target.engine, "machine": machine(),
        "server": options.shape.describe(), "duration_s": options.duration,
        "warmup_s": options.warmup, "concurrency": list(options.concurrency),
        "seeding_s": mark["seconds"], "seeding_steps": facts.get("steps", {}),
        "rows": facts.get("rows", {}), "runs": []}
    names = options.scenarios
    if names and "floor" not in names:
        names = ["floor", *names]  # every ratio needs the floor of the same run
    google = start_google()
    try:
        lifetime = int(len(scenarios.ORDER) * len(options.concurrency) *
                       (options.duration + options.warmup + 30) + 3600)
        signer = Signer(google.key, lifetime=lifetime)
        chosen = scenarios.build(facts, signer, names)
        deployment = Deployment(database_url=target.url, certs_url=google.certs_url,
                                api_url=google.url, pool_size=options.shape.threads)
        logs = options.workdir / "logs"
        memory: dict[str, dict[str, int]] = {}
        for concurrency in options.concurrency:  # a server per level: see balanced_for
            shape = options.shape.balanced_for(concurrency)
            with Gunicorn(deployment, shape, logs / f"gunicorn-{dataset.name}-"
                          f"{target.engine}.log") as server:
                server.wait_ready()
                _prime(server, google, chosen[0], shape.workers)
                echo(f"gunicorn ({shape.describe()}, {shape.connections} connections each) "
                     f"on {server.url}, {dataset.name} on {target.engine}")
                for scenario in chosen:
                    result["runs"].append(_measure(server, google, scenario, concurrency,
                                                   options, logs, echo))
                memory.update({str(pid): kb for pid, kb in server.worker_memory().items()})
        result["runs"].sort(key=lambda run: (scenarios.ORDER.index(run["scenario"]),
                                             run["concurrency"]))
        result["worker_memory_kb"] = memory
        report.floor_ratios(result["runs"])
        result["sql_per_request"] = _count_sql(deployment, chosen)
    finally:
        google.stop()
    if options.worker:
        from bench.worker import measure_worker

        result["worker"] = measure_worker(options, echo)
    if options.digest:
        from bench.digests import measure_digests

        result["digest"] = measure_digests(target, facts, echo)
    from bench.announcements import measure_announcement_lag

    result["announcements"] = measure_announcement_lag(target, facts, echo)
    result["elapsed_s"] = round(time.time() - started, 1)
    return result


def _measure(server: Gunicorn, google, scenario: scenarios.Scenario, concurrency: int,
             options: Options, logs: Path, echo) -> dict[str, Any]:
    script = logs / f"{scenario.name}.lua"
    if options.warmup > 0:
        wrk.run(server.url, scenario.requests, concurrency=concurrency,
                seconds=options.warmup, script_path=script, timeout=options.timeout)
    fetched = google.certs_fetches
    measured = wrk.run(server.url, scenario.requests, concurrency=concurrency,
                       seconds=options.duration, script_path=script, timeout=options.timeout)
    fetches = google.certs_fetches - fetched
    backlog = _settle(server)
    run = {"scenario": scenario.name, "title": scenario.title, "kind": scenario.kind,
           "addon": scenario.addon, "concurrency": concurrency, **measured.as_dict(),
           "certs_fetches": fetches, "backlog_s": backlog,
           "peak_worker_kb": max((m["peak_kb"] for m in server.worker_memory().values()),
                                 default=0)}
    echo(f"  {scenario.name:<12} c={concurrency:<3} {measured.throughput:8.1f} req/s  "
         f"p50 {measured.p50_ms:7.1f} ms  p99 {measured.p99_ms:7.1f} ms  "
         f"errors {measured.errors}")
    return run


def _settle(server: Gunicorn, limit_s: float = 180.0) -> float:
    """Waits until the server has worked off what the load left queued (requests wrk
    gave up on are still served), so the next scenario starts on an idle server.
    Returns how long that took."""
    import requests

    started = time.monotonic()
    quick = 0
    while quick < 2 and time.monotonic() - started < limit_s:
        began = time.monotonic()
        try:
            requests.get(server.url + "/healthz", timeout=limit_s)
        except requests.RequestException:
            pass
        quick = quick + 1 if time.monotonic() - began < 0.2 else 0
        time.sleep(0.1)
    return round(time.monotonic() - started, 1)


def _prime(server: Gunicorn, google, floor: scenarios.Scenario, workers: int,
           deadline_s: float = 60.0) -> None:
    """Floor requests on fresh connections until every worker process has fetched the
    certificates once (each does on its first verification; which worker accepts a
    connection is the kernel's choice, so we watch the fake's count rather than guess)."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    request = floor.requests[0]

    def send(_: int) -> int:
        return requests.request(request.method, server.url + request.path,
                                headers={**request.headers, "Connection": "close"},
                                data=request.body.encode(), timeout=30).status_code

    deadline = time.monotonic() + deadline_s
    with ThreadPoolExecutor(max_workers=4 * workers) as pool:
        while google.certs_fetches < workers and time.monotonic() < deadline:
            list(pool.map(send, range(8 * workers)))


def _count_sql(deployment: Deployment, chosen: list[scenarios.Scenario]) -> dict[str, Any]:
    app = sqlcount.InProcess(deployment)
    try:
        return {scenario.name: sqlcount.count(app, scenario) for scenario in chosen}
    finally:
        app.close()
