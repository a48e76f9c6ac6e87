"""The harness's command line.

    python -m bench run --dataset firm [--db postgresql|sqlite] [--duration 20] [--warmup 5]
                        [--concurrency 8,32] [--scenarios addon_home,search] [--reseed]
    python -m bench seed --dataset service [--db postgresql] [--reseed]
    python -m bench soak --duration 600 [--threads 8] [--down-seconds 3]
    python -m bench compare bench/results/firm-postgresql-latest.json \
                            bench/results/service-postgresql-latest.json
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from bench import db as databases
from bench import report
from bench.datasets import DATASETS
from bench.seed import DEFAULT_SEED, seed_dataset
from bench.serve import ServerShape


def _numbers(raw: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise click.BadParameter("comma-separated whole numbers, e.g. 8,32") from None
    if not values or min(values) < 1:
        raise click.BadParameter("at least one concurrency, each 1 or more")
    return values


@click.group(help="Comptoir's benchmark harness (see BENCHMARKS.md).")
def main() -> None:
    # SIGTERM unwinds like Ctrl-C, so gunicorn, the fakes and workers are stopped by
    # the same `finally` blocks rather than left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


DATASET = click.option("--dataset", type=click.Choice(sorted(DATASETS)), default="firm",
                       show_default=True)
DATABASE = click.option("--db", "database", type=click.Choice(["postgresql", "sqlite"]),
                        default="postgresql", show_default=True)


@main.command(help="Seed a dataset (reused later unless --reseed).")
@DATASET
@DATABASE
@click.option("--reseed", is_flag=True, help="Seed again even if the dataset is there.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, help="The random seed.")
@click.option("--db-name", default=None, help="Database name or SQLite path to use instead.")
def seed(dataset: str, database: str, reseed: bool, seed: int, db_name: str | None) -> None:
    target = databases.target(database, dataset, db_name)
    seed_dataset(DATASETS[dataset], target, seed=seed, reseed=reseed)


@main.command(help="Seed if needed, serve under gunicorn, load every scenario, report.")
@DATASET
@DATABASE
@click.option("--duration", default=20.0, show_default=True, help="Measured seconds.")
@click.option("--warmup", default=5.0, show_default=True, help="Warm-up seconds.")
@click.option("--concurrency", default="8,32", show_default=True,
              help="Connections, comma-separated.")
@click.option("--scenarios", default="", help="Comma-separated subset (the floor is "
              "always included).")
@click.option("--reseed", is_flag=True)
@click.option("--seed", default=DEFAULT_SEED, show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn processes.")
@click.option("--threads", default=4, show_default=True, help="Threads per process.")
@click.option("--worker-class", default="gthread", show_default=True)
@click.option("--db-name", default=None, help="Database name or SQLite path to use instead.")
@click.option("--worker-bench/--no-worker-bench", default=True, show_default=True,
              help="Measure the delivery worker against the sandbox.")
@click.option("--digest-bench/--no-digest-bench", default=True, show_default=True,
              help="Measure digest generation for the firm's people.")
@click.option("--deliveries", default=400, show_default=True,
              help="Deliveries for the worker measurement.")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="JSON file (default: bench/results/<dataset>-<db>-<time>.json).")
def run(dataset: str, database: str, duration: float, warmup: float, concurrency: str,
        scenarios: str, reseed: bool, seed: int, workers: int, threads: int,
        worker_class: str, db_name: str | None, worker_bench: bool, digest_bench: bool,
        deliveries: int, output: Path | None) -> None:
    from bench import wrk
    from bench.runner import Options, run as run_benchmark

    options = Options(dataset=dataset, database=database, duration=duration, warmup=warmup,
                      concurrency=_numbers(concurrency),
                      scenarios=[name for name in scenarios.split(",") if name] or None,
                      reseed=reseed, seed=seed,
                      shape=ServerShape(workers=workers, threads=threads,
                                        worker_class=worker_class),
                      db_name=db_name, worker=worker_bench, digest=digest_bench,
                      worker_deliveries=deliveries)
    try:
        result = run_benchmark(options)
    except wrk.WrkMissing as error:
        raise click.ClickException(str(error)) from None
    click.echo("")
    click.echo(report.table(result))
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        path = output
    else:
        path = report.save(result)
    click.echo(f"\nJSON: {path}")
    errors = sum(run["errors"] for run in result["runs"])
    if errors:
        click.echo(f"{errors} error responses during the run", err=True)
        sys.exit(1)


@main.command(help="Scaling ratio: p50 of the second run over the first, per scenario.")
@click.argument("small", type=click.Path(exists=True, path_type=Path))
@click.argument("large", type=click.Path(exists=True, path_type=Path))
def compare(small: Path, large: Path) -> None:
    text, _ = report.compare(json.loads(small.read_text()), json.loads(large.read_text()))
    click.echo(text)


@main.command(help="Issue 6's targets against a run (service, PostgreSQL, concurrency 32).")
@click.argument("result", type=click.Path(exists=True, path_type=Path))
@click.option("--firm", type=click.Path(exists=True, path_type=Path), default=None,
              help="The firm run, for the scaling ratio.")
@click.option("--concurrency", default=32, show_default=True)
@click.option("--worker-from", type=click.Path(exists=True, path_type=Path), default=None,
              help="Another run whose worker figures to use (the service run skips them).")
def targets(result: Path, firm: Path | None, concurrency: int, worker_from: Path | None
            ) -> None:
    measured = json.loads(result.read_text())
    if worker_from and not measured.get("worker"):
        measured["worker"] = json.loads(worker_from.read_text()).get("worker")
    rows = report.targets(measured, json.loads(firm.read_text()) if firm else None,
                          concurrency)
    click.echo(report.targets_table(rows))


@main.command(help="Print a saved run's table again (--markdown for BENCHMARKS.md).")
@click.argument("result", type=click.Path(exists=True, path_type=Path))
@click.option("--markdown", "as_markdown", is_flag=True)
def show(result: Path, as_markdown: bool) -> None:
    measured = json.loads(result.read_text())
    if as_markdown:
        click.echo(report.markdown(measured) + "\n\n" + report.markdown_sql(measured))
    else:
        click.echo(report.table(measured))


@main.command(help="Profile one scenario's requests in-process (where the time goes).")
@DATASET
@DATABASE
@click.option("--scenario", "name", default="addon_home", show_default=True)
@click.option("--db-name", default=None)
def profile(dataset: str, database: str, name: str, db_name: str | None) -> None:
    import logging

    from bench import profile as profiling, scenarios, sqlcount
    from bench.events import Signer
    from bench.fakes import start_google
    from bench.identity import Deployment
    from bench.seed import marker

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    target = databases.target(database, dataset, db_name)
    mark = marker.read(target.url) if databases.exists(target) else None
    if mark is None:
        raise click.ClickException(f"{target.name} holds no dataset: `python -m bench seed`")
    google = start_google()
    try:
        [scenario] = scenarios.build(mark["facts"], Signer(google.key, 3600), [name])
        app = sqlcount.InProcess(Deployment(target.url, google.certs_url, google.url))
        try:
            found = profiling.profile(app, scenario.requests)
        finally:
            app.close()
    finally:
        google.stop()
    click.echo(f"{name} on {dataset}/{database}: {found['ms_per_request_profiled']} ms per "
               f"request under the profiler ({found['requests']} requests)")
    click.echo("own time by area:")
    for area, share in found["areas"]:
        click.echo(f"  {share:5.1f}%  {area}")
    click.echo("functions with the most own time (ms per request):")
    for function, ms in found["functions"]:
        click.echo(f"  {ms:7.2f}  {function}")


@main.command(help="Measure only the delivery worker against the sandbox (1 and 4 processes).")
@DATABASE
@click.option("--deliveries", default=400, show_default=True)
def worker(database: str, deliveries: int) -> None:
    import logging

    from bench.runner import Options
    from bench.worker import measure_worker

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the sandbox's access log
    result = measure_worker(Options(database=database, worker_deliveries=deliveries),
                            click.echo)
    click.echo(json.dumps(result, indent=2))


@main.command("worker-cost", help="The delivery worker's own time per delivery, in-process, "
              "with a publisher that answers at once (no network, no second process).")
@DATABASE
@click.option("--batches", default=20, show_default=True)
@click.option("--batch", default=50, show_default=True, help="Deliveries per batch.")
def worker_cost(database: str, batches: int, batch: int) -> None:
    import logging

    from bench.worker_cost import measure_worker_cost

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the sandbox's access log

    result = measure_worker_cost(database, batches=batches, batch=batch, echo=click.echo)
    click.echo(f"worker's own time on {database}: {result['median_ms']} ms per delivery, "
               f"{result['median_cpu_ms']} ms of it this process's CPU "
               f"(medians of {batches} batches of {batch})")


@main.command(help="Soak: the mixed load for --duration seconds while PostgreSQL restarts and "
              "workers are killed, then checks that nothing was lost (RELIABILITY.md).")
@click.option("--duration", default=600.0, show_default=True, help="Seconds of load.")
@click.option("--threads", default=8, show_default=True, help="Closed-loop clients.")
@click.option("--dataset", type=click.Choice(["tiny", "firm"]), default="tiny",
              show_default=True)
@click.option("--down-seconds", default=3.0, show_default=True,
              help="How long PostgreSQL stays down within its restart (0: pg_ctl restart).")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Directory for the JSON (default: bench/results).")
def soak(duration: float, threads: int, dataset: str, down_seconds: float,
         output: Path | None) -> None:
    from bench.soak import report as soak_report
    from bench.soak.cluster import ClusterUnavailable
    from bench.soak.runner import SoakOptions, run_soak

    options = SoakOptions(duration=duration, threads=threads, dataset=dataset,
                          down_seconds=down_seconds, **({"workdir": output} if output else {}))
    try:
        result = run_soak(options, echo=click.echo)
    except ClusterUnavailable as error:
        raise click.ClickException(str(error)) from None
    click.echo("")
    click.echo(soak_report.text(result))
    path = soak_report.save(result, output) if output else soak_report.save(result)
    click.echo(f"\nJSON: {path}")
    if not result["passed"]:
        sys.exit(1)
