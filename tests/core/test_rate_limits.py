"""The limiter itself, on every backend: the limit syntax, fixed windows, Retry-After,
and concurrent hits never letting more through than the limit."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from core.rate_limits import (DEFAULT_LIMITS, DEFAULT_TENANT_LIMITS, WRITE_ACTIONS, Hit, Limit,
                              parse_limits)
from core.rate_limits.redis import RedisRateLimiter
from core.rate_limits.sql import RateCounter, SqlRateLimiter
from tests.rate_limit_support import drop_prefix, redis_client, unique_prefix


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):  # a multiple of every test window
        self.now = now

    def __call__(self) -> float:
        return self.now


# ---- the syntax -------------------------------------------------------------------------

def test_the_syntax_reads_counts_and_windows_over_the_defaults():
    limits = parse_limits("comment=5/30s, post=2/h,reaction=off", defaults=DEFAULT_LIMITS)
    assert limits["comment"] == Limit(5, 30)
    assert limits["post"] == Limit(2, 3600)
    assert limits["reaction"] is None
    assert limits["sign_in"] == Limit(10, 300)  # not named: the default stays
    assert parse_limits("proposal=3/2d")["proposal"] == Limit(3, 2 * 86400)


def test_off_lifts_every_limit():
    assert set(parse_limits("off", defaults=DEFAULT_LIMITS).values()) == {None}


@pytest.mark.parametrize("spec", ["coment=5/1m", "comment=5", "comment=0/1m", "comment=5/0m",
                                  "comment=5/1y", "comment"])
def test_a_typo_is_refused_rather_than_limiting_nothing(spec):
    with pytest.raises(ValueError):
        parse_limits(spec)


def test_firm_limits_name_write_actions_only():
    assert set(parse_limits(DEFAULT_TENANT_LIMITS, actions=WRITE_ACTIONS)) == set(WRITE_ACTIONS)
    with pytest.raises(ValueError):
        parse_limits("sign_in=5/1m", actions=WRITE_ACTIONS)


# ---- the backends -----------------------------------------------------------------------

@pytest.fixture(params=["sql", "redis"])
def limiter(request, clean_database):
    clock = Clock()
    if request.param == "sql":
        yield SqlRateLimiter(clean_database, clock=clock)
        return
    client, prefix = redis_client(), unique_prefix()
    yield RedisRateLimiter(client, clock=clock, prefix=prefix)
    drop_prefix(client, prefix)


def test_a_key_gets_its_limit_then_waits_for_the_next_window(limiter):
    clock = limiter.clock
    answers = [limiter.hit("user:1:comment", 3, 60) for _ in range(4)]
    assert [answer.allowed for answer in answers] == [True, True, True, False]
    assert answers[-1].retry_after == 60
    clock.now += 45
    refused = limiter.hit("user:1:comment", 3, 60)
    assert not refused.allowed and refused.retry_after == 15
    clock.now += 15  # the next window
    assert limiter.hit("user:1:comment", 3, 60).allowed


def test_keys_are_counted_apart(limiter):
    for _ in range(2):
        assert limiter.hit("user:1:post", 2, 60).allowed
    assert not limiter.hit("user:1:post", 2, 60).allowed
    assert limiter.hit("user:2:post", 2, 60).allowed


def test_a_request_is_refused_when_either_of_its_counters_is_spent(limiter):
    firm = Hit("tenant:7:comment", 3, 60)
    for person in ("user:1", "user:2", "user:3"):
        assert limiter.hit_all([Hit(f"{person}:comment", 10, 60), firm]).allowed
    refused = limiter.hit_all([Hit("user:4:comment", 10, 60), firm])
    assert not refused.allowed and refused.retry_after == 60
    assert limiter.hit_all([Hit("user:5:comment", 10, 60), Hit("tenant:8:comment", 3, 60)]).allowed


def test_concurrent_hits_never_let_more_than_the_limit_through(limiter, dialect):
    if isinstance(limiter, SqlRateLimiter) and dialect == "sqlite":
        pytest.skip("SQLite has a single writer: tests/server/test_rate_limits_processes.py covers it")
    allowed, lock = [], threading.Lock()

    def hammer():
        for _ in range(10):
            answer = limiter.hit_all([Hit("user:9:reaction", 25, 60), Hit("tenant:1:reaction", 1000, 60)])
            with lock:
                allowed.append(answer.allowed)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 80 and allowed.count(True) == 25


# ---- the SQL counters -----------------------------------------------------------------

def test_one_statement_per_hit_and_one_row_per_key(clean_database, count_statements):
    clock = Clock()
    limiter = SqlRateLimiter(clean_database, clock=clock)
    with count_statements() as counter:
        limiter.hit_all([Hit("user:1:comment", 5, 60), Hit("tenant:1:comment", 50, 60)])
    assert counter.count == 1
    for _ in range(3):
        clock.now += 60
        limiter.hit_all([Hit("user:1:comment", 5, 60), Hit("tenant:1:comment", 50, 60)])
    with clean_database.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(RateCounter)) == 2
        assert connection.scalar(select(RateCounter.hits).where(RateCounter.key == "user:1:comment")) == 1


def test_a_lagging_clock_counts_in_the_current_window(clean_database):
    ahead, behind = Clock(), Clock()
    ahead.now += 60
    SqlRateLimiter(clean_database, clock=ahead).hit("user:1:post", 2, 60)
    lagging = SqlRateLimiter(clean_database, clock=behind)
    assert lagging.hit("user:1:post", 2, 60).allowed
    assert not lagging.hit("user:1:post", 2, 60).allowed


def test_windows_long_over_are_purged(clean_database):
    clock = Clock()
    limiter = SqlRateLimiter(clean_database, clock=clock)
    limiter.hit("ip:a:sign_in", 5, 300)
    limiter.hit("user:1:proposal", 5, 3600)
    clock.now += 600
    assert limiter.purge() == 1  # the sign-in window is over, the proposal one is not
    with clean_database.engine.connect() as connection:
        assert connection.scalars(select(RateCounter.key)).all() == ["user:1:proposal"]
