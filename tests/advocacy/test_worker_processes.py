"""Real `python main.py worker` processes against the sandbox: one killed in the middle of
a publish, and four sharing a backlog of 1,000 deliveries on PostgreSQL.

The argument of advocacy/worker.py ("Why nothing is lost", "Why nothing is published
twice") checked with processes the operating system kills, on a real database, with
the networks' own duplicate checks, not with an exception raised in a test.
"""

from __future__ import annotations

import os
import re
import signal
import uuid

import pytest
from sqlalchemy import func, select

from advocacy.models import Delivery, DeliveryStatus, Proposal, SocialAccount, TrackedLink
from advocacy.rules import Employee, check
from advocacy.services import inputs, pauses, sharing
from advocacy.services.rules import current_rules
from core.clock import utcnow
from social.models import Post
from tests.advocacy.sandbox_support import (BASE_URL, connect_through_control, sandbox_runtime,
                                            stored, wait_for, worker_environment,
                                            worker_processes)
from tests.advocacy.world import approved, build_world
from tests.factories import make_person
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures
from tests.social.conftest import building_session

# COMPTOIR_DELIVERY_LEASE_SECONDS for these workers (5 minutes by default): long enough
# for a second worker to start and be seen waiting, short enough for a quick test.
LEASE_SECONDS = 5
POLL = "0.1"       # seconds between a worker's idle rounds


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_a_worker_killed_in_the_middle_of_a_publish_is_finished_by_another_after_the_lease(
        db, clean_database, database_url, sandbox_server, tmp_path, network):  # noqa: F811
    with building_session(clean_database) as building:
        world = build_world(building)
    runtime = sandbox_runtime(clean_database, sandbox_server)
    now = utcnow()  # worker processes read the real clock
    lea = connect_through_control(db, runtime.token_cipher, sandbox_server, world.lea, network,
                                  "lea", now)
    proposal = approved(db, world, "Le rapport annuel est publié", now=now)
    view = sharing.share_now(db, world.lea, proposal.id, network, base_url=BASE_URL, now=now)
    db.commit()
    # The network publishes, then holds its answer: the worker is inside the call.
    sandbox_server.fault(network, "stall", seconds=120)
    env = worker_environment(database_url, sandbox_server, tmp_path,
                             COMPTOIR_DELIVERY_LEASE_SECONDS=str(LEASE_SECONDS))

    with worker_processes(env, tmp_path) as workers:
        first = workers.start("--poll", POLL)
        [post] = wait_for(lambda: sandbox_server.ledger(network), "the post in the ledger")
        held = stored(db, Delivery, view.id)
        assert held.status == "claimed" and held.attempts == 1  # no answer yet
        lease_until = held.lease_until
        # Another worker is up (polling) before this one dies: it waits for the lease.
        second = workers.start("--poll", POLL)
        wait_for(lambda: "Worker started" in workers.output(second), "the second worker")
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL

        wait_for(lambda: stored(db, Delivery, view.id).status != "claimed",
                 "another worker to take the delivery over", timeout=120)

    delivery = stored(db, Delivery, view.id)
    assert delivery.status == "sent" and delivery.attempts == 2
    assert delivery.sent_at > lease_until  # taken over only once the lease ran out
    [again] = sandbox_server.ledger(network)  # one post: the retry met the duplicate check
    assert again["id"] == post["id"] and again["author"] == lea["member_id"]
    assert again["text"] == delivery.text and again["duplicate_attempts"] == 1
    # LinkedIn's duplicate answer names the first post; X's does not.
    assert delivery.external_id == (post["id"] if network == "linkedin" else None)


PEOPLE, POSTS = 50, 10  # x 2 networks: 1,000 deliveries
WORKERS = 4


@pytest.fixture
def postgresql_only(dialect):
    if dialect != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED across worker processes is PostgreSQL's; SQLite "
                    "runs one process (CI runs this in its PostgreSQL pass)")


