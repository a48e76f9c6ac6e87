"""When sending goes wrong, and where mail goes without SMTP: never twice, never lost silently."""

from __future__ import annotations

import email
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from sqlalchemy import func, select, update

from core.clock import utcnow
from social.digests.job import DigestJob
from social.models import DigestItem, DigestState
from server.jobs import worker_jobs
from tests.conftest import PRODUCTION_SETTINGS, TEST_SECRET_KEY
from tests.factories import make_firm, make_person, make_post, make_space, user_row
from tests.social.digests.conftest import (happened_at, post_ids_in, prefer, runtime_for,
                                           text_of, utc)
from tests.support import command_env, run_main

MONDAY_8 = utc(2026, 1, 5, 7)


@pytest.fixture
def reader_and_post(db):
    firm = make_firm(db)
    reader = make_person(db, firm, "Léa Martin")
    prefer(db, reader)
    prefer(db, firm.admin, frequency="off")
    post = make_post(db, firm.admin, make_space(db, firm.admin, members=(reader,)), "Nouvelles")
    happened_at(db, utc(2026, 1, 4, 20))
    return reader, post


def ledger_size(db) -> int:
    db.commit()
    return db.scalar(select(func.count()).select_from(DigestItem))


def test_a_refused_digest_is_undone_and_sent_on_a_later_try(db, reader_and_post, run_at, smtp):
    reader, post = reader_and_post
    address = user_row(db, reader).email
    smtp.refuse(address)

    assert run_at(MONDAY_8) == 1
    assert smtp.messages == [] and ledger_size(db) == 0
    smtp.accept_again()
    assert run_at(MONDAY_8 + timedelta(minutes=10)) == 0  # it waits a little first
    assert run_at(MONDAY_8 + timedelta(minutes=15)) == 1

    [mail] = smtp.to(address)
    assert post_ids_in(mail) == [post.id]
    assert ledger_size(db) == 1


def test_a_digest_that_may_have_arrived_is_never_sent_again(db, reader_and_post, run_at, smtp):
    reader, post = reader_and_post
    smtp.drop_connections_after_data()  # the server takes it, the answer is lost

    run_at(MONDAY_8)
    smtp.drop_connections_after_data(False)
    for later in (timedelta(minutes=15), timedelta(hours=1), timedelta(days=1)):
        run_at(MONDAY_8 + later)

    assert [post_ids_in(mail) for mail in smtp.messages] == [[post.id]]
    assert ledger_size(db) == 1


def test_in_development_without_smtp_digests_are_written_to_the_outbox(db, reader_and_post,
                                                                      clean_database, tmp_path):
    reader, post = reader_and_post
    runtime = runtime_for(clean_database, tmp_path, smtp_url=None)
    db.commit()

    assert DigestJob().run_due(runtime, MONDAY_8) == 1

    [eml] = sorted((tmp_path / "outbox").glob("*.eml"))
    mail = email.message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert mail["To"].addresses[0].addr_spec == user_row(db, reader).email
    assert post_ids_in(mail) == [post.id]


def test_in_production_without_smtp_nothing_is_sent_and_nothing_is_marked(db, reader_and_post,
                                                                         clean_database,
                                                                         tmp_path):
    runtime = runtime_for(clean_database, tmp_path, smtp_url=None, **PRODUCTION_SETTINGS)
    db.commit()

    assert runtime.mailer is None
    assert DigestJob().run_due(runtime, MONDAY_8) == 0
    assert not (tmp_path / "outbox").exists()
    assert ledger_size(db) == 0
    assert db.scalar(select(func.count()).select_from(DigestState)) == 0


def test_the_worker_runs_the_digest_job(clean_database, tmp_path):
    jobs = worker_jobs(runtime_for(clean_database, tmp_path))
    assert [job for job in jobs if isinstance(job, DigestJob)] and "digests" in \
        [job.name for job in jobs]


def test_worker_drain_sends_the_digests_that_are_due(db, smtp, database_url, clean_database,
                                                     tmp_path):
    firm = make_firm(db)
    reader = make_person(db, firm, "Léa Martin")
    prefer(db, reader)
    prefer(db, firm.admin, frequency="off")
    post = make_post(db, firm.admin, make_space(db, firm.admin, members=(reader,)), "Du jour")
    db.commit()
    # Scheduled earlier, and due a minute ago: the worker runs on the real clock.
    DigestJob().run_due(runtime_for(clean_database, tmp_path, smtp_url=smtp.url), utcnow())
    db.execute(update(DigestState).values(next_due_at=utcnow() - timedelta(minutes=1)))
    db.commit()
    env = command_env(COMPTOIR_DATABASE_URL=database_url, COMPTOIR_SMTP_URL=smtp.url,
                      COMPTOIR_SECRET_KEY=TEST_SECRET_KEY, COMPTOIR_INSTANCE_PATH=str(tmp_path),
                      COMPTOIR_BASE_URL="https://comptoir.example.fr")

    result = run_main("worker", "--drain", env=env)

    assert result.returncode == 0, result.stderr
    assert "digests: 1 processed" in result.stdout
    [mail] = smtp.to(user_row(db, reader).email)
    assert f"/posts/{post.id}" in text_of(mail)
