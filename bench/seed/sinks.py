"""Where generated rows go: COPY on PostgreSQL, batched executemany on SQLite.

PostgreSQL: one connection per table, each holding one open COPY for the whole
load, so rows stream to the server as they are generated and each table's
backend works in parallel with the generator. Foreign keys are not checked
during the load (`session_replication_role = replica` skips their triggers):
the generator writes consistent ids, and checking 15 million references one
row at a time would dominate the load.
"""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack
from datetime import datetime
from typing import Any

import psycopg

from bench.seed.tables import COLUMNS

SQLITE_BATCH = 20_000


class RowCounts:
    def __init__(self) -> None:
        self.rows: dict[str, int] = {}  # rows written per table, for the marker


class PostgresSink(RowCounts):
    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._stack = ExitStack()
        self._copies: dict[str, Any] = {}
        self._connections: list[psycopg.Connection] = []

    def _copy(self, table: str):
        connection = psycopg.connect(self._dsn)
        connection.execute("SET session_replication_role = replica")
        connection.execute("SET synchronous_commit = off")
        self._connections.append(connection)
        cursor = connection.cursor()
        columns = ", ".join(COLUMNS[table])
        copy = self._stack.enter_context(cursor.copy(f"COPY {table} ({columns}) FROM STDIN"))
        self._copies[table] = copy
        return copy

    def write(self, table: str, row: tuple) -> None:
        copy = self._copies.get(table) or self._copy(table)
        copy.write_row(row)
        self.rows[table] = self.rows.get(table, 0) + 1

    def close(self) -> None:
        self._stack.close()  # ends every COPY: the server finishes each table
        for connection in self._connections:
            connection.commit()
            connection.close()


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):  # as SQLAlchemy stores UTCDateTime on SQLite
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:" \
               f"{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    return value


class SqliteSink(RowCounts):
    def __init__(self, path: str) -> None:
        super().__init__()
        self._connection = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=MEMORY", "synchronous=OFF", "foreign_keys=OFF",
                       "cache_size=-400000", "temp_store=MEMORY"):
            self._connection.execute(f"PRAGMA {pragma}")
        self._connection.execute("BEGIN")
        self._pending: dict[str, list[tuple]] = {}

    def write(self, table: str, row: tuple) -> None:
        rows = self._pending.setdefault(table, [])
        rows.append(tuple(_sqlite_value(value) for value in row))
        self.rows[table] = self.rows.get(table, 0) + 1
        if len(rows) >= SQLITE_BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self._pending.pop(table, [])
        if rows:
            columns = COLUMNS[table]
            self._connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})", rows)

    def close(self) -> None:
        for table in list(self._pending):
            self._flush(table)
        self._connection.execute("COMMIT")
        self._connection.close()

