"""The job as the worker command runs it: registered, and fed by the runtime."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from advocacy.worker import DeliveryJob
from integrations.networks import Network
from server.jobs import worker_jobs
from tests.advocacy.fakes import FakeNetwork, FakeRefresher
from tests.advocacy.world import CIPHER, NOW
from tests.advocacy.worker_support import setup, shared


@pytest.fixture
def s(db, clean_database):
    return setup(db, clean_database)


def test_the_worker_command_runs_the_delivery_job():
    jobs = worker_jobs(SimpleNamespace())
    assert [job.name for job in jobs if isinstance(job, DeliveryJob)] == ["deliveries"]


def test_the_job_takes_publishers_cipher_and_refresher_from_the_runtime(db, s):
    _, view = shared(db, s)
    x = FakeNetwork(Network.X, valid_tokens=set())
    refresher = FakeRefresher(x)
    runtime = SimpleNamespace(database=s.database, publishers={Network.X: x},
                              token_cipher=CIPHER, x_oauth=SimpleNamespace(refresh=refresher))
    db.commit()

    assert DeliveryJob().run_due(runtime, NOW) >= 1

    assert s.delivery(db, view.id).status == "sent"
    assert [post.token for post in x.ledger] == ["x-access-refreshed-1"]


def test_without_publishers_nothing_is_claimed_but_expired_shares_still_close(db, s):
    proposal, view = shared(db, s)
    runtime = SimpleNamespace(database=s.database)
    db.commit()
    job = DeliveryJob()

    assert job.run_due(runtime, NOW) == 0
    assert s.delivery(db, view.id).status == "pending"

    job.run_due(runtime, proposal.expires_at + timedelta(minutes=1))
    assert s.delivery(db, view.id).status == "cancelled"
