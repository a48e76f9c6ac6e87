"""Delivery workers (`python main.py worker`) started and restarted as a supervisor would.

Each process writes to a log of its own in the soak's work directory; the logs are
read afterwards for tracebacks. `stop_all()` ends every process still running
(SIGTERM: a worker finishes its item and exits; SIGKILL if it does not).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from core.config import PROJECT_ROOT


class DeliveryWorkers:
    def __init__(self, environment: dict[str, str], logs: Path, poll: float = 0.5):
        self.environment = environment
        self.logs = logs
        self.poll = poll
        self.processes: list[subprocess.Popen] = []
        self._paths: list[Path] = []
        logs.mkdir(parents=True, exist_ok=True)

    def start(self) -> subprocess.Popen:
        path = self.logs / f"delivery-worker-{len(self.processes) + 1}.log"
        with path.open("w") as output:
            process = subprocess.Popen([sys.executable, "main.py", "worker", "--poll",
                                        str(self.poll)], cwd=PROJECT_ROOT,
                                       env={**os.environ, **self.environment,
                                            "PYTHONUNBUFFERED": "1"},
                                       stdout=output, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self._paths.append(path)
        return process

    def running(self) -> list[subprocess.Popen]:
        return [process for process in self.processes if process.poll() is None]

    def kill_one(self, pid: int | None = None) -> int:
        """SIGKILL worker `pid` (by default the oldest running) and start its replacement;
        the killed pid."""
        running = self.running()
        victim = next((p for p in running if p.pid == pid), running[0])
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        self.start()
        return victim.pid

    def stop_all(self) -> None:
        for process in self.running():
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def tracebacks(self) -> dict[str, int]:
        """Tracebacks per log: the workers log a failed round (the database went away)."""
        return {path.name: path.read_text(errors="replace").count("Traceback")
                for path in self._paths}

    def __enter__(self) -> "DeliveryWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()
