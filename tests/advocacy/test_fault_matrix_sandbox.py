"""The outcomes table of integrations/networks.py, row by row, through the real X and
LinkedIn adapters against the sandbox providers (their HTTP APIs, their fault switches).

Each test ends in the state its row promises, and the sandbox's ledger never holds two
posts for one delivery. The in-memory version of this matrix is test_worker_outcomes.py;
here the answers are the networks' own (bodies, headers, dropped sockets, time-outs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.delivering.records import MAX_TRANSIENT_FAILURES
from advocacy.models import Delivery
from advocacy.services import pauses, sharing
from advocacy.worker import DeliveryJob
from core.runtime import Runtime
from integrations.linkedin import LinkedInPublisher
from integrations.networks import Credentials, Network
from integrations.oauth import OAuthError
from integrations.x import XPublisher
from social.models import AuditEntry
from tests.advocacy.sandbox_support import (BASE_URL, account_of, assert_at_most_one_post_each,
                                            connect_through_control, drain, posts_of,
                                            sandbox_runtime, stored, utc)
from tests.advocacy.world import NOW, World, approved, build_world
from tests.fakes.sandbox import SandboxServer, sandbox_clock, sandbox_server  # noqa: F401
from tests.social.conftest import building_session

PUBLISH_PATHS = {"x": "/x/2/tweets", "linkedin": "/linkedin/rest/posts"}
X_TOKEN_PATH = "/x/2/oauth2/token"


@dataclass
class Matrix:
    world: World
    db: object
    runtime: Runtime
    sandbox: SandboxServer
    job: DeliveryJob
    tokens: dict  # (person name, network) -> the sandbox's account and tokens

    def run(self, at=NOW) -> int:
        self.db.commit()  # the test's session must not hold SQLite's write lock
        return self.job.run_due(self.runtime, at)

    def drain(self, at=NOW) -> None:
        drain(self.db, self.job, self.runtime, at)

    def delivery(self, delivery_id: int) -> Delivery:
        return stored(self.db, Delivery, delivery_id)

    def calls(self, network: str) -> int:
        return self.sandbox.hits[PUBLISH_PATHS[network]]

    def share(self, network: str, person=None, body: str = "Notre guide est en ligne"):
        proposal = approved(self.db, self.world, body, now=NOW)
        return sharing.share_now(self.db, person or self.world.lea, proposal.id, network,
                                 base_url=BASE_URL, now=NOW)

    def check_ledger(self, *views) -> None:
        assert_at_most_one_post_each(self.db, self.sandbox, [view.id for view in views])


@pytest.fixture
def m(db, clean_database, sandbox_server) -> Matrix:  # noqa: F811
    with building_session(clean_database) as building:  # fast commits on PostgreSQL
        world = build_world(building)
    runtime = sandbox_runtime(clean_database, sandbox_server)
    tokens = {}
    for person, name in ((world.lea, "lea"), (world.paul, "paul")):
        for network in ("x", "linkedin"):
            tokens[name, network] = connect_through_control(
                db, runtime.token_cipher, sandbox_server, person, network, f"{name}-{network}",
                NOW)
    # rng 0: the backoff is the lower end of its jitter, so the schedule can be named.
    return Matrix(world, db, runtime, sandbox_server, DeliveryJob(rng=lambda: 0.0), tokens)


def audit_actions(db) -> list[str]:
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    db.commit()
    return actions


# 429 ---------------------------------------------------------------------------------------

def test_429_with_a_reset_header_is_retried_at_the_reset_and_not_before(m):
    view = m.share("x")
    reset = int((NOW + timedelta(minutes=15)).timestamp())
    m.sandbox.fault("x", "status", status=429, reset=reset)

    m.run()
    delivery = m.delivery(view.id)
    assert (delivery.status, delivery.scheduled_at) == ("pending", utc(reset))
    assert delivery.last_error.startswith("rate limited") and delivery.transient_failures == 0
    m.run(utc(reset) - timedelta(seconds=1))
    assert m.calls("x") == 1 and m.sandbox.ledger("x") == []

    m.run(utc(reset))

    delivery = m.delivery(view.id)
    assert delivery.status == "sent" and m.calls("x") == 2
    [tweet] = m.sandbox.ledger("x")
    assert (tweet["id"], tweet["text"]) == (delivery.external_id, delivery.text)
    m.check_ledger(view)


@pytest.mark.parametrize("network", ["x", "linkedin"])  # LinkedIn never sends the header
def test_429_without_a_reset_header_backs_off_then_publishes(m, network):
    view = m.share(network)
    m.sandbox.fault(network, "status", status=429)

    m.run()
    delivery = m.delivery(view.id)
    # The first backoff's ceiling is 30 s; rng 0 takes the lower end of its jitter.
    assert (delivery.status, delivery.scheduled_at) == ("pending", NOW + timedelta(seconds=15))
    assert delivery.transient_failures == 0  # a rate limit is not a failure of the network
    m.run(NOW + timedelta(seconds=14))
    assert m.calls(network) == 1

    m.run(NOW + timedelta(seconds=15))

    assert m.delivery(view.id).status == "sent" and len(m.sandbox.ledger(network)) == 1
    m.check_ledger(view)


# 401 -----------------------------------------------------------------------------------------

def test_401_on_x_refreshes_once_stores_the_rotated_refresh_token_and_retries(m):
    view = m.share("x")
    old = m.tokens["lea", "x"]
    m.sandbox.expire_tokens("x")  # the stored access token has run out at X

    m.run()

    delivery = m.delivery(view.id)
    assert delivery.status == "sent" and delivery.attempts == 1
    assert m.calls("x") == 2 and m.sandbox.hits[X_TOKEN_PATH] == 1  # 401, refresh, retry
    [tweet] = m.sandbox.ledger("x")
    assert tweet["author"] == old["member_id"] and tweet["text"] == delivery.text
    account = account_of(m.db, m.world.lea, "x")
    cipher = m.runtime.token_cipher
    access, refresh = cipher.decrypt(account.access_token), cipher.decrypt(account.refresh_token)
    assert access != old["access_token"] and refresh != old["refresh_token"]
    assert account.status == "connected"
    # X rotated the refresh token: the old one is spent, the stored one is the live one.
    with pytest.raises(OAuthError) as spent:
        m.runtime.x_oauth.refresh(old["refresh_token"])
    assert spent.value.reason == "refused"
    assert m.runtime.x_oauth.refresh(refresh).access_token
    m.check_ledger(view)


def test_401_on_x_again_after_the_refresh_needs_a_reconnect_and_waits(m):
    view = m.share("x")
    m.sandbox.fault("x", "status", status=401, times=2)

    m.run()

    assert m.calls("x") == 2 and m.sandbox.hits[X_TOKEN_PATH] == 1  # refreshed once only
    assert account_of(m.db, m.world.lea, "x").status == "reconnect_needed"
    delivery = m.delivery(view.id)
    assert delivery.status == "pending" and delivery.last_error.startswith("unauthorized")
    m.run(NOW + timedelta(hours=1))
    assert m.calls("x") == 2 and m.sandbox.ledger("x") == []  # waits for the person
    m.check_ledger(view)


def test_401_on_linkedin_marks_the_account_reconnect_needed_and_the_delivery_waits(m):
    view = m.share("linkedin")
    old = m.tokens["lea", "linkedin"]
    assert m.runtime.linkedin_oauth.revoke(old["access_token"]).revoked  # Léa revoked us

    m.run()

    assert m.calls("linkedin") == 1 and m.sandbox.hits[X_TOKEN_PATH] == 0  # no refresh
    assert account_of(m.db, m.world.lea, "linkedin").status == "reconnect_needed"
    delivery = m.delivery(view.id)
    assert delivery.status == "pending" and "65601" in delivery.last_error  # REVOKED
    m.run(NOW + timedelta(hours=1))
    assert m.calls("linkedin") == 1 and m.sandbox.ledger("linkedin") == []

    connect_through_control(m.db, m.runtime.token_cipher, m.sandbox, m.world.lea, "linkedin",
                            "lea-linkedin", NOW)  # she reconnects: the same member
    m.run(NOW + timedelta(hours=1))

    delivery = m.delivery(view.id)
    [post] = m.sandbox.ledger("linkedin")
    assert delivery.status == "sent" and delivery.external_id == post["id"]
    m.check_ledger(view)


# duplicate content ---------------------------------------------------------------------------

@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_a_duplicate_answer_is_treated_as_already_published(m, network):
    view = m.share(network)
    lea = m.tokens["lea", network]
    # Léa already published this very text herself (or an earlier attempt did).
    earlier = m.runtime.publishers[Network(network)].publish(
        Credentials(lea["access_token"], lea["member_id"]), view.text)

    m.run()

    delivery = m.delivery(view.id)
    assert delivery.status == "sent" and delivery.last_error == "duplicate: already published"
    [post] = m.sandbox.ledger(network)
    assert post["id"] == earlier.external_id and post["duplicate_attempts"] == 1
    # LinkedIn's 422 names the post it duplicates; X's 403 does not.
    assert delivery.external_id == (post["id"] if network == "linkedin" else None)
    m.check_ledger(view)


# 5xx, time-out, dropped connection ----------------------------------------------------------

def short_timeouts(runtime: Runtime) -> dict:
    """The real adapters, with a read time-out the sandbox's held answer outlasts."""
    settings = runtime.network_settings
    return {Network.X: XPublisher(settings.x_api_url, timeout=(5.0, 0.5)),
            Network.LINKEDIN: LinkedInPublisher(settings.linkedin_api_url,
                                                version=settings.linkedin_version,
                                                timeout=(5.0, 0.5))}


