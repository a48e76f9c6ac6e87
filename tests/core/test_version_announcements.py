"""On PostgreSQL, every process hears each firm's new content version as it is committed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import select, text

from core.database import Database
from social.models import Tenant
from tests.core.test_version_board import eventually
from tests.factories import make_firm
from tests.support import PROJECT_ROOT


@pytest.fixture
def board(clean_database, dialect):
    if dialect != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; on SQLite each request reads the version")
    board = clean_database.versions
    assert board.wait_until_live(10)
    return board


def version_of(database, tenant_id: int) -> int:
    with database.system_session(write=False) as session:
        return session.scalar(select(Tenant.content_version).where(Tenant.id == tenant_id))


def raise_elsewhere(database_url: str, tenant_id: int) -> None:
    """A commit in another process that changes the firm (so raises its version)."""
    script = textwrap.dedent(f"""
        from core.database import Database
        from social.models import Tenant
        database = Database({database_url!r})
        with database.system_session() as session:
            firm = session.get(Tenant, {tenant_id})
            firm.name = firm.name + "!"
            session.commit()
    """)
    subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, check=True, timeout=60)


def test_a_commit_in_another_process_is_heard(board, db, clean_database, database_url):
    firm = make_firm(db, "firm-a.fr")
    before = version_of(clean_database, firm.tenant_id)
    raise_elsewhere(database_url, firm.tenant_id)

    assert eventually(lambda: board.current(firm.tenant_id) == before + 1)


def test_a_commit_in_this_process_is_on_the_board_before_commit_returns(
        board, db, clean_database, database_url):
    firm = make_firm(db, "firm-a.fr")
    another_engine = Database(database_url)  # the worker's, say: the same board
    try:
        with another_engine.system_session() as session:
            session.get(Tenant, firm.tenant_id).name = "Renamed here"
            session.commit()
        assert board.current(firm.tenant_id) == version_of(clean_database, firm.tenant_id)
    finally:
        another_engine.dispose()


def test_announcements_can_be_turned_off(clean_database, dialect, database_url):
    if dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    assert Database(database_url, announce_versions=False).versions is None


def test_sqlite_has_no_board(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    assert database.versions is None


def test_a_lost_listening_connection_is_replaced_and_heard_again(board, db, clean_database,
                                                                  database_url):
    firm = make_firm(db, "firm-a.fr")
    listening = "SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN comptoir_versions' " \
                "AND datname = current_database()"
    with clean_database.engine.connect() as connection:
        (listener,) = connection.execute(text(listening)).scalars().all()
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listener})

    assert eventually(lambda: _listener_pid(clean_database, listening) not in (None, listener))
    assert eventually(lambda: board.live)
    raise_elsewhere(database_url, firm.tenant_id)
    assert eventually(lambda: board.current(firm.tenant_id)
                      == version_of(clean_database, firm.tenant_id))


def _listener_pid(database, listening: str) -> int | None:
    with database.engine.connect() as connection:
        return connection.execute(text(listening)).scalar()
