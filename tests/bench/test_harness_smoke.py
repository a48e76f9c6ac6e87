"""The benchmark harness at small scale: every scenario runs with no error response.

The `tiny` dataset, a second or two per scenario, concurrency 2, the worker and
digest measurements on a handful of items: this checks that the harness and the
paths it loads work end to end (seeding, gunicorn in production settings, signed
requests, wrk, SQL counting, the worker against the sandbox). It never looks at
a timing: those are for BENCHMARKS.md, measured on a quiet machine.
Select it alone with `pytest -m bench`.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest

from bench import db as databases
from bench import scenarios
from bench.runner import Options, run
from bench.serve import ServerShape
from bench.wrk import INSTALL_HINT

pytestmark = pytest.mark.bench


@pytest.fixture
def engine_and_name(tmp_path):
    """The suite's backend: PostgreSQL (a database of this test's own) or SQLite."""
    configured = os.environ.get("COMPTOIR_TEST_DATABASE_URL", "")
    if configured.startswith("postgresql"):
        os.environ.setdefault("BENCH_POSTGRES_URL", configured)
        name = f"comptoir_bench_smoke_{uuid.uuid4().hex[:10]}"
        yield "postgresql", name
        databases.drop(databases.target("postgresql", "tiny", name))
    else:
        yield "sqlite", str(tmp_path / "tiny.sqlite3")


def test_every_scenario_completes_without_errors(engine_and_name, tmp_path):
    if shutil.which("wrk") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    engine, name = engine_and_name
    options = Options(dataset="tiny", database=engine, duration=2, warmup=1, concurrency=(2,),
                      db_name=name, workdir=tmp_path, worker_deliveries=20,
                      shape=ServerShape(workers=2, threads=2), show_progress=False,
                      timeout=30)

    result = run(options, echo=lambda line: None)

    ran = [entry["scenario"] for entry in result["runs"]]
    assert ran == scenarios.ORDER
    for entry in result["runs"]:
        assert entry["requests"] > 0, entry["scenario"]
        assert entry["errors"] == 0, (entry["scenario"], entry["error_detail"])
    for name_, counted in result["sql_per_request"].items():
        assert set(counted["statuses"]) == {200}, name_
    # The worker and digest measurements ran (how many deliveries went out, and how
    # fast, is the benchmark's business, not CI's).
    for processes, figures in result["worker"]["by_processes"].items():
        assert figures["deliveries"] > 0, (processes, figures["outbox"])
    assert result["digest"]["people"] > 0
    if engine == "postgresql":  # another process's board heard every raised version
        assert result["announcements"]["rounds"] == 200
    else:
        assert result["announcements"] is None


def test_the_workers_own_cost_is_measured_batch_by_batch(engine_and_name, tmp_path):
    from bench.worker_cost import measure_worker_cost

    engine, name = engine_and_name
    shown: list[str] = []
    result = measure_worker_cost(engine, batches=2, batch=5, echo=shown.append,
                                 db_name=name, workdir=tmp_path)

    assert len(result["ms_per_delivery"]) == 2 and len(shown) == 2
    assert result["median_ms"] > 0 and result["median_cpu_ms"] > 0
