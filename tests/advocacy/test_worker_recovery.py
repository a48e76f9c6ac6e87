"""Nothing stuck, nothing twice: leases reclaimed, crashes around the publish, expiry closed,
the gate checked again before each attempt, and concurrent workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.delivering import claims, records
from advocacy.models import Delivery, Proposal
from advocacy.services import approvals, published, rules as rule_service, sharing
from advocacy.worker import LEASE
from social.services import posts
from tests.advocacy.world import BASE_URL, NOW, approved, connect, rules_document
from tests.advocacy.worker_support import setup, shared
from tests.factories import make_person


@pytest.fixture
def s(db, clean_database):
    return setup(db, clean_database)


def test_a_delivery_whose_worker_died_is_reclaimed_after_its_lease(db, s):
    _, view = shared(db, s)
    db.commit()
    dead = claims.claim_delivery(s.database, NOW, LEASE)  # then the process died
    assert dead.id == view.id

    s.run(NOW + LEASE - timedelta(seconds=1))
    assert s.delivery(db, view.id).status == "claimed" and s.x.calls == 0

    s.run(NOW + LEASE + timedelta(seconds=1))
    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and delivery.attempts == 2
    assert len(s.x.ledger) == 1


def test_a_crash_after_the_network_published_ends_sent_without_a_second_post(db, s):
    _, view = shared(db, s)
    s.x.fail_next("drop_after_publish")  # published, then the answer was lost

    s.run()
    delivery = s.delivery(db, view.id)
    assert delivery.status == "pending" and len(s.x.ledger) == 1

    s.run(delivery.scheduled_at)  # the retry sends the same frozen text: "duplicate"
    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and delivery.last_error.startswith("duplicate")
    assert delivery.external_id == s.x.ledger[0].external_id
    assert len(s.x.ledger) == 1


def test_a_worker_killed_in_the_middle_of_a_publish_leaves_one_post(db, s):
    _, view = shared(db, s)
    real_publish = s.x.publish

    def publish_then_die(credentials, text, link=None):
        real_publish(credentials, text, link)
        raise SystemExit("killed")  # not an Exception: nothing in the job catches it

    s.x.publish = publish_then_die
    with pytest.raises(SystemExit):
        s.run()
    assert s.delivery(db, view.id).status == "claimed"

    s.x.publish = real_publish
    s.run(NOW + LEASE + timedelta(seconds=1))
    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and delivery.attempts == 2
    assert len(s.x.ledger) == 1


def test_a_late_worker_neither_undoes_a_newer_claim_nor_misses_its_own_success(db, s):
    _, view = shared(db, s)
    db.commit()
    late = claims.claim_delivery(s.database, NOW, LEASE)
    later = NOW + LEASE + timedelta(seconds=1)
    newer = claims.claim_delivery(s.database, later, LEASE)
    assert newer.id == late.id and newer.token != late.token

    records.reschedule(s.database, view.id, late.token, later, "transient: late", later)
    delivery = s.delivery(db, view.id)
    assert (delivery.status, delivery.claim_token) == ("claimed", newer.token)

    records.mark_sent(s.database, view.id, "42", None, later)
    assert s.delivery(db, view.id).status == "sent"
    records.close(s.database, view.id, newer.token, "failed", "rejected", "late", later)
    assert s.delivery(db, view.id).status == "sent"


def test_a_delivery_past_its_offer_is_closed_and_never_published(db, s):
    proposal, view = shared(db, s)
    db.commit()
    claims.claim_delivery(s.database, NOW, LEASE)  # claimed, then the worker vanished

    s.run(proposal.expires_at + timedelta(seconds=1))

    delivery = s.delivery(db, view.id)
    assert (delivery.status, delivery.failure_code) == ("cancelled", "expired")
    assert s.x.calls == 0
    assert db.scalar(select(Proposal.state).where(Proposal.id == proposal.id)) == "expired"


def test_a_delivery_of_a_post_edited_since_approval_is_cancelled_not_published(db, s):
    proposal, view = shared(db, s)
    posts.edit_post(db, s.world.author, proposal.post_id, "Un autre texte, non approuvé")

    s.run()

    delivery = s.delivery(db, view.id)
    assert (delivery.status, delivery.failure_code) == ("cancelled", "changed")
    assert s.x.calls == 0


def test_retracting_cancels_what_waits_and_offers_to_delete_what_went_out(db, s):
    proposal, sent = shared(db, s)
    s.run()
    later = sharing.share_at_slot(db, s.world.paul, proposal.id, "x",
                                  NOW + timedelta(hours=2), base_url=BASE_URL, now=NOW)

    approvals.retract(db, s.world.author, proposal.id, now=NOW + timedelta(minutes=5))

    assert s.delivery(db, later.id).status == "cancelled"
    assert s.delivery(db, sent.id).status == "sent" and len(s.x.ledger) == 1  # never deleted
    [offered] = published.retracted_shares(db, s.world.lea)
    assert offered.id == sent.id and published.retracted_shares(db, s.world.paul) == []

    published.delete_my_published_share(db, s.world.lea, sent.id,
                                        now=NOW + timedelta(minutes=5))
    assert published.retracted_shares(db, s.world.lea) == []
    s.run(NOW + timedelta(minutes=6))
    assert s.x.ledger == [] and s.x.deleted == [s.delivery(db, sent.id).external_id]
    [mine] = [d for d in published.my_shares(db, s.world.lea).deliveries if d.id == sent.id]
    assert mine.deletion_status == "done"


def test_concurrent_workers_publish_each_delivery_exactly_once(db, s):
    people = [make_person(db, s.world.firm, f"Personne {n}") for n in range(12)]
    proposals_ = [approved(db, s.world, f"Post numéro {n}") for n in range(3)]
    for person in people:
        connect(db, person, "x")
        connect(db, person, "linkedin")
        for proposal in proposals_:
            for network in ("x", "linkedin"):
                sharing.share_now(db, person, proposal.id, network, base_url=BASE_URL, now=NOW)
    db.commit()
    total = len(people) * len(proposals_) * 2
    errors = []

    def work():
        try:
            while s.job.run_due(s.runtime, NOW):
                pass
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    db.expire_all()
    statuses = db.scalars(select(Delivery.status)).all()
    assert statuses.count("sent") == total == len(statuses)
    assert len(s.x.ledger) + len(s.linkedin.ledger) == total
    assert s.x.calls + s.linkedin.calls == total  # nobody published a row twice


def test_rules_turning_a_network_off_or_forbidding_a_word_stop_what_waits(db, s):
    proposal, on_x = shared(db, s, body="Une offre imbattable")
    on_linkedin = sharing.share_now(db, s.world.lea, proposal.id, "linkedin", base_url=BASE_URL,
                                    now=NOW)
    document = rules_document()
    document["networks"]["x"]["enabled"] = False
    document["networks"]["linkedin"]["forbidden"] = ["imbattable"]
    rule_service.set_rules(db, s.world.admin, document)

    s.run()

    for view in (on_x, on_linkedin):
        delivery = s.delivery(db, view.id)
        assert (delivery.status, delivery.failure_code) == ("cancelled", "rules_changed")
    assert s.x.calls == s.linkedin.calls == 0


def test_a_claim_whose_read_fails_is_still_claimed_and_its_attempt_fails_alone(db, s):
    """The read that rides with a claim must not undo it: a row whose read always fails
    would otherwise be claimed again at once, forever, ahead of every other."""
    _, view = shared(db, s)
    db.commit()

    def failing_read(_session, _delivery_id):
        raise RuntimeError("the read failed")

    claim = claims.claim_delivery(s.database, NOW, LEASE, then=failing_read)

    assert claim.id == view.id and claim.read is None and claim.attempts == 1
    delivery = s.delivery(db, view.id)
    assert delivery.status == "claimed" and delivery.attempts == 1
    assert claims.claim_delivery(s.database, NOW, LEASE) is None  # held by its lease
