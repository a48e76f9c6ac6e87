"""Fixtures for the social specifications.

Tests that need real commits seen by other sessions (threads reacting at once,
the session tenant guard) use the global `db` fixture, which empties every table
before each test.

Most modules instead ask many questions of one world (a firm, its people and
spaces): they build it once per module with `building_session` on
`module_database`, and each test works in `rolled_back_db`, a session whose
commits only release savepoints inside one outer transaction that is rolled back
afterwards. What one test writes (a post, a join, a deactivation) is never seen
by the next, and no test pays for emptying and rebuilding the database. Such a
module overrides `db` with `rolled_back_db`, so that none of its tests can empty
the module's world by asking for the global `db`.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.database import Base, Database


@pytest.fixture(scope="module")
def module_database(database) -> Database:
    """The database emptied for a module's world.

    Row by row rather than with TRUNCATE: for the few rows a test leaves, DELETE
    costs a few milliseconds where PostgreSQL's TRUNCATE of every table (new
    files, flushed to disk) can take a second on a busy machine.
    """
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    return database


@pytest.fixture
def rolled_back_db(module_database) -> Iterator[Session]:
    """Like `db` (no tenant guard), but nothing it commits outlives the test."""
    connection = module_database.engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    session.info["system"] = True
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


def tenant_rows(db: Session, tenant_id: int) -> dict[str, list[tuple]]:
    """Every row a tenant owns, table by table, in primary-key order: a before/after snapshot."""
    snapshot: dict[str, list[tuple]] = {}
    for table in Base.metadata.sorted_tables:
        if "tenant_id" in table.c:
            statement = select(table).where(table.c.tenant_id == tenant_id)
        elif table.name == "tenants":
            statement = select(table).where(table.c.id == tenant_id)
        else:
            continue
        rows = db.execute(statement.order_by(*table.primary_key.columns)).all()
        snapshot[table.name] = [tuple(row) for row in rows]
    return snapshot


@contextmanager
def building_session(database: Database) -> Iterator[Session]:
    """A system session on one connection, for building a module's world.

    On PostgreSQL its commits do not wait for the disk (synchronous_commit off, on
    this connection only): a test world need not survive a crash, and the hundreds
    of commits of building one then cost a fraction of the time. Nothing else
    about the transactions changes.
    """
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            connection.exec_driver_sql("SET synchronous_commit TO off")
            connection.commit()
        session = Session(bind=connection, expire_on_commit=False)
        session.info["system"] = True
        try:
            yield session
        finally:
            session.close()
            if database.dialect == "postgresql":
                connection.exec_driver_sql("RESET synchronous_commit")
                connection.commit()

