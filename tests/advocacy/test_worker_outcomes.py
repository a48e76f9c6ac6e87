"""The delivery worker against an in-memory network: one test per row of the outcomes table
(integrations/networks.py), each ending in the expected state with at most one published
post per delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.delivering.records import MAX_TRANSIENT_FAILURES
from advocacy.models import NetworkPause, Offer
from advocacy.services import pauses, sharing
from integrations.networks import Network, Outcome, PublishError
from social.models import AuditEntry
from tests.advocacy.world import BASE_URL, CIPHER, NOW, approved, connect
from tests.advocacy.worker_support import setup, shared


@pytest.fixture
def s(db, clean_database):
    return setup(db, clean_database)


def audit_actions(db) -> list[str]:
    return [a for (a,) in db.execute(select(AuditEntry.action).order_by(AuditEntry.id))]


def test_a_published_share_is_sent_with_its_external_id_and_url(db, s):
    proposal = approved(db, s.world, "Le guide (nouveau) : https://comptoir.fr/guide #RH")
    [offer] = sharing.ready_to_share(db, s.world.lea, base_url=BASE_URL, now=NOW)
    preview = next(n.decision for n in offer.networks if n.network == "linkedin")
    view = sharing.share_now(db, s.world.lea, proposal.id, "linkedin", base_url=BASE_URL,
                             now=NOW)

    assert s.run() >= 1

    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and delivery.attempts == 1
    [post] = s.linkedin.ledger
    assert delivery.external_id == post.external_id == "urn:li:share:1001"
    assert delivery.external_url == "https://linkedin.example/urn:li:share:1001"
    assert post.text == preview.text == delivery.text
    assert post.text.startswith("Le guide \\(nouveau\\) : " + BASE_URL + "/l/")
    assert post.link.url == preview.card.url == preview.links[0].short_url
    assert post.token == "linkedin-access-%d" % s.world.lea.user_id
    offer = db.scalar(select(Offer).where(Offer.proposal_id == proposal.id,
                                          Offer.user_id == s.world.lea.user_id))
    assert offer.status == "shared"
    assert "advocacy.share.published" in audit_actions(db)


def test_rate_limited_with_a_reset_time_waits_until_then(db, s):
    _, view = shared(db, s)
    reset = NOW + timedelta(minutes=15)
    s.x.fail_next(PublishError(Outcome.RATE_LIMITED, "429", status=429, retry_at=reset))

    s.run()
    delivery = s.delivery(db, view.id)
    assert (delivery.status, delivery.scheduled_at) == ("pending", reset)
    s.run(reset - timedelta(seconds=1))
    assert s.delivery(db, view.id).status == "pending" and s.x.calls == 1

    s.run(reset)
    assert s.delivery(db, view.id).status == "sent" and len(s.x.ledger) == 1


def test_rate_limited_without_a_reset_time_backs_off(db, s):
    _, view = shared(db, s)
    s.x.fail_next(PublishError(Outcome.RATE_LIMITED, "429", status=429))

    s.run()

    delivery = s.delivery(db, view.id)
    # First attempt: a 30 s ceiling, jitter over its upper half (rng gives 0 here).
    assert delivery.status == "pending" and delivery.scheduled_at == NOW + timedelta(seconds=15)
    assert delivery.transient_failures == 0 and s.x.ledger == []


def test_unauthorized_on_x_refreshes_once_stores_the_rotated_tokens_and_retries(db, s):
    _, view = shared(db, s)
    s.x.valid_tokens = set()  # the stored access token has expired

    s.run()

    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and len(s.x.ledger) == 1
    assert s.x.ledger[0].token == "x-access-refreshed-1"
    account = s.account(db, s.world.lea, "x")
    assert CIPHER.decrypt(account.access_token) == "x-access-refreshed-1"
    assert CIPHER.decrypt(account.refresh_token) == "x-refresh-rotated-1"
    assert "x-refresh-rotated-1" not in account.refresh_token  # stored encrypted
    assert s.refresher.used == [f"x-refresh-{s.world.lea.user_id}"]


def test_unauthorized_on_x_when_the_refresh_is_refused_waits_for_a_reconnect(db, s):
    _, view = shared(db, s)
    s.x.valid_tokens = set()
    s.refresher.refuse = True

    s.run()

    assert s.account(db, s.world.lea, "x").status == "reconnect_needed"
    delivery = s.delivery(db, view.id)
    assert delivery.status == "pending" and s.x.ledger == []
    calls = s.x.calls
    s.run(NOW + timedelta(hours=1))
    assert s.x.calls == calls  # not claimed while the account needs reconnecting

    s.x.valid_tokens = {"x-access-new"}
    connect(db, s.world.lea, "x", access_token="x-access-new")
    s.run(NOW + timedelta(hours=1))
    assert s.delivery(db, view.id).status == "sent" and len(s.x.ledger) == 1


def test_unauthorized_again_after_the_refresh_needs_a_reconnect(db, s):
    _, view = shared(db, s)
    s.x.fail_next(PublishError(Outcome.UNAUTHORIZED, "401", status=401),
                  PublishError(Outcome.UNAUTHORIZED, "401", status=401))

    s.run()

    assert s.x.calls == 2 and len(s.refresher.used) == 1
    assert s.account(db, s.world.lea, "x").status == "reconnect_needed"
    assert s.delivery(db, view.id).status == "pending"


def test_unauthorized_on_linkedin_marks_the_account_and_the_delivery_waits(db, s):
    _, view = shared(db, s, "linkedin")
    s.linkedin.fail_next(PublishError(Outcome.UNAUTHORIZED, "Invalid access token",
                                      status=401))

    s.run()

    assert s.refresher.used == []  # LinkedIn tokens are not refreshed
    assert s.account(db, s.world.lea, "linkedin").status == "reconnect_needed"
    delivery = s.delivery(db, view.id)
    assert delivery.status == "pending" and s.linkedin.ledger == []
    assert delivery.last_error.startswith("unauthorized")


def test_a_duplicate_is_treated_as_already_published(db, s):
    _, view = shared(db, s)
    s.x.fail_next(PublishError(Outcome.DUPLICATE, "duplicate content", status=403,
                               existing_id="777"))

    s.run()

    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and delivery.external_id == "777"
    assert delivery.external_url == "https://x.com/i/web/status/777"
    assert s.x.ledger == []


def test_transient_failures_back_off_then_fail_with_the_reason(db, s):
    _, view = shared(db, s)
    s.x.fail_next(*[PublishError(Outcome.TRANSIENT, "503 Service Unavailable", status=503)
                    for _ in range(MAX_TRANSIENT_FAILURES)])
    at, delays = NOW, []
    for _ in range(MAX_TRANSIENT_FAILURES - 1):
        s.run(at)
        delivery = s.delivery(db, view.id)
        assert delivery.status == "pending"
        delays.append(delivery.scheduled_at - at)
        at = delivery.scheduled_at

    s.run(at)

    assert delays == [timedelta(seconds=15 * 2 ** n) for n in range(MAX_TRANSIENT_FAILURES - 1)]
    delivery = s.delivery(db, view.id)
    assert (delivery.status, delivery.failure_code) == ("failed", "transient")
    assert "503" in delivery.last_error and s.x.ledger == []
    assert delivery.attempts == MAX_TRANSIENT_FAILURES


def test_a_rejection_fails_at_once_with_the_networks_reason(db, s):
    _, view = shared(db, s)
    s.x.fail_next(PublishError(Outcome.REJECTED, "Your Tweet text is too long.", status=400))

    s.run()

    delivery = s.delivery(db, view.id)
    assert (delivery.status, delivery.failure_code) == ("failed", "rejected")
    assert delivery.last_error == "Your Tweet text is too long."
    assert s.x.calls == 1 and "advocacy.share.failed" in audit_actions(db)


def test_a_paused_network_is_paused_for_the_firm_and_the_admin_alerted(db, s):
    _, lea = shared(db, s, "linkedin")
    paul = sharing.share_now(db, s.world.paul, lea.proposal_id, "linkedin", base_url=BASE_URL,
                             now=NOW)
    on_x = sharing.share_now(db, s.world.paul, lea.proposal_id, "x", base_url=BASE_URL,
                             now=NOW)
    s.linkedin.fail_next(PublishError(Outcome.NETWORK_PAUSED, "426 NONEXISTENT_VERSION",
                                      status=426))

    s.drain()

    assert [p.network for p in pauses.active_pauses(db, s.world.admin)] == ["linkedin"]
    assert "advocacy.network.paused" in audit_actions(db)
    assert s.delivery(db, lea.id).status == "pending"
    assert s.delivery(db, paul.id).status == "pending"
    assert s.delivery(db, on_x.id).status == "sent"  # the other network goes on
    assert s.linkedin.calls == 1

    pauses.resume_network(db, s.world.admin, "linkedin")
    s.drain()
    assert {s.delivery(db, d.id).status for d in (lea, paul)} == {"sent"}
    assert len(s.linkedin.ledger) == 2
    assert db.scalar(select(NetworkPause.resumed_by_id)) == s.world.admin.user_id


def test_an_unexpected_error_is_retried_like_a_transient_one(db, s):
    _, view = shared(db, s)

    class Broken:
        def publish(self, credentials, text, link=None):
            raise ValueError("adapter bug")

    s.job.publishers = {**s.job.publishers, Network.X: Broken()}

    s.run()

    delivery = s.delivery(db, view.id)
    assert delivery.status == "pending" and delivery.transient_failures == 1
    assert "adapter bug" in delivery.last_error
