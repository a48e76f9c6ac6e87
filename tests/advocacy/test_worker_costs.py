"""What one delivery costs the database, counted, never timed: the worker pays it on every
share, so a statement more is a round trip more per post that goes out."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from advocacy.delivering import claims, publishing, records
from advocacy.worker import LEASE
from integrations.networks import Network
from social.services.versions import content_version
from tests.advocacy.world import CIPHER, NOW
from tests.advocacy.worker_support import setup, shared


@pytest.fixture
def s(db, clean_database):
    return setup(db, clean_database)


@contextmanager
def counting_transactions(database):
    """Connections taken from the pool: one per transaction."""
    taken = {"count": 0}

    def checkout(*_args):
        taken["count"] += 1

    event.listen(database.engine.pool, "checkout", checkout)
    try:
        yield taken
    finally:
        event.remove(database.engine.pool, "checkout", checkout)


def _context(s) -> publishing.Context:
    return publishing.Context(s.database, {Network.X: s.x, Network.LINKEDIN: s.linkedin},
                              CIPHER, s.refresher, lambda: 0.0)


def test_a_claim_is_one_statement_in_one_transaction(db, s, count_statements):
    _, view = shared(db, s)
    db.commit()

    with count_statements() as statements, counting_transactions(s.database) as transactions:
        claim = claims.claim_delivery(s.database, NOW, LEASE)

    assert claim.id == view.id and claim.attempts == 1
    assert statements.count == 1, statements.statements
    assert transactions["count"] == 1


def test_the_worker_reads_an_attempt_in_its_claims_transaction(db, s, count_statements):
    _, view = shared(db, s)
    db.commit()

    with count_statements() as statements, counting_transactions(s.database) as transactions:
        claim = claims.claim_delivery(s.database, NOW, LEASE, then=publishing.read_attempt)

    # The claim, then the delivery with its proposal, post, account and the rules in force.
    assert statements.count == 2, "\n".join(statements.statements)
    assert transactions["count"] == 1
    delivery, *_, rules = claim.read
    assert delivery.id == view.id and delivery.status == "claimed" and delivery.attempts == 1
    assert rules.network("x").enabled


def test_an_attempt_read_with_its_claim_records_in_one_transaction(db, s, count_statements):
    _, view = shared(db, s)
    db.commit()
    claim = claims.claim_delivery(s.database, NOW, LEASE, then=publishing.read_attempt)

    with count_statements() as statements, counting_transactions(s.database) as transactions:
        publishing.deliver(_context(s), claim, NOW)

    # The delivery, the offer, the audit entry, the firm's content version.
    assert statements.count <= 4, "\n".join(statements.statements)
    assert transactions["count"] == 1
    assert s.delivery(db, view.id).status == "sent" and len(s.x.ledger) == 1


def test_an_attempt_claimed_alone_reads_in_one_statement_and_records_in_another_transaction(
        db, s, count_statements):
    _, view = shared(db, s)
    db.commit()
    claim = claims.claim_delivery(s.database, NOW, LEASE)

    with count_statements() as statements, counting_transactions(s.database) as transactions:
        publishing.deliver(_context(s), claim, NOW)

    assert statements.count <= 5, "\n".join(statements.statements)
    assert transactions["count"] == 2
    assert s.delivery(db, view.id).status == "sent" and len(s.x.ledger) == 1


def test_a_claim_leaves_the_firms_views_current_and_the_share_going_out_refreshes_them(db, s):
    _, view = shared(db, s)
    tenant_id = s.world.lea.tenant_id
    db.commit()
    before = _version(db, tenant_id)

    claim = claims.claim_delivery(s.database, NOW, LEASE)
    assert _version(db, tenant_id) == before

    publishing.deliver(_context(s), claim, NOW)
    assert _version(db, tenant_id) > before


def test_a_success_recorded_twice_is_recorded_once(db, s):
    _, view = shared(db, s)
    db.commit()
    claim = claims.claim_delivery(s.database, NOW, LEASE)
    publishing.deliver(_context(s), claim, NOW)

    assert not records.mark_sent(s.database, view.id, "another", None, NOW)
    delivery = s.delivery(db, view.id)
    assert delivery.external_id == s.x.ledger[0].external_id
    assert delivery.external_url.endswith(delivery.external_id)


def _version(db, tenant_id: int) -> int:
    db.expire_all()
    version = content_version(db, tenant_id)
    db.commit()
    return version
