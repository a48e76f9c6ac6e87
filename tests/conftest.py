"""Fixtures every test builds on: a real database, migrated once, emptied per test.

`COMPTOIR_TEST_DATABASE_URL` picks the backend: unset means a SQLite file; a
PostgreSQL URL makes each test process create (and drop) its own database on
that server, so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core import migrate
from core.database import Base, Database
from migrations import model_modules

model_modules.import_all()

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_report_header(config) -> str:
    url = os.environ.get("COMPTOIR_TEST_DATABASE_URL") or "sqlite (temporary file)"
    return f"comptoir test database: {make_url(url).render_as_string(hide_password=True) if '://' in url else url}"


def pytest_sessionstart(session) -> None:
    session.config.stash[_STARTED] = __import__("time").time()


def pytest_terminal_summary(terminalreporter, config) -> None:
    """The authorization matrix's counts, when this run tried it (RELIABILITY.md)."""
    from tests.authorization.report import line_if_written_since

    line = line_if_written_since(config.stash.get(_STARTED, float("inf")))
    if line:
        terminalreporter.write_line(line)


_STARTED = pytest.StashKey[float]()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    configured = os.environ.get("COMPTOIR_TEST_DATABASE_URL", "").strip()
    if not configured or configured.startswith("sqlite"):
        path = tmp_path_factory.mktemp("db") / "comptoir-test.sqlite3"
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        yield url
        return
    yield from _private_postgres_database(configured)


def _private_postgres_database(server_url: str) -> Iterator[str]:
    base = make_url(server_url)
    name = f"comptoir_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - a missing server is a failure, with its cause
        pytest.exit(f"PostgreSQL at {base.render_as_string(hide_password=True)} is not "
                    f"usable: {error}", returncode=3)
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database(database_url) -> Iterator[Database]:
    # Bursts of 20 threads get overflow connections, closed once returned: each test
    # process keeps few idle connections, so parallel runs stay under max_connections.
    db = Database(database_url, pool_size=3, max_overflow=40)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def dialect(database) -> str:
    return database.dialect


def empty_all_tables(database: Database) -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def clean_database(database) -> Database:
    empty_all_tables(database)
    return database


@pytest.fixture
def db(clean_database) -> Iterator[Session]:
    """A session with the tenant guard off: tests see the services' own checks."""
    session = clean_database.system_session()
    yield session
    session.close()


class StatementCounter:
    """BEGIN never counts (PostgreSQL's is implicit in the driver); SAVEPOINT and RELEASE
    count only with `savepoints=True`, for budgets of round trips."""

    def __init__(self, *, savepoints: bool = False) -> None:
        self.statements: list[str] = []
        self._skipped = ("BEGIN",) if savepoints else ("SAVEPOINT", "RELEASE", "BEGIN")

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(self._skipped):
            self.statements.append(statement)

    def __str__(self) -> str:
        return f"{self.count} statements:\n" + "\n".join(
            " ".join(statement.split())[:160] for statement in self.statements)


@contextmanager
def counting_statements(engine, *, savepoints: bool = False) -> Iterator[StatementCounter]:
    """The SQL statements an engine runs inside the block (an app's own engine, say)."""
    counter = StatementCounter(savepoints=savepoints)
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture
def count_statements(database):
    """Counts the SQL statements run inside a `with count_statements() as counter:` block."""
    return lambda: counting_statements(database.engine)


@pytest.fixture
def instance_path(tmp_path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


TEST_SECRET_KEY = "test-secret-key-" + "x" * 32
PRODUCTION_SETTINGS = {
    "env": "production", "base_url": "https://comptoir.example.fr",
    "addon_service_account": "service-1234@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
    "google_client_id": "1234-comptoir.apps.googleusercontent.com",
    "token_key": ("kWZ0bT3Ij2Z8x1m0zQJ4yq5xk1Vf0g0m0L2q3r4s5t4=",),
}


# Limits far above what any test does: every write still goes through the rate limiter
# (its statement, its transaction), and only the tests of the limits ever reach one
# (tests/server/test_rate_limits.py sets its own).
GENEROUS_LIMITS = {
    "rate_limits": ",".join(f"{action}=100000/1m" for action in
                            ("comment", "post", "reaction", "proposal", "report", "invitation",
                             "space", "sign_in", "sign_in_ip")),
    "tenant_rate_limits": ",".join(f"{action}=100000/1m" for action in
                                   ("comment", "post", "reaction", "proposal", "report",
                                    "invitation", "space")),
}


@pytest.fixture(scope="session")
def app_settings(database_url, tmp_path_factory) -> dict:
    """What every test app is configured with; tests add to it through `make_app`."""
    return {"database_url": database_url, "secret_key": TEST_SECRET_KEY,
            "instance_path": str(tmp_path_factory.mktemp("instance")), **GENEROUS_LIMITS}


_BUILT_APPS: list = []


@pytest.fixture(scope="session")
def make_app(app_settings):
    from server.factory import create_app

    def build(**overrides):
        application = create_app({**app_settings, **overrides})
        application.config["TESTING"] = True
        _BUILT_APPS.append(application)
        return application

    yield build
    for application in _BUILT_APPS:
        application.extensions["comptoir"].database.dispose()


@pytest.fixture(autouse=True)
def _idle_connections_closed():
    """Each app owns a pool: after each test its idle connections are closed (the engine
    stays usable), so dozens of apps do not hold PostgreSQL's max_connections. Its
    rendered views go too, with the callers and firms' versions known: the next test's
    emptied tables give out the same ids, and the same versions, again."""
    yield
    for application in _BUILT_APPS:
        runtime = application.extensions["comptoir"]
        runtime.database.dispose()
        for memory in ("view_cache", "page_cache", "known_callers"):
            if memory in vars(runtime):
                vars(runtime)[memory].clear()
        if runtime.database.versions is not None:
            runtime.database.versions.forget()


@pytest.fixture(scope="session")
def app(make_app):
    return make_app()


@pytest.fixture
def client(app, clean_database):
    return app.test_client()


@pytest.fixture(scope="session")
def google():
    """The fake Google (certs, Drive, Gmail) on a loopback port, for the whole run."""
    from tests.fakes.google import FakeGoogle

    with FakeGoogle() as server:
        yield server