@pytest.mark.parametrize("network, fault, reason", [
    ("x", {"kind": "status", "status": 503}, "X failed (HTTP 503)"),
    ("linkedin", {"kind": "status", "status": 500}, "LinkedIn failed (HTTP 500)"),
    ("x", {"kind": "timeout", "seconds": 60}, "X did not answer in time"),
    ("linkedin", {"kind": "timeout", "seconds": 60}, "LinkedIn did not answer in time"),
], ids=["x-503", "linkedin-500", "x-timeout", "linkedin-timeout"])
def test_server_errors_and_timeouts_back_off_up_to_the_bound_then_fail_with_the_reason(
        m, network, fault, reason):
    if fault["kind"] == "timeout":
        m.job.publishers = short_timeouts(m.runtime)
    view = m.share(network)
    m.sandbox.fault(network, times=MAX_TRANSIENT_FAILURES, **fault)
    at, delays = NOW, []
    for _ in range(MAX_TRANSIENT_FAILURES - 1):
        m.run(at)
        delivery = m.delivery(view.id)
        assert delivery.status == "pending" and reason in delivery.last_error
        delays.append(delivery.scheduled_at - at)
        at = delivery.scheduled_at

    m.run(at)

    # Exponential: 30 s, 1, 2, 4 min ceilings; rng 0 takes the lower half of each.
    assert delays == [timedelta(seconds=15 * 2 ** n) for n in range(MAX_TRANSIENT_FAILURES - 1)]
    delivery = m.delivery(view.id)
    assert (delivery.status, delivery.failure_code) == ("failed", "transient")
    assert reason in delivery.last_error and delivery.attempts == MAX_TRANSIENT_FAILURES
    assert m.calls(network) == MAX_TRANSIENT_FAILURES and m.sandbox.ledger(network) == []
    assert "advocacy.share.failed" in audit_actions(m.db)
    m.run(at + timedelta(days=1))
    assert m.calls(network) == MAX_TRANSIENT_FAILURES  # failed is final
    m.check_ledger(view)


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_a_connection_dropped_after_the_post_is_retried_and_recorded_once(m, network):
    view = m.share(network)
    m.sandbox.fault(network, "drop")  # the post lands, the answer never comes

    m.run()
    delivery = m.delivery(view.id)
    assert delivery.status == "pending" and delivery.transient_failures == 1
    assert "closed the connection" in delivery.last_error
    assert delivery.scheduled_at == NOW + timedelta(seconds=15)
    [post] = m.sandbox.ledger(network)

    m.run(delivery.scheduled_at)  # the same frozen text again: the network says duplicate

    delivery = m.delivery(view.id)
    assert delivery.status == "sent" and delivery.last_error.startswith("duplicate")
    assert [p["id"] for p in m.sandbox.ledger(network)] == [post["id"]]
    assert m.sandbox.ledger(network)[0]["duplicate_attempts"] == 1
    assert delivery.external_id == (post["id"] if network == "linkedin" else None)
    m.check_ledger(view)


