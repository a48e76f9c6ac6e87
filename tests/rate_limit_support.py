"""Redis for the rate-limit tests: the local server, required in CI, skipped elsewhere."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.conftest import IN_CI

REDIS_URL = os.environ.get("COMPTOIR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if IN_CI:
            pytest.fail(f"Redis is required in CI and is not reachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return client


def unique_prefix() -> str:
    """Keys of one test only: tests run in parallel against one Redis."""
    return f"comptoir-test:{uuid.uuid4().hex[:12]}:"


def drop_prefix(client, prefix: str) -> None:
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
