"""`python main.py serve` and `python main.py worker`."""

from __future__ import annotations

import signal
import threading

import click

from core import log_redaction
from core.config import load_settings
from core.runtime import Runtime
from core.worker import run_worker
from server.jobs import worker_jobs


@click.command(help="Run the development server (web, add-on and an in-process worker).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help="Do not run background jobs in this process.")
def serve(host: str, port: int, no_worker: bool) -> None:
    from server.factory import create_app

    app = create_app()
    runtime = app.extensions["comptoir"]
    if runtime.settings.is_production:
        raise click.ClickException("In production, serve with gunicorn (see the README).")
    if not no_worker:
        thread = threading.Thread(target=run_worker, args=(runtime, worker_jobs(runtime)),
                                  name="comptoir-worker", daemon=True)
        thread.start()
    click.echo(f"Comptoir on http://{host}:{port}/")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@click.command(help="Run background jobs: digests and share deliveries.")
@click.option("--drain", is_flag=True, help="Process everything due, then exit.")
@click.option("--poll", default=5.0, show_default=True, help="Seconds between idle rounds.")
def worker(drain: bool, poll: float) -> None:
    log_redaction.install()
    runtime = Runtime.build(load_settings())
    jobs = worker_jobs(runtime)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    names = ", ".join(job.name for job in jobs) or "none yet"
    click.echo(f"Worker started; jobs: {names}.")
    total = run_worker(runtime, jobs, drain=drain, poll_seconds=poll, stop=stop,
                       report=lambda name, count: click.echo(f"{name}: {count} processed"))
    click.echo(f"Worker stopped after processing {total} item(s).")