# other 4xx -----------------------------------------------------------------------------------

@pytest.mark.parametrize("network, status, reason", [
    ("x", 400, "X refused the post (HTTP 400): One or more parameters"),
    ("x", 403, "X refused the post (HTTP 403): You are not permitted"),
    ("linkedin", 403, "LinkedIn does not let this account post through Comptoir"),
    ("linkedin", 422, "LinkedIn refused the post (HTTP 422): ERROR :: /commentary"),
])
def test_other_client_errors_fail_at_once_with_a_reason(m, network, status, reason):
    view = m.share(network)
    m.sandbox.fault(network, "status", status=status)

    m.run()

    delivery = m.delivery(view.id)
    assert (delivery.status, delivery.failure_code) == ("failed", "rejected")
    assert reason in delivery.last_error and delivery.attempts == 1
    assert "advocacy.share.failed" in audit_actions(m.db)
    m.run(NOW + timedelta(days=1))
    assert m.calls(network) == 1 and m.sandbox.ledger(network) == []
    m.check_ledger(view)


# 402, 426 ------------------------------------------------------------------------------------

def test_402_on_x_pauses_x_for_the_firm_and_alerts_the_admin(m):
    lea = m.share("x")
    paul = sharing.share_now(m.db, m.world.paul, lea.proposal_id, "x", base_url=BASE_URL,
                             now=NOW)
    elsewhere = sharing.share_now(m.db, m.world.paul, lea.proposal_id, "linkedin",
                                  base_url=BASE_URL, now=NOW)
    m.sandbox.fault("x", "status", status=402)

    m.drain()

    [pause] = pauses.active_pauses(m.db, m.world.admin)
    assert pause.network == "x" and "paid" in pause.reason
    assert "advocacy.network.paused" in audit_actions(m.db)
    assert m.calls("x") == 1  # Paul's share waited without a call
    assert {m.delivery(v.id).status for v in (lea, paul)} == {"pending"}
    assert m.delivery(elsewhere.id).status == "sent"  # LinkedIn goes on

    pauses.resume_network(m.db, m.world.admin, "x", now=NOW)
    m.drain(NOW + timedelta(minutes=1))

    assert {m.delivery(v.id).status for v in (lea, paul)} == {"sent"}
    assert len(m.sandbox.ledger("x")) == 2
    m.check_ledger(lea, paul, elsewhere)


