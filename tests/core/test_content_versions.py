"""A firm's content version rises with every commit that changes what its people may see,
and only that firm's: the add-on's cached cards are keyed on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.exc import OperationalError

from core.clock import utcnow
from core.content_versions import BOOKKEEPING
from social.models import Tenant, User
from social.services import departures, feed_tokens, reactions
from tests.factories import make_firm, make_person, make_post, make_space


def version_of(database, tenant_id: int) -> int:
    with database.system_session(write=False) as session:
        return session.scalar(select(Tenant.content_version).where(Tenant.id == tenant_id))


def test_a_post_raises_its_firms_version_and_no_other(db, clean_database):
    firm, other = make_firm(db, "firm-a.fr"), make_firm(db, "firm-b.fr")
    space_id = make_space(db, firm.admin)
    before, other_before = version_of(clean_database, firm.tenant_id), \
        version_of(clean_database, other.tenant_id)

    make_post(db, firm.admin, space_id, "Bonjour")

    assert version_of(clean_database, firm.tenant_id) == before + 1
    assert version_of(clean_database, other.tenant_id) == other_before


def test_statements_that_write_raise_it_too(db, clean_database):
    """Reactions are written with INSERT ... ON CONFLICT and DELETE statements."""
    firm = make_firm(db)
    post = make_post(db, firm.admin, make_space(db, firm.admin))
    db.close()  # one writer at a time on SQLite
    session = clean_database.session(firm.tenant_id, write=True)
    before = version_of(clean_database, firm.tenant_id)

    reactions.react(session, firm.admin, post.discussion_id, "like")
    liked = version_of(clean_database, firm.tenant_id)
    reactions.unreact(session, firm.admin, post.discussion_id, "like")
    session.close()

    assert before < liked < version_of(clean_database, firm.tenant_id)


def test_renaming_the_firm_raises_it(db, clean_database):
    firm = make_firm(db)
    before = version_of(clean_database, firm.tenant_id)
    db.get(Tenant, firm.tenant_id).name = "Atelier Lumière"
    db.commit()
    assert version_of(clean_database, firm.tenant_id) == before + 1


def test_a_session_that_changed_nothing_or_rolled_back_leaves_it(db, clean_database):
    firm = make_firm(db)
    before = version_of(clean_database, firm.tenant_id)
    db.get(User, firm.admin.user_id)
    db.commit()
    db.get(User, firm.admin.user_id).name = "Someone Else"
    db.flush()
    db.rollback()
    db.commit()
    assert version_of(clean_database, firm.tenant_id) == before


def test_being_seen_or_checked_in_the_directory_is_bookkeeping(db, clean_database):
    firm = make_firm(db)
    before = version_of(clean_database, firm.tenant_id)
    db.get(User, firm.admin.user_id).last_seen_at = utcnow() + timedelta(minutes=20)
    db.commit()
    departures.record_directory_check(db, firm.admin.user_id, utcnow())
    db.execute(update(User).where(User.id == firm.admin.user_id)
               .values(last_seen_at=utcnow()).execution_options(**{BOOKKEEPING: True}))
    db.commit()
    assert version_of(clean_database, firm.tenant_id) == before


def test_a_firm_loaded_in_the_session_shows_its_new_version_without_a_statement(
        db, clean_database, count_statements):
    firm = make_firm(db)
    space_id = make_space(db, firm.admin)
    db.close()
    session = clean_database.session(firm.tenant_id, write=True)
    loaded = session.get(Tenant, firm.tenant_id)
    before = loaded.content_version

    make_post(session, firm.admin, space_id)
    with count_statements() as counter:
        seen = loaded.content_version
    session.close()

    assert seen == before + 1 == version_of(clean_database, firm.tenant_id)
    assert counter.count == 0


def test_a_new_person_raises_their_firms_version(db, clean_database):
    firm = make_firm(db)
    before = version_of(clean_database, firm.tenant_id)
    make_person(db, firm, "Hugo Bernard")
    assert version_of(clean_database, firm.tenant_id) > before


def test_reading_a_feed_is_bookkeeping(db, clean_database):
    """A click on a shared link too (tests/advocacy/test_links_and_analytics.py)."""
    firm = make_firm(db)
    token, _ = feed_tokens.create_feed_token(db, firm.admin, "Lecteur")
    before = version_of(clean_database, firm.tenant_id)

    assert feed_tokens.resolve_feed_token(db, token) == firm.admin  # its first use: written

    assert version_of(clean_database, firm.tenant_id) == before


def test_two_firms_changed_in_one_commit_are_both_raised(db, clean_database):
    firm, other = make_firm(db, "firm-a.fr"), make_firm(db, "firm-b.fr")
    before = version_of(clean_database, firm.tenant_id), version_of(clean_database, other.tenant_id)

    db.get(Tenant, firm.tenant_id).name = "Atelier Lumière"
    db.get(Tenant, other.tenant_id).name = "Atelier Ombre"
    db.commit()

    assert (version_of(clean_database, firm.tenant_id),
            version_of(clean_database, other.tenant_id)) == (before[0] + 1, before[1] + 1)


def test_a_savepoint_released_does_not_end_the_transaction_around_it(db, clean_database):
    firm = make_firm(db)
    before = version_of(clean_database, firm.tenant_id)

    savepoint = db.begin_nested()
    db.get(Tenant, firm.tenant_id).name = "Atelier Lumière"
    savepoint.commit()  # releases the savepoint only
    db.rollback()

    assert version_of(clean_database, firm.tenant_id) == before
    assert db.get(Tenant, firm.tenant_id).name != "Atelier Lumière"


def test_the_firms_row_is_free_before_the_driver_is_asked_to_commit(db, clean_database):
    """On PostgreSQL the raise and COMMIT leave together: no writer of the firm waits on a
    round trip (and this thread's turn) between them."""
    if clean_database.dialect != "postgresql":
        pytest.skip("SQLite has one writer at a time whatever the order")
    firm = make_firm(db)
    locked_at_commit: list[bool] = []

    def try_the_row(_connection) -> None:
        with clean_database.engine.connect() as other:
            try:
                other.exec_driver_sql(f"SELECT id FROM tenants WHERE id = {firm.tenant_id} "
                                      "FOR UPDATE NOWAIT")
                locked_at_commit.append(False)
            except OperationalError:
                locked_at_commit.append(True)
            other.rollback()

    event.listen(clean_database.engine, "commit", try_the_row)
    try:
        db.get(Tenant, firm.tenant_id).name = "Atelier Lumière"
        db.commit()
    finally:
        event.remove(clean_database.engine, "commit", try_the_row)

    assert locked_at_commit and not any(locked_at_commit)
    assert version_of(clean_database, firm.tenant_id) > 0
