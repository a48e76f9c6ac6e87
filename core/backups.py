"""Backing up the database and restoring it, on SQLite and on PostgreSQL.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies the database
in one step, inside one read transaction: the copy is the database as of one commit,
while the app goes on writing (WAL lets writers proceed during the copy). Restoring
copies the backup's pages over the configured database the same way.

PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent while the app writes)
and `pg_restore` in a single transaction, so a failed restore leaves the target as it
was. Both run from COMPTOIR_PG_BIN_DIR, or from the PATH.

Either way a backup is written under a temporary name and renamed when complete, so a
file at PATH is always a whole backup. Restoring refuses a target that holds data
(`force` overrides): a restore replaces everything.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import MetaData, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url

Progress = Callable[[str], None]
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Alembic's bookkeeping: a freshly upgraded database holds its revision and nothing else.
BOOKKEEPING_TABLES = frozenset({"alembic_version"})


class BackupError(RuntimeError):
    """A backup or a restore could not be done; the message says why and what to do."""


@dataclass
class BackupReport:
    path: Path
    size: int
    kind: str  # "sqlite" or "postgresql"


@dataclass
class RestoreReport:
    kind: str
    rows_before: dict[str, int] = field(default_factory=dict)  # tables holding data, replaced


def _quiet(_message: str) -> None:
    pass


def backup(database_url: str, path: str | os.PathLike, *, overwrite: bool = False,
           pg_bin_dir: str | None = None, progress: Progress = _quiet) -> BackupReport:
    url = make_url(database_url)
    target = Path(path)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists: choose another name, or pass --force "
                          "to replace it.")
    if target.parent and not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        if url.get_backend_name() == "sqlite":
            _backup_sqlite(_sqlite_path(url), partial, progress)
            kind = "sqlite"
        elif url.get_backend_name() == "postgresql":
            _run_pg(_pg_tool("pg_dump", pg_bin_dir),
                    ["--format=custom", "--verbose", f"--file={partial}"], url, progress)
            kind = "postgresql"
        else:
            raise BackupError(f"cannot back up a {url.get_backend_name()} database.")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, target.stat().st_size, kind)


def restore(database_url: str, path: str | os.PathLike, *, force: bool = False,
            pg_bin_dir: str | None = None, progress: Progress = _quiet) -> RestoreReport:
    url = make_url(database_url)
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file.")
    kind = _kind_of_file(source)
    backend = url.get_backend_name()
    if kind != backend:
        raise BackupError(f"{source} is a {kind or 'unknown kind of'} backup, and the "
                          f"configured database is {backend}: restore it into a {kind} "
                          "database." if kind else
                          f"{source} is not a Comptoir backup (neither a SQLite database "
                          "nor a pg_dump custom archive).")
    progress("Checking that the target database is empty ...")
    rows = rows_held(url)
    if rows and not force:
        listed = ", ".join(f"{table} ({count})" for table, count in sorted(rows.items())[:5])
        more = f" and {len(rows) - 5} more table(s)" if len(rows) > 5 else ""
        raise BackupError(f"the target database is not empty: {listed}{more} hold rows. "
                          "A restore replaces everything in it: pass --force to do so.")
    if backend == "sqlite":
        _restore_sqlite(source, _sqlite_path(url), progress)
    else:
        tool = _pg_tool("pg_restore", pg_bin_dir)
        options = ["--verbose", "--single-transaction", "--exit-on-error", "--no-owner",
                   "--no-privileges"]
        if _has_tables(url):
            # The dump's objects are dropped before being created again (in the same
            # transaction); without a schema in place there is nothing to drop.
            options += ["--clean", "--if-exists"]
        _run_pg(tool, [*options, str(source)], url, progress, database_option=True)
    return RestoreReport(kind, rows)


def rows_held(url: URL | str) -> dict[str, int]:
    """Tables holding rows (Alembic's bookkeeping aside), with their counts."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite" and not Path(_sqlite_path(url)).exists():
        return {}
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        counts = {}
        with engine.connect() as connection:
            indexes = _full_text_indexes(connection)
            for table in metadata.sorted_tables:
                if table.name in BOOKKEEPING_TABLES or table.name.startswith(indexes):
                    continue
                count = connection.scalar(select(func.count()).select_from(table))
                if count:
                    counts[table.name] = count
        return counts
    finally:
        engine.dispose()


def _full_text_indexes(connection) -> tuple[str, ...]:
    """SQLite's full-text indexes (virtual tables) and their shadow tables hold rows of
    their own from the start: they follow other tables, and are not data."""
    if connection.dialect.name != "sqlite":
        return ()
    return tuple(connection.scalars(text(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")))


def _has_tables(url: URL) -> bool:
    engine = create_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


# SQLite


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored.")
    return url.database


def _backup_sqlite(source_path: str, partial: Path, progress: Progress) -> None:
    if not Path(source_path).is_file():
        raise BackupError(f"{source_path}: no such SQLite database.")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        size = source.execute("PRAGMA page_size").fetchone()[0] * pages
        progress(f"Copying {source_path} ({_megabytes(size)}) with SQLite's online backup ...")
        # One step (pages=-1): one read transaction, hence one commit's state. In steps,
        # SQLite starts over whenever another connection writes, and may never finish.
        source.backup(copy, pages=-1)
        progress("Checking the copy ...")
        _check_sqlite(copy, partial)
        # A backup is a single self-contained file, not a WAL database with side files.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _restore_sqlite(source_path: Path, target_path: str, progress: Progress) -> None:
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        _check_sqlite(source, source_path)
        progress(f"Copying {source_path} over {target_path} ...")
        source.backup(target, pages=-1)
        # The app's connections put the database in WAL mode; so does the restored copy.
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _check_sqlite(connection: sqlite3.Connection, path: Path) -> None:
    verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {verdict}")


# PostgreSQL


def _pg_tool(name: str, pg_bin_dir: str | None) -> str:
    if pg_bin_dir:
        candidate = Path(pg_bin_dir) / name
        if not os.access(candidate, os.X_OK):
            raise BackupError(f"{candidate} is not an executable (COMPTOIR_PG_BIN_DIR).")
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client programs "
                          "(Debian: `apt-get install postgresql-client`) of the server's "
                          "major version, or set COMPTOIR_PG_BIN_DIR to their folder.")
    return found


def _run_pg(tool: str, arguments: list[str], url: URL, progress: Progress, *,
            database_option: bool = False) -> None:
    """Runs pg_dump or pg_restore against `url`, relaying its verbose output as progress.
    The password goes through the environment, never on a command line."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    libpq = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    command = [tool, *arguments[:-1], f"--dbname={libpq}", arguments[-1]] if database_option \
        else [tool, *arguments, f"--dbname={libpq}"]
    name = Path(tool).name
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env=env)
    lines = []
    assert process.stderr is not None
    for line in process.stderr:
        line = line.rstrip()
        lines.append(line)
        if line.startswith(f"{name}: ") and "error" not in line:
            progress(line[len(name) + 2:])
    if process.wait() != 0:
        errors = [line for line in lines if "error" in line or "FATAL" in line] or lines[-5:]
        hint = ""
        if any("version mismatch" in line for line in lines):
            hint = (f"\n{name} is older than the server: set COMPTOIR_PG_BIN_DIR to the client "
                    "programs of the server's major version.")
        raise BackupError(f"{name} failed (exit {process.returncode}):\n"
                          + "\n".join(errors) + hint)


def _kind_of_file(path: Path) -> str | None:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
