"""Forgetting a person's counters (they were erased): their keys go, everyone else's stay,
in the database and in Redis alike."""

from __future__ import annotations

import pytest

from core.rate_limits import Unlimited
from core.rate_limits.redis import RedisRateLimiter
from core.rate_limits.sql import SqlRateLimiter
from tests.rate_limit_support import drop_prefix, redis_client, unique_prefix


@pytest.fixture(params=["sql", "redis"])
def limiter(request, clean_database):
    if request.param == "sql":
        yield SqlRateLimiter(clean_database)
        return
    client, prefix = redis_client(), unique_prefix()
    yield RedisRateLimiter(client, prefix=prefix)
    drop_prefix(client, prefix)


def test_forgetting_a_person_drops_their_counters_only(limiter):
    for key in ("user:7:comment:60", "user:7:post:60", "email:ab12:sign_in:300",
                "user:70:comment:60", "tenant:1:comment:60"):
        limiter.hit(key, 1, 60)
    assert limiter.forget(["user:7:", "email:ab12:"]) == 3
    assert limiter.hit("user:7:comment:60", 1, 60).allowed  # counted afresh
    assert limiter.hit("user:70:comment:60", 1, 60).allowed is False  # kept its first hit
    assert limiter.hit("tenant:1:comment:60", 1, 60).allowed is False


def test_prefixes_are_taken_literally(limiter):
    limiter.hit("user:1_:x:60", 5, 60)
    limiter.hit("user:12:x:60", 5, 60)
    assert limiter.forget(["user:1_:"]) == 1


def test_nothing_to_forget_when_nothing_is_counted():
    assert Unlimited().forget(["user:1:"]) == 0
