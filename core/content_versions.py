"""Each firm's content version: raised by every commit that changes the firm's rows.

A rendered view keyed on (firm, content version) is current for as long as the
version stands (core/view_cache.py). The session tracks which firms a
transaction changed, from the unit of work (rows added, changed or deleted) and
from bulk INSERT/UPDATE/DELETE statements, and raises those firms' versions in the
same transaction, just before COMMIT: a reader that sees the new rows sees the
new version, and a reader that read the old version first can only have seen
older or newer rows, never keyed as newer than they are.

Missed on purpose, and bounded by the cache's time to live instead:
- changes to attributes a model lists in `__bookkeeping__` (when someone was
  last seen, when a feed was last read), and rows of models marked WHOLE_ROW
  (a shared link's clicks): they would otherwise empty a firm's cache at every
  sign-in, feed poll or click;
- bulk statements marked `execution_options(comptoir_bookkeeping=True)`;
- bulk statements of system sessions, which name no firm (the worker's
  claims of deliveries);
- textual SQL (`text(...)`) and writes outside the ORM session (migrations,
  rate-limit counters).

On PostgreSQL the raise travels with the COMMIT, in one message
(`_raise_and_commit` says why), and also announces the new version (`pg_notify`
in the same statement, delivered at COMMIT) to every process's board
(core/version_board.py); after COMMIT this process's board learns it at once.
"""

from __future__ import annotations

import functools
from typing import Callable

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from core.version_board import CHANNEL, VersionBoard

BOOKKEEPING = "comptoir_bookkeeping"
# `__bookkeeping__ = WHOLE_ROW`: no row of the model is content (counted clicks).
WHOLE_ROW = frozenset({"*"})

_CHANGED = "comptoir_changed_tenants"
_RAISED = "comptoir_raised_versions"
# Versions a session was given for firms it did not load (social/services/versions.py),
# kept current by its own commits.
KNOWN_VERSIONS = "comptoir_firm_versions"
_RAISED_ANY = "comptoir_raised_any"


def track_content_changes(factory: sessionmaker,
                          board: Callable[[], VersionBoard | None] = lambda: None) -> None:
    """`board`: this process's board for the factory's database, when versions are announced."""
    raise_versions = _raiser(board)
    event.listen(factory, "before_flush", _note_pending_changes)
    event.listen(factory, "do_orm_execute", _note_bulk_changes)
    event.listen(factory, "before_commit", raise_versions)
    event.listen(factory, "after_commit", _tell_board(board))
    event.listen(factory, "after_rollback", _forget_changes)


def _changed(session: Session) -> set[int]:
    return session.info.setdefault(_CHANGED, set())


def _note_pending_changes(session: Session, _flush_context, _instances) -> None:
    changed = _changed(session)
    for instance in (*session.new, *session.deleted):
        if _bookkeeping(instance) is not WHOLE_ROW:
            changed.update(_tenant_of(instance))
    for instance in session.dirty:
        if _changes_content(instance):
            changed.update(_tenant_of(instance))


def _note_bulk_changes(state: ORMExecuteState) -> None:
    writes = state.is_insert or state.is_update or state.is_delete
    if not writes or state.execution_options.get(BOOKKEEPING):
        return
    tenant_id = state.session.info.get("tenant_id")
    if tenant_id is not None:
        _changed(state.session).add(tenant_id)


def _raiser(board: Callable[[], VersionBoard | None]):
    def raise_versions(session: Session) -> None:
        session.flush()  # what COMMIT would flush after this hook: noted now, raised below
        changed = session.info.pop(_CHANGED, set())
        if not changed:
            return
        current_board = board()
        connection = session.connection()  # not session.execute: no flush, no ORM events
        reading = current_board.reading() if current_board is not None else None
        session.info[_RAISED_ANY] = True
        announce = current_board is not None
        if connection.dialect.name == "postgresql" and len(changed) == 1 \
                and not session.in_nested_transaction():
            [tenant_id] = changed
            versions = {tenant_id: _raise_and_commit(connection, tenant_id, announce=announce)}
        else:
            statement = _raise_statement(announce)
            versions = {tenant_id: connection.scalar(statement, {"tenant_id": tenant_id})
                        for tenant_id in sorted(changed)}  # one order for every writer
        raised = session.info.setdefault(_RAISED, [])
        for tenant_id, version in versions.items():
            _show_new_version(session, tenant_id, version)
            raised.append((tenant_id, version, reading))

    return raise_versions


