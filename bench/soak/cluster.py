"""A PostgreSQL cluster of the soak's own: initdb into a temporary directory, a free port.

The soak restarts PostgreSQL in the middle of the load. The machine's server is
shared with other engineers' tests, so the soak never touches it: it makes a
cluster of its own (the same major version's binaries), restarts that one, and
removes it afterwards. initdb and pg_ctl refuse to run as root: as root they run
as the `postgres` OS user, in a directory that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from bench.serve import free_port

BINARIES = ("initdb", "pg_ctl")
HINT = ("PostgreSQL's server binaries (initdb, pg_ctl) are needed: Debian's postgresql "
        "package puts them in /usr/lib/postgresql/<version>/bin (or set BENCH_PG_BIN)")


class ClusterUnavailable(RuntimeError):
    pass


def binaries_dir() -> Path:
    """Where initdb and pg_ctl are: BENCH_PG_BIN, the PATH, or the newest Debian install."""
    candidates = [os.environ.get("BENCH_PG_BIN", "")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda path: int(path.split("/")[-2]) if
                         path.split("/")[-2].isdigit() else 0, reverse=True)
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in BINARIES):
            return Path(candidate)
    raise ClusterUnavailable(HINT)


class PrivateCluster:
    """start() / restart() / stop(); `url` is COMPTOIR_DATABASE_URL for database `name`."""

    def __init__(self, database: str = "comptoir_soak"):
        self.bin = binaries_dir()
        self.port = free_port()
        self.database = database
        self._as_postgres = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="comptoir-soak-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgresql.log"
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)

    @property
    def server_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *command: str, timeout: float = 120) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        completed = subprocess.run(prefix + [str(self.bin / command[0]), *command[1:]],
                                   capture_output=True, text=True, timeout=timeout)
        if completed.returncode != 0:
            raise ClusterUnavailable(f"{command[0]} failed ({completed.returncode}): "
                                     f"{(completed.stderr or completed.stdout)[-2000:]}")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.root} -c max_connections=100")
        self._run("pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", "60", "-o", options, *extra)

    def start(self) -> "PrivateCluster":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self._pg_ctl("start")
        self._wait_ready()
        with psycopg.connect(self._dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        return self

    def restart(self, down_seconds: float = 0.0) -> None:
        """pg_ctl restart -m fast: every session is ended, the server comes back. With
        `down_seconds`, the same as a stop -m fast, that long down, then a start: a
        restart alone takes a fraction of a second, a real one (a failover, an upgrade)
        several, long enough for requests to arrive while nothing answers."""
        if down_seconds <= 0:
            self._pg_ctl("restart", "-m", "fast")
            return
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")
        time.sleep(down_seconds)
        self._pg_ctl("start")

    def stop(self) -> None:
        if self.data.exists():
            try:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w",
                          timeout=60)
            except (ClusterUnavailable, subprocess.SubprocessError):
                pass  # not running (it failed to start): nothing to stop
        shutil.rmtree(self.root, ignore_errors=True)

    def _dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self._dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def __enter__(self) -> "PrivateCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
