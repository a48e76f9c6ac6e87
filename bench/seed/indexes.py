"""Secondary indexes dropped before a bulk load and built again after it.

Building an index once over loaded rows is much cheaper than maintaining it row
by row: B-trees sort once, and the GIN full-text index (the longest) is built
with a large maintenance_work_mem. Primary keys and unique constraints stay:
they guard the load itself. On SQLite the FTS5 triggers go too, and the FTS
index is rebuilt from `search_entries` in one statement.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from typing import Callable

import psycopg

from bench.seed.tables import COLUMNS

SQLITE_FTS_TRIGGERS = ("search_entries_ai", "search_entries_ad", "search_entries_au")


def drop_postgres(dsn: str) -> list[str]:
    """Drops the plain secondary indexes of the loaded tables; returns their DDL."""
    with psycopg.connect(dsn, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ANY(%s) AND NOT x.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            (list(COLUMNS),)).fetchall()
        for name, _ in rows:
            connection.execute(f'DROP INDEX "{name}"')
    # The full-text GIN index first: it is the longest, the others fill the other lane.
    return sorted((ddl for _, ddl in rows), key=lambda ddl: "USING gin" not in ddl)


def create_postgres(dsn: str, ddl: list[str], lanes: int = 2,
                    report: Callable[[str, float], None] = lambda ddl, seconds: None) -> None:
    """Builds the indexes on `lanes` connections at once (one per core)."""
    work: queue.Queue[str] = queue.Queue()
    for statement in ddl:
        work.put(statement)
    failures: list[BaseException] = []

    def lane() -> None:
        try:
            with psycopg.connect(dsn, autocommit=True) as connection:
                connection.execute("SET maintenance_work_mem = '1GB'")
                while True:
                    try:
                        statement = work.get_nowait()
                    except queue.Empty:
                        return
                    started = time.monotonic()
                    connection.execute(statement)
                    report(statement, time.monotonic() - started)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            failures.append(error)

    threads = [threading.Thread(target=lane, name=f"index-lane-{n}") for n in range(lanes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def drop_sqlite(path: str) -> list[str]:
    """Drops the loaded tables' secondary indexes and the FTS triggers; returns the DDL."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        rows = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
            f"((type = 'index' AND tbl_name IN ({', '.join('?' * len(COLUMNS))})) "
            f"OR (type = 'trigger' AND name IN ({', '.join('?' * len(SQLITE_FTS_TRIGGERS))})))",
            (*COLUMNS, *SQLITE_FTS_TRIGGERS)).fetchall()
        for kind, name, _ in rows:
            connection.execute(f'DROP {kind.upper()} "{name}"')
    finally:
        connection.close()
    return [sql for _, _, sql in rows]


def create_sqlite(path: str, ddl: list[str]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA cache_size=-400000")
        for statement in ddl:
            if not statement.upper().startswith("CREATE TRIGGER"):
                connection.execute(statement)
        # The FTS5 index is built from the content table at once.
        connection.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        for statement in ddl:
            if statement.upper().startswith("CREATE TRIGGER"):
                connection.execute(statement)
        connection.execute("ANALYZE")
    finally:
        connection.close()