def test_426_on_linkedin_pauses_linkedin_until_the_version_is_fixed(m, clean_database):
    # An API version LinkedIn no longer (or not yet) serves: its real 426, not a fault.
    m.runtime = sandbox_runtime(clean_database, m.sandbox, linkedin_version="209912")
    lea = m.share("linkedin")
    paul = sharing.share_now(m.db, m.world.paul, lea.proposal_id, "linkedin",
                             base_url=BASE_URL, now=NOW)

    m.drain()

    [pause] = pauses.active_pauses(m.db, m.world.admin)
    assert pause.network == "linkedin" and "209912" in pause.reason
    assert "advocacy.network.paused" in audit_actions(m.db)
    assert m.calls("linkedin") == 1
    assert {m.delivery(v.id).status for v in (lea, paul)} == {"pending"}

    m.runtime = sandbox_runtime(clean_database, m.sandbox)  # COMPTOIR_LINKEDIN_VERSION fixed
    pauses.resume_network(m.db, m.world.admin, "linkedin", now=NOW)
    m.drain(NOW + timedelta(minutes=1))

    for view, name in ((lea, "lea"), (paul, "paul")):
        delivery = m.delivery(view.id)
        [post] = posts_of(m.sandbox, delivery, m.tokens[name, "linkedin"]["member_id"])
        assert delivery.status == "sent" and delivery.external_id == post["id"]
    m.check_ledger(lea, paul)
