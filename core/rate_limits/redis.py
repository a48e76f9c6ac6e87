"""Rate-limit counters in Redis: INCR and EXPIRE of every key of a request in one
MULTI/EXEC round trip.

Each window has its own key (the window's start is part of it), created by the first
INCR and expiring with the window, so Redis forgets counters by itself. INCR is
atomic, so the processes sharing a Redis never both take the last place.

When Redis does not answer, requests are let through (and the failure logged): the
limits protect Comptoir from floods, and should not turn a Redis outage into an
outage of every write.
"""

from __future__ import annotations

import logging
import time
from typing import Callable, Sequence

from core.rate_limits import ALLOWED, Decision, Hit, RateLimiter, decide, window_start

log = logging.getLogger(__name__)

PREFIX = "comptoir:rl:"


class RedisRateLimiter(RateLimiter):
    def __init__(self, client, clock: Callable[[], float] = time.time, prefix: str = PREFIX):
        self.client = client  # a redis.Redis
        self.clock = clock
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, **options) -> "RedisRateLimiter":
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2,
                                      health_check_interval=30)
        return cls(client, **options)

    def hit_all(self, hits: Sequence[Hit], **options) -> Decision:
        import redis

        if not hits:
            return ALLOWED
        now = self.clock()
        keys = [f"{self.prefix}{hit.key}:{window_start(now, hit.window)}" for hit in hits]
        pipeline = self.client.pipeline(transaction=True)
        for key, hit in zip(keys, hits):
            pipeline.incr(key)
            # +1: a process whose clock runs a little ahead still finds the key there.
            pipeline.expire(key, hit.window + 1)
        try:
            replies = pipeline.execute()
        except redis.RedisError as error:
            log.warning("rate limits not checked, Redis did not answer: %s",
                        type(error).__name__)
            return ALLOWED
        counts = {hit.key: int(replies[2 * index]) for index, hit in enumerate(hits)}
        return decide(hits, counts, now)

    def forget(self, prefixes: Sequence[str]) -> int:
        """Raises when Redis does not answer: an erasure must know it did not happen."""
        forgotten = 0
        for prefix in prefixes:
            keys = list(self.client.scan_iter(match=_glob_escaped(self.prefix + prefix) + "*",
                                              count=500))
            if keys:
                forgotten += self.client.delete(*keys)
        return forgotten


def _glob_escaped(text: str) -> str:
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)
