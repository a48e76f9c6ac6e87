"""Which delivery worker is inside a publish right now: the one to kill.

A worker killed between rounds shows nothing; one killed while the network holds
its publish leaves a claimed share whose outcome nobody knows, the case the lease
exists for. The sandbox is wrapped to note the client port of every publish in
flight; /proc tells which process owns the socket on that port.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from tests.fakes.sandbox import SandboxServer

PUBLISH = ("POST", "/x/2/tweets")


class PublishesInFlight:
    def __init__(self, sandbox: SandboxServer):
        self._ports: set[int] = set()
        self._lock = threading.Lock()
        inner = sandbox.app.wsgi_app

        def noting(environ, start_response):
            if (environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")) != PUBLISH:
                return inner(environ, start_response)
            port = int(environ.get("REMOTE_PORT") or 0)
            with self._lock:
                self._ports.add(port)
            try:
                return inner(environ, start_response)
            finally:
                with self._lock:
                    self._ports.discard(port)

        sandbox.app.wsgi_app = noting

    def ports(self) -> set[int]:
        with self._lock:
            return set(self._ports)

    def publisher(self, pids: list[int], timeout: float = 60.0) -> int | None:
        """The pid among `pids` with a publish in flight, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for port in self.ports():
                pid = _owner_of_local_port(port, pids)
                if pid is not None:
                    return pid
            time.sleep(0.01)
        return None


def _owner_of_local_port(port: int, pids: list[int]) -> int | None:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    for pid in pids:
        try:
            for fd in os.scandir(f"/proc/{pid}/fd"):
                target = os.readlink(fd.path)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return pid
        except OSError:
            continue
    return None