def test_four_workers_publish_a_thousand_deliveries_each_exactly_once(
        postgresql_only, db, clean_database, database_url, sandbox_server,  # noqa: F811
        tmp_path):
    now = utcnow()
    with building_session(clean_database) as building:  # fast commits
        world = build_world(building)
        runtime = sandbox_runtime(clean_database, sandbox_server)
        people = [make_person(building, world.firm, f"Personne {n}") for n in range(PEOPLE)]
        members = {}
        for number, person in enumerate(people):
            for network in ("x", "linkedin"):
                members[person.user_id, network] = connect_through_control(
                    building, runtime.token_cipher, sandbox_server, person, network,
                    f"p{number}-{network}", now)["member_id"]
        # Held back until every worker is up, so that all four compete for the backlog.
        for network in ("x", "linkedin"):
            pauses.pause_network(building, world.firm.tenant_id, network, "test: held", now)
        # A link in each post: each person's text carries their own tracked link, so every
        # one of the 1,000 texts is different and a duplicate would show.
        proposals = [approved(building, world, f"Publication n°{n} : "
                              f"https://comptoir.fr/rapport/{n}", now=now) for n in range(POSTS)]
        write_outbox(building, [p.id for p in proposals], people, now)
    texts = {(members[d.user_id, d.network], d.text) for d in db.scalars(select(Delivery))}
    db.commit()
    assert len(texts) == PEOPLE * POSTS * 2
    for network in ("x", "linkedin"):
        sandbox_server.latency(network, 5)  # calls in flight overlap across workers
    env = worker_environment(database_url, sandbox_server, tmp_path)

    with worker_processes(env, tmp_path) as workers:
        started = [workers.start("--poll", POLL) for _ in range(WORKERS)]
        wait_for(lambda: all("Worker started" in workers.output(p) for p in started),
                 "the four workers to start")
        for network in ("x", "linkedin"):
            pauses.resume_network(db, world.admin, network)
        wait_for(lambda: not unfinished(db), "every delivery to be published", timeout=150,
                 interval=0.5)
        workers.stop_all()
        logs = [workers.output(p) for p in started]

    assert [p.returncode for p in started] == [0] * WORKERS, logs
    assert not any("Traceback" in log for log in logs), logs
    assert all(re.search(r"deliveries: \d+ processed", log) for log in logs), logs  # all took part
    rows = db.scalars(select(Delivery)).all()
    db.commit()
    assert {row.status for row in rows} == {"sent"} and len(rows) == len(texts)
    assert {row.attempts for row in rows} == {1}  # no delivery was claimed twice
    ledger = sandbox_server.ledger("x") + sandbox_server.ledger("linkedin")
    assert len(ledger) == len(texts)  # exactly 1,000 posts
    assert {(post["author"], post["text"]) for post in ledger} == texts
    assert {post["duplicate_attempts"] for post in ledger} == {0}  # none was sent twice
    assert {row.external_id for row in rows} == {post["id"] for post in ledger}


def write_outbox(db, proposal_ids, people, now) -> None:
    """The outbox as everyone sharing every post on both networks leaves it, in one
    transaction: each row holds the rule check's own text for that person (their tracked
    links), as outbox.enqueue_share writes it. Through share_now, one by one, the same
    rows take about a minute to write here; the gate and the check have their own tests,
    and the worker checks the gate again before each publish."""
    accounts = {(a.user_id, a.network): a.id for a in db.scalars(select(SocialAccount))}
    for proposal_id in proposal_ids:
        proposal = db.scalar(select(Proposal).where(Proposal.id == proposal_id))
        post = db.scalar(select(Post).where(Post.id == proposal.post_id))
        rules = current_rules(db, proposal.tenant_id)
        source = inputs.share_source(db, proposal, post, base_url=BASE_URL)
        for person in people:
            for network in ("x", "linkedin"):
                decision = check(source, rules, network, Employee(person.user_id), now)
                assert not decision.blocked, decision.findings
                delivery = Delivery(
                    tenant_id=proposal.tenant_id, proposal_id=proposal.id,
                    user_id=person.user_id, network=network,
                    account_id=accounts[person.user_id, network], origin="offer",
                    text=decision.text, link_url=decision.card.url if decision.card else None,
                    link_title=decision.card.title if decision.card else None,
                    approved_hash=proposal.approved_hash, rules_version=rules.version,
                    scheduled_at=now, expires_at=proposal.expires_at, status="pending",
                    idempotency_key=uuid.uuid4().hex, created_at=now, updated_at=now)
                db.add(delivery)
                db.flush()
                db.add_all(TrackedLink(tenant_id=proposal.tenant_id, code=link.code,
                                       delivery_id=delivery.id, target=link.target,
                                       created_at=now) for link in decision.links)
    db.commit()


def unfinished(db) -> int:
    count = db.scalar(select(func.count()).select_from(Delivery).where(
        Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.CLAIMED))))
    db.commit()
    return count
