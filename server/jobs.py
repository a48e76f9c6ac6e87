"""The jobs the worker runs, assembled from the layers that define them."""

from __future__ import annotations

from advocacy.notices.job import SharingNoticesJob
from advocacy.offboarding.directory import PeopleLeavingJob
from advocacy.worker import DeliveryJob
from core.runtime import Runtime
from core.worker import Job
from social.digests.job import DigestJob


def worker_jobs(runtime: Runtime) -> list[Job]:
    """Every background job of this deployment, in the order they run each round."""
    return [DigestJob(), DeliveryJob(), PeopleLeavingJob(), SharingNoticesJob()]
