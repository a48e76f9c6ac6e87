"""Each firm's content version, known in this process without asking the database.

A cached view, or a remembered caller, is current while its firm's content
version stands (core/content_versions.py). Reading that version costs a round
trip, a transaction and a pooled connection per request: most of what a cached
card costs. On PostgreSQL, the statement that raises a version also announces it
(`pg_notify`, delivered at COMMIT), and one thread per process listens: a request
reads the version from this board instead.

What the board says is never newer than the database: every version it holds
was committed (announced at COMMIT, raised by this process's own commit, or read
from the database). It can be older for as long as an announcement takes to
arrive from another process (BENCHMARKS.md measures it): a view is then served
keyed as older than it is, never the reverse. A commit made in this process
reaches the board before the commit's caller goes on.

The board knows nothing, and every request reads the database as before, while
its listener is not connected (starting, or its connection lost): a version
learned while nobody listened might have been raised unheard since. Each
connection starts a new generation; a version read from the database counts
only if the generation it was read in still stands. Versions are also forgotten
after `keep_seconds`, so that whatever the board could miss (a process
configured not to announce) lasts no longer than a cached view does.

One board per database per process (`VersionBoard.shared`): writes made
through any engine of this process (the web app's, the worker's, a test's) reach
the board the requests read.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Callable, Iterator, Protocol

log = logging.getLogger(__name__)

CHANNEL = "comptoir_versions"


class Announcements(Protocol):
    """Where commits announce versions: `listen` connects, calls `ready()` once it
    hears every announcement, then yields (firm id, version) pairs until `stopping()`
    or until its connection fails (it raises)."""

    def listen(self, ready: Callable[[], None],
               stopping: Callable[[], bool]) -> Iterator[tuple[int, int]]: ...


class VersionBoard:
    def __init__(self, announcements: Announcements, *, keep_seconds: float = 60.0,
                 idle_seconds: float = 300.0, retry_seconds: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self._announcements = announcements
        self.keep_seconds, self.idle_seconds = keep_seconds, idle_seconds
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._versions: dict[int, tuple[int, float]] = {}
        self._generation = 0
        self._live = False
        self._listener: threading.Thread | None = None
        self._listener_pid: int | None = None
        self._last_asked = clock()
        self._stop = threading.Event()
        self._dark_since: float | None = None

    _shared: dict[tuple[int, str], "VersionBoard"] = {}
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, key: str, build: Callable[[], "VersionBoard"]) -> "VersionBoard":
        """This process's board for the database `key` names (a forked process gets its own)."""
        with cls._shared_lock:
            board = cls._shared.get((os.getpid(), key))
            if board is None:
                board = cls._shared[(os.getpid(), key)] = build()
            return board

    # -- what requests ask ------------------------------------------------------------

    def current(self, tenant_id: int) -> int | None:
        """The firm's version as last committed, as far as this process heard; None when
        the board cannot say (not listening, never heard of the firm, or forgotten)."""
        now = self._last_asked = self._clock()
        self._keep_listening()
        with self._lock:
            if not self._live:
                return None
            known = self._versions.get(tenant_id)
            if known is None or known[1] <= now:
                return None
            return known[0]

    def reading(self) -> int | None:
        """Take before reading a version from the database; give it back to `learn`."""
        with self._lock:
            return self._generation if self._live else None

    def learn(self, tenant_id: int, version: int | None, reading: int | None) -> None:
        """A version read or committed since `reading()`: kept if nothing was missed since."""
        if version is None or reading is None:
            return
        with self._lock:
            if self._live and reading == self._generation:
                self._keep(tenant_id, version)

    @property
    def live(self) -> bool:
        return self._live

    def wait_until_live(self, timeout: float) -> bool:
        """Tests and the benchmark: start listening and wait until the board can answer."""
        deadline = time.monotonic() + timeout
        self.current(0)
        while not self._live and time.monotonic() < deadline:
            time.sleep(0.005)
        return self._live

    def stop(self) -> None:
        self._stop.set()

    def forget(self) -> None:
        """Forget every version (still listening): for a database whose versions went
        back (emptied between tests, or restored from an older backup)."""
        with self._lock:
            self._versions.clear()
            self._generation += 1

    # -- the listener -----------------------------------------------------------------

    def _keep(self, tenant_id: int, version: int) -> None:
        known = self._versions.get(tenant_id)
        if known is None or known[0] <= version:
            self._versions[tenant_id] = (version, self._clock() + self.keep_seconds)

    def _keep_listening(self) -> None:
        if self._listening():
            return
        with self._lock:
            if self._listening():
                return  # another request started it meanwhile
            self._forget_all()
            self._stop = threading.Event()
            self._listener_pid = os.getpid()
            listener = threading.Thread(target=self._listen, args=(self._stop,),
                                        name="comptoir-version-board", daemon=True)
            listener.start()
            self._listener = listener

    def _listening(self) -> bool:
        listener = self._listener
        return (listener is not None and listener.is_alive()
                and self._listener_pid == os.getpid())

    def _listen(self, stop: threading.Event) -> None:
        def stopping() -> bool:
            idle = self._clock() - self._last_asked > self.idle_seconds
            return stop.is_set() or idle or self._listener_pid != os.getpid()

        failures = 0
        while not stopping():
            try:
                for tenant_id, version in self._announcements.listen(self._went_live, stopping):
                    with self._lock:
                        self._keep(tenant_id, version)
                failures = 0
            except Exception as error:  # noqa: BLE001 - any failure: dark until reconnected
                if failures == 0:
                    log.warning("content versions: not listening (%s); requests read the "
                                "database until reconnected", type(error).__name__)
                    self._dark_since = time.monotonic()
                failures += 1
            with self._lock:
                self._forget_all()
            if not stopping():
                stop.wait(min(self._retry_seconds * failures, 30.0))
        with self._lock:
            self._forget_all()

    def _went_live(self) -> None:
        with self._lock:
            self._forget_all()
            self._live = True
        if self._dark_since is not None:
            log.info("content versions: listening again after %.1f s",
                     time.monotonic() - self._dark_since)
            self._dark_since = None

    def _forget_all(self) -> None:
        self._versions.clear()
        self._generation += 1
        self._live = False


class PostgresAnnouncements:
    """LISTEN on a connection of its own, outside the pool, in autocommit."""

    def __init__(self, connect: Callable[[], object], *, poll_seconds: float = 1.0):
        self._connect = connect
        self._poll_seconds = poll_seconds

    @classmethod
    def of_engine(cls, engine) -> "PostgresAnnouncements":
        import psycopg

        args, params = engine.dialect.create_connect_args(engine.url)
        return cls(lambda: psycopg.connect(*args, **params, autocommit=True,
                                           connect_timeout=5))

    def listen(self, ready, stopping) -> Iterator[tuple[int, int]]:
        with self._connect() as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            ready()
            while not stopping():
                for notice in connection.notifies(timeout=self._poll_seconds):
                    announced = parse_announcement(notice.payload)
                    if announced is not None:
                        yield announced


def parse_announcement(payload: str) -> tuple[int, int] | None:
    tenant, _, version = payload.partition(":")
    if not (tenant.isdigit() and version.isdigit()):
        return None
    return int(tenant), int(version)
