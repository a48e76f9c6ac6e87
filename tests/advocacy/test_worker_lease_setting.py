"""COMPTOIR_DELIVERY_LEASE_SECONDS: how long a worker holds a claimed delivery.

Five minutes unless set; tests that kill a worker set seconds. A claim holds its row
exactly that long: before, no other worker takes it; after, any does.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from advocacy.worker import LEASE, DeliveryJob
from core.config import ConfigurationError, load_settings
from tests.advocacy.worker_support import setup, shared
from tests.advocacy.world import NOW


def settings(instance_path, **environ):
    return load_settings(environ={"COMPTOIR_INSTANCE_PATH": str(instance_path), **environ})


def test_five_minutes_unless_set(instance_path):
    assert settings(instance_path).delivery_lease_seconds == LEASE.total_seconds() == 300
    assert settings(instance_path, COMPTOIR_DELIVERY_LEASE_SECONDS="7") \
        .delivery_lease_seconds == 7


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_lease_must_last_at_least_a_second(instance_path, value):
    with pytest.raises(ConfigurationError, match="COMPTOIR_DELIVERY_LEASE_SECONDS"):
        settings(instance_path, COMPTOIR_DELIVERY_LEASE_SECONDS=value)


def test_the_job_claims_for_the_runtime_s_lease(db, clean_database):
    s = setup(db, clean_database)
    _, view = shared(db, s)

    def die(*_args, **_kwargs):
        raise SystemExit("killed")  # not an Exception: the job does not catch it

    s.x.publish = die
    job = DeliveryJob(publishers=s.job.publishers, cipher=s.job.cipher)  # no lease given
    runtime = SimpleNamespace(database=clean_database,
                              settings=SimpleNamespace(delivery_lease_seconds=7))
    db.commit()
    with pytest.raises(SystemExit):  # claimed, then the process died mid-publish
        job.run_due(runtime, NOW)

    claimed = s.delivery(db, view.id)
    assert (claimed.status, claimed.lease_until) == ("claimed", NOW + timedelta(seconds=7))
