"""Comptoir under gunicorn, as the README deploys it in production, for one benchmark run.

    gunicorn 'main:create_app()' --worker-class gthread --workers W --threads T

Workers and threads: on this 2-core machine, PostgreSQL, the load generator and
the app share two cores. Two processes use both cores for Python (the GIL lets
one thread of a process run Python at a time); four threads in each keep a core
busy while other requests of that process wait on the database. More processes
only add context switches and memory here. gthread also keeps connections alive
between requests, as Google's front ends and browsers do (the sync worker closes
each one). The pool holds one connection per thread.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import requests

from bench.identity import Deployment
from core.config import PROJECT_ROOT

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@dataclass(frozen=True)
class ServerShape:
    workers: int = 2
    threads: int = 4
    worker_class: str = "gthread"
    # Connections each worker accepts (gunicorn's --worker-connections); None: its default.
    connections: int | None = None

    def describe(self) -> str:
        return f"{self.worker_class}, {self.workers} workers x {self.threads} threads"

    def balanced_for(self, concurrency: int) -> "ServerShape":
        """Each worker takes its share of `concurrency` kept-alive connections.

        gthread workers accept from one shared socket, whichever wakes first, and keep
        each connection for its life: when wrk opens its connections at once, one
        worker may take most of them and the run measures one core, not two (the
        floor measured 408 req/s at concurrency 32 in one run and 1,156 in the next).
        A load balancer in front of several processes spreads them; this does too.
        """
        return replace(self, connections=-(-concurrency // self.workers))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """A gunicorn master and its workers; `stop()` ends them all (also on failure)."""

    def __init__(self, deployment: Deployment, shape: ServerShape, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.shape = shape
        self.command = [GUNICORN, "main:create_app()", "--bind", f"127.0.0.1:{self.port}",
                        "--workers", str(shape.workers), "--threads", str(shape.threads),
                        "--worker-class", shape.worker_class, "--log-level", "warning",
                        "--graceful-timeout", "5"]
        if shape.connections is not None:
            self.command += ["--worker-connections", str(shape.connections)]
        environment = {**os.environ, **deployment.environment()}
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=environment,
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; "
                                   f"see {self._log.name}")
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200 and \
                        len(self.worker_pids()) >= self.shape.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        """The master's children: read from /proc, as nothing else here lists them."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: split after the last ')'.
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def worker_memory(self) -> dict[int, dict[str, int]]:
        """Peak (VmHWM) and current (VmRSS) resident memory of each worker, in kB."""
        memory = {}
        for pid in self.worker_pids():
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            values = {line.split(":")[0]: int(line.split()[1]) for line in lines
                      if line.startswith(("VmHWM:", "VmRSS:"))}
            memory[pid] = {"peak_kb": values.get("VmHWM", 0), "rss_kb": values.get("VmRSS", 0)}
        return memory

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group we started
                self.process.wait(timeout=5)
        self._log.close()

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
