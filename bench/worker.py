"""Delivery worker throughput against the sandbox X, and its own cost per delivery.

A firm of 50 people, each with an X account on the sandbox (tests/fakes/sandbox.py,
its API answering after 50 ms), shares an approved post through the services;
those deliveries are then cloned (one approved proposal per round, a distinct
text each so X's duplicate check stays out of the way) up to the number wanted.
Then `python main.py worker --drain` runs in 1, then 4 processes, in production
settings, until the outbox is empty.

Throughput is read from the sandbox's ledger (when each post arrived), so the
processes' start-up does not count. The worker's own cost per delivery is the
median gap between consecutive publishes of the single process, less the median
time of publishing directly with the same adapter (the sandbox's 50 ms and its
own handling): what remains is claiming, loading, checking, recording.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from typing import Any, Callable

from sqlalchemy import insert, update

from advocacy.models import Delivery, Proposal
from advocacy.services import accounts, approvals, proposals, rules as rule_service, sharing
from bench import db as databases
from bench.identity import BASE_URL, Deployment
from core.clock import utcnow
from core.config import PROJECT_ROOT, load_settings
from core.runtime import Runtime
from integrations.networks import Credentials, Network
from social.actor import Actor
from social.services import people, posts, spaces
from tests.fakes.sandbox import SandboxServer

PEOPLE = 50
LATENCY_MS = 50
RULES = {"approval": {"by": "admins"}, "offer_days": 7,
         "networks": {"x": {"enabled": True, "hashtags": ["Comptoir"]},
                      "linkedin": {"enabled": False}}}


def _world(runtime: Runtime, sandbox: SandboxServer) -> tuple[int, list[int]]:
    """The firm, its accounts and one approved, shared post; (proposal id, delivery ids)."""
    cipher = runtime.token_cipher
    with runtime.database.session(write=True) as db:
        actors = []
        for number in range(PEOPLE):
            user = people.enroll_user(db, people.Identity(
                subject=f"worker-{number}", email=f"personne{number}@firme-worker.fr",
                domain="firme-worker.fr", name=f"Personne {number}"))
            actors.append(Actor.of(user))
        admin = actors[0]
        rule_service.set_rules(db, admin, RULES)
        space = spaces.create_space(db, admin, name="Communication", description="",
                                    kind="professional", visibility="public")
        for actor in actors[1:]:
            spaces.invite_member(db, admin, space.id, actor.user_id)
        for actor in actors:
            account = sandbox.account("x", f"personne{actor.user_id}", f"Personne {actor.user_id}")
            accounts.connect_account(db, actor, "x", member_id=account["member_id"],
                                     display_name=account.get("name", ""),
                                     access_token=account["access_token"],
                                     refresh_token=account.get("refresh_token"),
                                     expires_at=None, cipher=cipher)
        post = posts.create_post(db, admin, space.id, "Notre nouveau guide du réemploi est "
                                 "en ligne : retours bienvenus ! #réemploi")
        proposal = proposals.propose_share(db, admin, post.id, base_url=BASE_URL)
        approvals.approve(db, admin, proposal.id, base_url=BASE_URL)
        deliveries = [sharing.share_now(db, actor, proposal.id, "x", base_url=BASE_URL).id
                      for actor in actors]
    # The services spread colleagues' shares of one post over minutes: these rows serve
    # as templates only (their text, link, approval), and are set aside.
    with runtime.database.system_session() as db:
        db.execute(update(Delivery).where(Delivery.id.in_(deliveries))
                   .values(status="cancelled", closed_at=utcnow()))
        db.commit()
    return proposal.id, deliveries


def _clone(runtime: Runtime, proposal_id: int, templates: list[int], wanted: int,
           round_: int) -> int:
    """`wanted` pending deliveries due now, copies of the template ones on copied proposals."""
    now = utcnow()
    made = 0
    with runtime.database.system_session() as db:
        original = db.get(Proposal, proposal_id)
        rows = [db.get(Delivery, delivery_id) for delivery_id in templates]
        columns = [c.key for c in Proposal.__table__.columns if c.key != "id"]
        copy_number = 0
        while made < wanted:
            copy_number += 1
            values = {key: getattr(original, key) for key in columns}
            new_id = db.execute(insert(Proposal).values(**values).returning(Proposal.id)
                                ).scalar_one()
            batch = []
            for row in rows[:wanted - made]:
                batch.append(dict(
                    tenant_id=row.tenant_id, proposal_id=new_id, user_id=row.user_id,
                    network=row.network, account_id=row.account_id, origin=row.origin,
                    text=f"{row.text} ({round_}.{copy_number})", link_url=row.link_url,
                    link_title=row.link_title, link_description=row.link_description,
                    approved_hash=row.approved_hash, rules_version=row.rules_version,
                    scheduled_at=now - timedelta(seconds=1), expires_at=row.expires_at,
                    status="pending", attempts=0, transient_failures=0, last_error="",
                    idempotency_key=uuid.uuid4().hex, created_at=now, updated_at=now))
            db.execute(insert(Delivery), batch)
            made += len(batch)
        db.commit()
    return made


def _analyze(runtime: Runtime) -> None:
    """Planner statistics for the fresh outbox, as autovacuum keeps them in production:
    without them PostgreSQL takes the thousands of cloned rows for one, and each claim
    sorts them all instead of reading its queue index in order."""
    if runtime.database.dialect != "postgresql":
        return
    with runtime.database.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE advocacy_deliveries, advocacy_accounts, "
                                   "advocacy_network_pauses, advocacy_proposals")
        connection.commit()


def _direct_publish_ms(runtime: Runtime, sandbox: SandboxServer, samples: int = 20) -> float:
    """What one publish costs without the worker: the adapter straight to the sandbox."""
    publisher = runtime.publishers[Network.X]
    account = sandbox.account("x", "mesure-directe", "Mesure")
    credentials = Credentials(access_token=account["access_token"], member_id=account["member_id"])
    timings = []
    for number in range(samples):
        started = time.perf_counter()
        publisher.publish(credentials, f"Mesure directe {number} {uuid.uuid4().hex[:6]}", None)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _outbox(runtime: Runtime) -> dict[str, Any]:
    """Deliveries by status, and a few errors: why any did not go out."""
    from sqlalchemy import func, select

    with runtime.database.system_session(write=False) as db:
        statuses = dict(db.execute(select(Delivery.status, func.count())
                                   .group_by(Delivery.status)).all())
        errors = list(db.scalars(select(Delivery.last_error).where(Delivery.last_error != "")
                                 .distinct().limit(3)))
    return {"statuses": statuses, "errors": errors}


def _drain(deployment: Deployment, processes: int) -> float:
    environment = {**os.environ, **deployment.environment()}
    started = time.monotonic()
    workers = [subprocess.Popen([sys.executable, "main.py", "worker", "--drain"],
                                cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
               for _ in range(processes)]
    try:
        for worker in workers:
            _, errors = worker.communicate(timeout=600)
            if worker.returncode != 0:
                raise RuntimeError(f"worker exited with {worker.returncode}: {errors[-2000:]}")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    return time.monotonic() - started


def measure_worker(options, echo: Callable[[str], None]) -> dict[str, Any]:
    # A database of its own, made afresh: the outbox starts empty every time.
    name = f"{options.db_name}_worker" if options.db_name and options.database == "postgresql" \
        else None
    target = databases.target(options.database, "worker", name, options.workdir)
    databases.recreate(target)
    with SandboxServer() as sandbox:
        sandbox.latency("x", LATENCY_MS)
        settings = {"COMPTOIR_" + key.upper(): value for key, value in sandbox.settings().items()}
        deployment = Deployment(database_url=target.url, certs_url=sandbox.url + "/unused",
                                api_url=sandbox.url, extra=tuple(settings.items()))
        runtime = Runtime.build(load_settings(overrides=deployment.overrides()))
        try:
            proposal_id, templates = _world(runtime, sandbox)
            sandbox_ms = _direct_publish_ms(runtime, sandbox)
            by_processes: dict[str, Any] = {}
            for round_, processes in enumerate((1, 4), start=1):
                seen = len(sandbox.ledger("x"))
                count = _clone(runtime, proposal_id, templates, options.worker_deliveries,
                               round_)
                wall = _drain(deployment, processes)
                arrived = sorted(post["created_at"] for post in sandbox.ledger("x")[seen:])
                span = arrived[-1] - arrived[0] if len(arrived) > 1 else wall
                gaps = [b - a for a, b in zip(arrived, arrived[1:])]
                by_processes[str(processes)] = {
                    "deliveries": len(arrived), "expected": count,
                    "outbox": _outbox(runtime), "seconds": round(span, 2),
                    "wall_seconds": round(wall, 2),
                    "per_second": round((len(arrived) - 1) / span, 1) if span else 0.0,
                    "median_gap_ms": round(statistics.median(gaps) * 1000, 1) if gaps else None}
                echo(f"  delivery worker x{processes}: "
                     f"{by_processes[str(processes)]['per_second']} deliveries/s")
        finally:
            runtime.database.dispose()
            if options.db_name:
                databases.drop(target)
    one, four = by_processes["1"], by_processes["4"]
    return {"sandbox_latency_ms": LATENCY_MS, "sandbox_ms": round(sandbox_ms, 1),
            "by_processes": by_processes,
            "scaling": round(four["per_second"] / one["per_second"], 2)
            if one["per_second"] else None,
            "overhead_ms": round(one["median_gap_ms"] - sandbox_ms, 1)
            if one["median_gap_ms"] is not None else None}