def _raise_and_commit(connection: Connection, tenant_id: int, *, announce: bool) -> int:
    """PostgreSQL, a commit that changed one firm (nearly every request's): the raise and
    the COMMIT leave in one message, and the transaction ends here (SQLAlchemy's COMMIT
    then finds nothing to do).

    Every writer of a firm queues on its row from its UPDATE to the end of its COMMIT.
    Sent apart, that wait held a round trip, and this thread waiting for its turn (the
    GIL, a CPU) to send COMMIT: under load, a firm's writers were served one at a time,
    at a few dozen per second. Sent together, it is the server's own time. The id is the
    session's own integer, written into the text: several statements in one message are
    only allowed without parameters."""
    message = raise_sql(str(int(tenant_id)), announce=announce) + "; COMMIT"
    return connection.exec_driver_sql(message, execution_options={"no_parameters": True}
                                      ).scalar()


def _tell_board(board: Callable[[], VersionBoard | None]):
    def tell(session: Session) -> None:
        session.info.pop(_CHANGED, None)
        raised = session.info.pop(_RAISED, ())
        current_board = board() if raised else None
        if current_board is not None:
            for tenant_id, version, reading in raised:
                current_board.learn(tenant_id, version, reading)

    return tell


def raised_any_version(session: Session) -> bool:
    """Whether a commit of this session raised a firm's version."""
    return bool(session.info.get(_RAISED_ANY))


def _forget_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)
    session.info.pop(_RAISED, None)


def raise_sql(tenant: str, *, announce: bool) -> str:
    """The statement raising a firm's version, `tenant` standing for its id (a bind
    parameter, or the id itself). Announced (PostgreSQL), it also tells every listening
    process at COMMIT: '<firm>:<version>' on CHANNEL."""
    announced = (f", pg_notify('{CHANNEL}', id::text || ':' || content_version::text)"
                 if announce else "")
    return (f"UPDATE tenants SET content_version = content_version + 1 WHERE id = {tenant} "
            f"RETURNING content_version{announced}")


@functools.cache
def _raise_statement(announce: bool) -> TextClause:
    return text(raise_sql(":tenant_id", announce=announce))


def _tenant_of(instance) -> tuple[int, ...]:
    mapper = inspect(instance).mapper
    if mapper.local_table.name == "tenants":
        tenant_id = getattr(instance, "id", None)
    else:
        tenant_id = getattr(instance, "tenant_id", None)
    return (tenant_id,) if isinstance(tenant_id, int) else ()


def _bookkeeping(instance) -> frozenset[str]:
    return getattr(type(instance), "__bookkeeping__", frozenset())


def _changes_content(instance) -> bool:
    ignored = _bookkeeping(instance)
    if ignored is WHOLE_ROW:
        return False
    return any(attribute.history.has_changes() for attribute in inspect(instance).attrs
               if attribute.key not in ignored and attribute.key != "content_version")


def _show_new_version(session: Session, tenant_id: int, version: int | None) -> None:
    """A firm loaded earlier in this session, or whose version it was given, shows its new
    version from now on."""
    known = session.info.get(KNOWN_VERSIONS)
    if known is not None and tenant_id in known and version is not None:
        known[tenant_id] = version
    mapper = _tenant_mapper(session)
    if mapper is None or version is None:
        return
    loaded = session.identity_map.get(mapper.identity_key_from_primary_key([tenant_id]))
    if loaded is not None:
        set_committed_value(loaded, "content_version", version)


def _tenant_mapper(session: Session):
    for instance in session.identity_map.values():
        mapper = inspect(instance).mapper
        for candidate in mapper.registry.mappers:
            if candidate.local_table.name == "tenants":
                return candidate
        return None
    return None
