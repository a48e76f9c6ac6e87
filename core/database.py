"""The database: declarative base, engine and tenant-bound sessions.

Every request works in a session bound to one tenant. A guard on the session
adds `tenant_id = :tenant` to every ORM query on a tenant-scoped model, so a
forgotten filter cannot leak another firm's rows. A session bound to no tenant
refuses such queries unless it was opened explicitly as a system session (the
worker, migrations of data, the benchmark seeder).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (JSON, DateTime, ForeignKey, MetaData, create_engine, event,
                        TypeDecorator)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (DeclarativeBase, Mapped, ORMExecuteState, Session, declared_attr,
                            mapped_column, sessionmaker, with_loader_criteria)
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import TableClause

from core.content_versions import track_content_changes
from core.version_board import PostgresAnnouncements, VersionBoard

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(DateTime(timezone=dialect.name != "sqlite"))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class TenantScoped:
    """Mixin for rows that belong to one tenant; the session guard filters on it."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)


# An execution option for the one kind of read that comes before a session is bound:
# finding the caller, where the statement joins the tenant and filters on what the
# caller proved (a verified Google identity's domain and subject). Nothing else uses it.
NAMES_ITS_TENANT = "comptoir_names_its_tenant"


class TenantScopeError(RuntimeError):
    """An ORM query ran in a session bound to no tenant and not opened as a system session."""


class Database:
    """Owns the engine and hands out sessions; built once by the app factory."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 5,
                 max_overflow: int | None = None, announce_versions: bool = True,
                 versions_kept_seconds: float = 60.0):
        self.url = url
        self.engine = _create_engine(url, echo=echo, pool_size=pool_size,
                                     max_overflow=pool_size if max_overflow is None
                                     else max_overflow)
        self._announce_versions = announce_versions and self.dialect == "postgresql"
        # One board per database, whichever engine of the process reaches it.
        self._versions_key = self.engine.url.set(drivername="postgresql").render_as_string()
        self._versions_kept_seconds = versions_kept_seconds
        # SQLite upgrades a read lock to a write lock only if no one else wrote in
        # between, and fails at once otherwise: sessions that will write take the
        # write lock at BEGIN and wait their turn instead.
        writer = self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)
        for factory in (self._sessions, self._write_sessions):
            event.listen(factory, "do_orm_execute", _scope_to_tenant)
            track_content_changes(factory, lambda: self.versions)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def versions(self) -> VersionBoard | None:
        """This process's board of firms' content versions (core/version_board.py): on
        PostgreSQL, unless announcements are turned off; None otherwise."""
        if not self._announce_versions:
            return None
        return VersionBoard.shared(self._versions_key, lambda: VersionBoard(
            PostgresAnnouncements.of_engine(self.engine),
            keep_seconds=self._versions_kept_seconds))

    def session(self, tenant_id: int | None = None, *, write: bool = False) -> Session:
        """A session for one tenant's work; bind it later with `bind_tenant` if unknown yet."""
        session = (self._write_sessions if write else self._sessions)()
        session.info["tenant_id"] = tenant_id
        return session

    def system_session(self, *, write: bool = True) -> Session:
        """A session that may read across tenants: for the worker and maintenance."""
        session = (self._write_sessions if write else self._sessions)()
        session.info["system"] = True
        return session

    def dispose(self) -> None:
        self.engine.dispose()


def bind_tenant(session: Session, tenant_id: int) -> None:
    if session.info.get("system"):
        return  # a system session works across tenants: binding it would scope it after all
    bound = session.info.get("tenant_id")
    if bound is not None and bound != tenant_id:
        raise TenantScopeError("session already bound to another tenant")
    session.info["tenant_id"] = tenant_id


def _scope_to_tenant(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria added to the parent statement propagate to these
    if not (state.is_select or state.is_update or state.is_delete):
        return
    tenant_id = state.session.info.get("tenant_id")
    if tenant_id is None:
        if state.session.info.get("system"):
            return
        if state.is_select and state.execution_options.get(NAMES_ITS_TENANT):
            return  # finding who calls: the statement names the tenant itself (see below)
        if state.is_select and not _touches_tenant_scoped(state):
            return
        raise TenantScopeError("query on tenant data in a session bound to no tenant")
    state.statement = state.statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id,
                             include_aliases=True))


def _touches_tenant_scoped(state: ORMExecuteState) -> bool:
    for mapper in state.all_mappers:
        if issubclass(mapper.class_, TenantScoped):
            return True
    # all_mappers names only the entities selected: a tenant table may still be read
    # through select_from(), a join or a subquery (`select(func.count()).select_from(User)`).
    scoped = {mapper.local_table.name for mapper in Base.registry.mappers
              if issubclass(mapper.class_, TenantScoped)}
    return any(isinstance(element, TableClause) and element.name in scoped
               for element in visitors.iterate(state.statement))


def _create_engine(url: str, *, echo: bool, pool_size: int, max_overflow: int) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False,
                                                             "timeout": 30})
        _configure_sqlite(engine)
        return engine
    # Requests are many and small: a parallel plan's workers compete with the other
    # requests for the same cores (the ranking's engagement statement took 33 ms with
    # them under load, 4 ms without). psycopg prepares a statement on the server after
    # its fifth run on a connection, and PostgreSQL may then plan it once for any
    # parameters: for `discussion_id = ANY(:ids)` in one big firm among many, a plan
    # 180 times slower (digests for 50 people on `service`: 126 s, 6.4 s with custom
    # plans). Each execution is planned for its own parameters.
    return create_engine(url, echo=echo, pool_size=pool_size, max_overflow=max_overflow,
                         pool_pre_ping=True, pool_recycle=1800,
                         connect_args={"options": "-c max_parallel_workers_per_gather=0 "
                                               "-c plan_cache_mode=force_custom_plan"})


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL for concurrent readers, and real transactions.

    pysqlite's own transaction handling breaks SAVEPOINT and defers BEGIN; the
    recipe from SQLAlchemy's documentation hands transaction control back to us.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))
