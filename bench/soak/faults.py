"""The faults, each at its moment of the run, on a thread of their own.

By default, with the run's duration D: one gunicorn worker is SIGKILLed at 0.25 D
(its master starts another), PostgreSQL restarts at 0.45 D, one delivery worker is
SIGKILLed at 0.65 D (another is started in its place; the lease hands its claimed
share to a surviving worker). The last third of the run shows recovery.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from bench.serve import Gunicorn
from bench.soak.cluster import PrivateCluster
from bench.soak.processes import DeliveryWorkers
from bench.soak.publishing import PublishesInFlight

MOMENTS = {"kill_gunicorn_worker": 0.25, "restart_postgresql": 0.45,
           "kill_delivery_worker": 0.65}


@dataclass
class Faults:
    server: Gunicorn
    cluster: PrivateCluster
    workers: DeliveryWorkers
    clock: Callable[[], float]           # seconds since the load started
    duration: float
    down_seconds: float = 0.0
    publishes: PublishesInFlight | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="soak-faults", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=120)

    def at(self, name: str) -> dict[str, Any] | None:
        return next((event for event in self.events if event["fault"] == name), None)

    def _run(self) -> None:
        for name, share in sorted(MOMENTS.items(), key=lambda item: item[1]):
            wait = share * self.duration - self.clock()
            if wait > 0 and self._stop.wait(wait):
                return
            began = self.clock()
            try:
                detail = getattr(self, "_" + name)()
            except Exception as error:  # noqa: BLE001 - reported as the soak's failure
                self.errors.append(f"{name}: {type(error).__name__}: {error}")
                continue
            self.events.append({"fault": name, "at_s": round(began, 2),
                                "done_at_s": round(self.clock(), 2), **detail})

    def _kill_gunicorn_worker(self) -> dict[str, Any]:
        before = self.server.worker_pids()
        # The worker holding the most connections: the kernel may hand every keep-alive
        # connection of the load to one worker, and killing an idle one proves nothing.
        victim = max(before, key=_sockets)
        sockets = _sockets(victim)
        os.kill(victim, signal.SIGKILL)
        began = time.monotonic()
        while time.monotonic() - began < 60:
            now = self.server.worker_pids()
            if victim not in now and len(now) >= len(before):
                return {"pid": victim, "sockets": sockets, "respawned_in_s": round(time.monotonic() - began, 2),
                        "new_pid": sorted(set(now) - set(before))}
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not replace worker {victim} within 60 s")

    def _restart_postgresql(self) -> dict[str, Any]:
        began = time.monotonic()
        self.cluster.restart(self.down_seconds)
        return {"mode": "fast", "held_down_s": self.down_seconds,
                "restart_took_s": round(time.monotonic() - began, 2)}

    def _kill_delivery_worker(self) -> dict[str, Any]:
        """The worker inside a publish, if one is within a minute: its share is claimed,
        the post may be out, and only the lease gives it to another worker."""
        pids = [process.pid for process in self.workers.running()]
        publisher = self.publishes.publisher(pids) if self.publishes else None
        return {"pid": self.workers.kill_one(publisher), "mid_publish": publisher is not None,
                "replacement_started": True}


def _sockets(pid: int) -> int:
    try:
        return sum(1 for fd in os.scandir(f"/proc/{pid}/fd")
                   if os.readlink(fd.path).startswith("socket:"))
    except OSError:
        return 0
