"""Backups: `python main.py backup create` copies the database consistently while the app
writes, and `backup restore` puts every row back, in a fresh database.

Each test seeds a firm through the real services, backs it up, restores into a database
created for the test (a new SQLite file; a new PostgreSQL database, dropped afterwards),
and compares every row of every table, found by reflection and ordered by primary key.
"""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import MetaData, create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from advocacy.services import sharing
from core import migrate
from core.backups import BackupError, backup, restore
from core.clock import utcnow
from social.models import AuditEntry
from social.services import comments, posts, profiles, reactions
from tests.advocacy.world import BASE_URL, NOW, approved, build_world
from tests.factories import deactivate, drive_file, make_guest, make_post
from tests.support import command_env, run_main

PROBE_ACTION = "backup.probe"
PROBE_COUNTER = "backup-probe"


def seed_a_firm(db) -> int:
    """Two firms with people, spaces, posts with files, threads, likes, edits, a guest, a
    departure, sharing rules, connected accounts, proposals, offers and a share: most
    tables hold rows. Returns the first firm's tenant id."""
    world = build_world(db)
    profiles.update_profile(db, world.lea, job_title="Architecte", bio="Lyon",
                            skills=["Revit", "BIM"])
    for number in range(6):
        post = make_post(db, world.author, world.space_id, f"Nouvelle n°{number} #chantier "
                         f"@lea.martin", files=(drive_file(f"file-{number}", f"Plan {number}.pdf"),))
        first = comments.add_comment(db, world.lea, post.discussion_id, f"Bravo n°{number}")
        comments.add_comment(db, world.paul, post.discussion_id, "Merci !", parent_id=first.id)
        reactions.react(db, world.paul, post.discussion_id)
        reactions.react(db, world.moderator, post.discussion_id)
    posts.edit_post(db, world.author, post.id, "Nouvelle corrigée #chantier")
    make_post(db, world.lea, world.private_space_id, "Réunion jeudi")
    make_guest(db, world.firm, world.author, world.space_id, "Claire Cliente")
    proposal = approved(db, world, "Le rapport annuel est en ligne")
    sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    deactivate(db, world.firm, world.outsider)
    db.commit()
    return world.firm.tenant_id


# Comparing databases


def every_row(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (reflected: a table added later is compared too), each
    table ordered by its primary key (by all its columns when it has none)."""
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        rows = {}
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows[table.name] = [tuple(_comparable(value) for value in row) for row in
                                    connection.execute(table.select().order_by(*order))]
        return rows
    finally:
        engine.dispose()


def _comparable(value):
    return bytes(value) if isinstance(value, memoryview) else value


def assert_same_rows(restored: dict[str, list[tuple]], expected: dict[str, list[tuple]]):
    assert sorted(restored) == sorted(expected), "the restored database has other tables"
    different = {name: (len(expected[name]), len(restored[name])) for name in expected
                 if restored[name] != expected[name]}
    assert different == {}, f"tables whose rows differ (expected, restored count): {different}"


def assert_rich(rows: dict[str, list[tuple]]) -> None:
    empty = sorted(name for name, table_rows in rows.items() if not table_rows)
    assert len(rows) - len(empty) >= 25, f"too few tables seeded; empty: {empty}"


# Fresh databases


@contextmanager
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database that never held anything: a new SQLite file, or a new private database
    on the same PostgreSQL server (dropped afterwards)."""
    server = make_url(database_url)
    if server.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"comptoir_restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Someone writing while the backup runs


class Writer(threading.Thread):
    """Commits transactions one after another, each adding an audit entry numbered n and
    setting a counter to n: a backup of one commit's state holds entries 1..k exactly and
    the counter at k, never one without the other."""

    def __init__(self, database, tenant_id: int) -> None:
        super().__init__(daemon=True)
        self.database, self.tenant_id = database, tenant_id
        self.committed = 0
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                number = self.committed + 1
                with self.database.system_session() as db:
                    db.add(AuditEntry(tenant_id=self.tenant_id, action=PROBE_ACTION,
                                      target_type="probe", target_id=str(number)))
                    db.execute(text("UPDATE rate_limit_counters SET hits = :n WHERE key = :key"),
                               {"n": number, "key": PROBE_COUNTER})
                    db.commit()
                with self.changed:
                    self.committed = number
                    self.changed.notify_all()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            with self.changed:
                self.changed.notify_all()

    def wait_for(self, count: int) -> int:
        with self.changed:
            assert self.changed.wait_for(lambda: self.committed >= count or self.error,
                                         timeout=120), "the writer stalled"
        assert self.error is None, self.error
        return self.committed


def start_probe_counter(db) -> None:
    db.execute(text("INSERT INTO rate_limit_counters (key, window_start, expires_at, hits) "
                    "VALUES (:key, 0, 4102444800, 0)"), {"key": PROBE_COUNTER})
    db.commit()


def as_of_commit(rows: dict[str, list[tuple]], url: str, commit: int, *, firm: int,
                 later_commits: int) -> dict[str, list[tuple]]:
    """The source's rows as they were right after the writer's commit number `commit`
    (nothing else wrote meanwhile): each later commit also raised the writer's firm's
    content version by one."""
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine, only=["audit_log", "rate_limit_counters", "tenants"])
    finally:
        engine.dispose()
    firm_columns = [column.name for column in metadata.tables["tenants"].columns]
    version, firm_id = firm_columns.index("content_version"), firm_columns.index("id")
    audit = [column.name for column in metadata.tables["audit_log"].columns]
    counters = [column.name for column in metadata.tables["rate_limit_counters"].columns]
    action, target = audit.index("action"), audit.index("target_id")
    key, hits = counters.index("key"), counters.index("hits")
    expected = dict(rows)
    expected["audit_log"] = [row for row in rows["audit_log"] if row[action] != PROBE_ACTION
                             or int(row[target]) <= commit]
    expected["tenants"] = [
        tuple(value - later_commits if index == version and row[firm_id] == firm else value
              for index, value in enumerate(row)) for row in rows["tenants"]]
    expected["rate_limit_counters"] = [
        tuple(commit if index == hits and row[key] == PROBE_COUNTER else value
              for index, value in enumerate(row)) for row in rows["rate_limit_counters"]]
    return expected


