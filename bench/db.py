"""Which database a benchmark uses, and making it fresh.

PostgreSQL: a database of its own per dataset (`comptoir_bench_<dataset>`) on
the server of BENCH_POSTGRES_URL (default: the local test server), so a seeded
dataset survives between runs and never meets the test suite's databases.
SQLite: a file per dataset under bench/results/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from core import migrate

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Target:
    engine: str        # "postgresql" or "sqlite"
    url: str           # SQLAlchemy URL, as COMPTOIR_DATABASE_URL
    name: str          # database name or file path

    @property
    def dsn(self) -> str:
        """libpq's form of the URL, for psycopg."""
        return make_url(self.url).set(drivername="postgresql").render_as_string(
            hide_password=False)


def postgres_server() -> str:
    return os.environ.get("BENCH_POSTGRES_URL") or DEFAULT_SERVER


def target(engine: str, dataset: str, name: str | None = None,
           workdir: Path = RESULTS) -> Target:
    if engine == "sqlite":
        path = Path(name) if name else workdir / f"{dataset}.sqlite3"
        return Target("sqlite", f"sqlite:///{path}", str(path))
    if engine != "postgresql":
        raise ValueError(f"unknown database {engine!r}: postgresql or sqlite")
    database = name or f"comptoir_bench_{dataset}"
    url = make_url(postgres_server()).set(database=database)
    return Target("postgresql", url.render_as_string(hide_password=False), database)


def _admin_dsn() -> str:
    return make_url(postgres_server()).set(drivername="postgresql").render_as_string(
        hide_password=False)


def exists(db: Target) -> bool:
    if db.engine == "sqlite":
        return Path(db.name).exists()
    with psycopg.connect(_admin_dsn(), autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (db.name,)).fetchone() is not None


def recreate(db: Target) -> None:
    """An empty database with the current schema (Alembic, as `main.py db upgrade`)."""
    drop(db)
    if db.engine == "sqlite":
        Path(db.name).parent.mkdir(parents=True, exist_ok=True)
    else:
        with psycopg.connect(_admin_dsn(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{db.name}"')
    migrate.upgrade(db.url)


def drop(db: Target) -> None:
    if db.engine == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(db.name + suffix).unlink(missing_ok=True)
        return
    with psycopg.connect(_admin_dsn(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')


def limit_statements(db: Target, seconds: float) -> None:
    """Queries end when the load generator stops waiting for them (its timeout), so a
    request it gave up on does not go on loading the machine for the next scenario."""
    with psycopg.connect(_admin_dsn(), autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{db.name}" SET statement_timeout = '
                           f"'{int(seconds * 1000)}ms'")