def probe_commit(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            counter = connection.scalar(text("SELECT hits FROM rate_limit_counters "
                                             "WHERE key = :key"), {"key": PROBE_COUNTER})
            entries = connection.scalar(select(func.count()).select_from(AuditEntry.__table__)
                                        .where(AuditEntry.action == PROBE_ACTION))
    finally:
        engine.dispose()
    assert entries == counter, "a transaction was cut in two: its entry without its counter"
    return counter


# The tests


def test_a_backup_taken_while_the_app_writes_restores_one_commit_exactly(
        db, clean_database, database_url, tmp_path):
    tenant_id = seed_a_firm(db)
    start_probe_counter(db)
    writer = Writer(clean_database, tenant_id)
    writer.start()
    progress: list[str] = []
    try:
        before = writer.wait_for(10)
        report = backup(database_url, tmp_path / "comptoir.backup", progress=progress.append)
        after_backup = writer.committed
        writer.wait_for(after_backup + 10)  # the app goes on writing after the backup
    finally:
        writer.stopping.set()
        writer.join(timeout=60)
    assert writer.error is None, writer.error
    source = every_row(database_url)
    assert_rich(source)
    assert report.size > 0 and progress

    with fresh_database(database_url, tmp_path) as target:
        restore(target, report.path)
        snapshot = probe_commit(target)
        restored = every_row(target)

    # The copy is the database as of one commit: one taken during the backup, with the
    # writes before it and none of the writes after it.
    assert before <= snapshot <= after_backup < writer.committed
    assert_same_rows(restored, as_of_commit(source, database_url, snapshot, firm=tenant_id,
                                            later_commits=writer.committed - snapshot))


def test_backup_and_restore_on_the_command_line(db, clean_database, database_url, tmp_path):
    seed_a_firm(db)
    source = every_row(database_url)
    path = tmp_path / "comptoir.backup"
    env = command_env(COMPTOIR_DATABASE_URL=database_url,
                      COMPTOIR_INSTANCE_PATH=str(tmp_path))

    created = run_main("backup", "create", str(path), env=env)

    assert created.returncode == 0, created.stderr
    assert f"Backup written: {path}" in created.stdout
    with fresh_database(database_url, tmp_path) as target:
        target_env = {**env, "COMPTOIR_DATABASE_URL": target}
        # As an operator would: the schema first (empty tables do not count as data).
        migrate.upgrade(target)
        restored = run_main("backup", "restore", str(path), env=target_env)
        assert restored.returncode == 0, restored.stderr
        assert_same_rows(every_row(target), source)

        again = run_main("backup", "restore", str(path), env=target_env)
        assert again.returncode != 0
        assert "the target database is not empty" in again.stderr
        assert "--force" in again.stderr

        _change(target)
        forced = run_main("backup", "restore", "--force", str(path), env=target_env)
        assert forced.returncode == 0, forced.stderr
        assert "Replaced the data of" in forced.stdout
        assert_same_rows(every_row(target), source)


def _change(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(update(AuditEntry.__table__).values(action="changed"))
            connection.execute(AuditEntry.__table__.insert().values(
                tenant_id=connection.scalar(text("SELECT min(id) FROM tenants")),
                action="added", target_type="x", target_id="1", details={},
                created_at=utcnow()))
    finally:
        engine.dispose()


def test_a_backup_does_not_overwrite_a_file(database_url, clean_database, tmp_path):
    existing = tmp_path / "kept.backup"
    existing.write_text("an older backup")

    with pytest.raises(BackupError, match="already exists"):
        backup(database_url, existing)

    assert existing.read_text() == "an older backup"


def test_a_backup_of_the_other_kind_is_refused(database_url, tmp_path):
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP..." if database_url.startswith("sqlite") else
                      b"SQLite format 3\x00...")

    with pytest.raises(BackupError, match="backup, and the configured database is"):
        restore(database_url, other, force=True)


def test_a_missing_pg_dump_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr("core.backups.shutil.which", lambda name: None)

    with pytest.raises(BackupError, match="pg_dump is not installed.*COMPTOIR_PG_BIN_DIR"):
        backup("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path / "x.backup")

    with pytest.raises(BackupError, match="is not an executable"):
        backup("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path / "x.backup",
               pg_bin_dir=str(tmp_path))
