"""Google's signing certificates: fetched once, kept as long as Google says, refreshed when needed.

Time moves through the cache's `clock`; fetches are counted where they land,
at the fake Google.
"""

from __future__ import annotations

import json
import threading

import pytest
from flask import Flask, Response

from integrations.google.certs import (DEFAULT_MAX_AGE, RETRY_AFTER_FAILURE, CertsCache,
                                       CertsUnavailable, ChainedCerts, StaticCerts)
from integrations.google.local_keys import LocalSigningKey
from tests.fakes.server import LoopbackServer
from tests.support import free_port


def cache_for(google, clock, **options) -> CertsCache:
    return CertsCache(google.certs_url, clock=clock, **options)


def test_the_first_call_fetches_the_certificates_google_publishes(google, clock):
    certs = cache_for(google, clock).certs()

    assert certs == {google.key.key_id: google.key.certificate_pem}
    assert google.certs_fetches == 1


def test_a_hundred_calls_on_a_warm_cache_fetch_once(google, clock):
    cache = cache_for(google, clock)

    for _ in range(100):
        cache.certs()
        cache.certs_for(google.key.key_id)

    assert google.certs_fetches == 1


def test_concurrent_first_calls_fetch_once(google, clock):
    cache = cache_for(google, clock)
    start = threading.Barrier(16)
    answers = []

    def verify():
        start.wait()
        answers.append(cache.certs())

    threads = [threading.Thread(target=verify) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == 16 and all(google.key.key_id in certs for certs in answers)
    assert google.certs_fetches == 1


def test_certificates_are_kept_exactly_as_long_as_max_age_says(google, clock):
    google.certs_cache_control = "public, max-age=600, must-revalidate, no-transform"
    cache = cache_for(google, clock)
    cache.certs()

    clock.advance(599)
    cache.certs()
    assert google.certs_fetches == 1

    clock.advance(1)
    cache.certs()
    assert google.certs_fetches == 2


def test_after_expiry_the_next_call_sees_the_keys_google_publishes_now(google, clock):
    cache = cache_for(google, clock)
    cache.certs()
    new_key = google.rotate_key()

    clock.advance(3600)

    assert new_key.key_id in cache.certs()


@pytest.mark.parametrize("cache_control", [
    "no-store", "no-cache", "private, max-age=0", "no-cache, max-age=3600"])
def test_no_store_or_no_cache_means_every_call_fetches(google, clock, cache_control):
    google.certs_cache_control = cache_control
    cache = cache_for(google, clock)

    for _ in range(3):
        cache.certs()

    assert google.certs_fetches == 3


def test_without_cache_control_certificates_are_kept_for_the_default_time(google, clock):
    google.certs_cache_control = None
    cache = cache_for(google, clock)
    cache.certs()

    clock.advance(DEFAULT_MAX_AGE - 1)
    cache.certs()
    assert google.certs_fetches == 1

    clock.advance(1)
    cache.certs()
    assert google.certs_fetches == 2


def test_an_unknown_key_id_right_after_a_fetch_does_not_refetch(google, clock):
    cache = cache_for(google, clock, min_refresh_seconds=60)
    cache.certs()

    assert "unknown" not in cache.certs_for("unknown")
    assert google.certs_fetches == 1


def test_an_unknown_key_id_refreshes_early_at_most_once_per_min_refresh_seconds(google, clock):
    cache = cache_for(google, clock, min_refresh_seconds=60)
    cache.certs()
    clock.advance(60)

    for _ in range(10):
        cache.certs_for("unknown")
    assert google.certs_fetches == 2

    clock.advance(59)
    cache.certs_for("unknown")
    assert google.certs_fetches == 2

    clock.advance(1)
    cache.certs_for("unknown")
    assert google.certs_fetches == 3


def test_a_rotated_key_is_picked_up_before_the_cache_expires(google, clock):
    cache = cache_for(google, clock, min_refresh_seconds=60)
    cache.certs()
    clock.advance(60)
    old_key, new_key = google.key, google.rotate_key()

    certs = cache.certs_for(new_key.key_id)

    assert set(certs) == {old_key.key_id, new_key.key_id}
    assert google.certs_fetches == 2


def test_failure_with_nothing_cached_raises_certs_unavailable(google, clock):
    google.certs_fail_next = [500]

    with pytest.raises(CertsUnavailable):
        cache_for(google, clock).certs()


def test_an_unreachable_endpoint_with_nothing_cached_raises_certs_unavailable(clock):
    cache = CertsCache(f"http://127.0.0.1:{free_port()}/oauth2/v1/certs", clock=clock,
                       timeout=1.0)

    with pytest.raises(CertsUnavailable):
        cache.certs_for("any")


@pytest.mark.parametrize("body", [
    "<html>Service Unavailable</html>", '["a", "list"]', '{"kid": 42}', "null"])
def test_an_answer_that_is_not_a_map_of_pem_with_nothing_cached_raises(clock, body):
    with _ScriptedCerts([body]) as server:
        with pytest.raises(CertsUnavailable):
            CertsCache(server.certs_url, clock=clock).certs()


def test_failure_with_certificates_cached_keeps_serving_them_then_tries_again(google, clock):
    cache = cache_for(google, clock)
    known = dict(cache.certs())
    clock.advance(3600)
    google.certs_fail_next = [503]

    assert cache.certs() == known
    assert google.certs_fetches == 2

    clock.advance(RETRY_AFTER_FAILURE)
    new_key = google.rotate_key()
    assert new_key.key_id in cache.certs()
    assert google.certs_fetches == 3


def test_a_malformed_answer_with_certificates_cached_keeps_serving_them(clock):
    key = LocalSigningKey("k1")
    with _ScriptedCerts([json.dumps(key.certs()), '["not", "a", "map"]']) as server:
        cache = CertsCache(server.certs_url, clock=clock)
        cache.certs()
        clock.advance(3600)

        assert cache.certs() == key.certs()


def test_while_google_fails_unknown_key_ids_do_not_hammer_it(google, clock):
    cache = cache_for(google, clock, min_refresh_seconds=60)
    cache.certs()
    clock.advance(3600)
    google.certs_fail_next = [503] * 50

    for attempt in range(20):
        cache.certs_for(f"forged-{attempt}")

    assert google.certs_fetches == 2


def test_static_certs_answer_their_map_whatever_the_key_id():
    key = LocalSigningKey("dev")
    published = key.certs()
    static = StaticCerts(published)
    published.clear()

    assert static.certs_for("dev") == key.certs()
    assert static.certs_for("other") == key.certs()
    assert static.certs_for(None) == key.certs()


def test_chained_certs_ask_the_next_source_when_the_first_does_not_know_the_key():
    development, google = LocalSigningKey("dev"), LocalSigningKey("google")
    chain = ChainedCerts(StaticCerts(development.certs()), StaticCerts(google.certs()))

    assert chain.certs_for("dev") == development.certs()
    assert chain.certs_for("google") == google.certs()
    assert chain.certs_for(None) == development.certs()


def test_chained_certs_know_nothing_of_a_key_no_source_knows():
    chain = ChainedCerts(StaticCerts(LocalSigningKey("a").certs()),
                         StaticCerts(LocalSigningKey("b").certs()))

    assert chain.certs_for("c") == {}


def test_chained_certs_get_past_a_failing_source(clock):
    unreachable = CertsCache(f"http://127.0.0.1:{free_port()}/certs", clock=clock, timeout=1.0)
    development = LocalSigningKey("dev")
    chain = ChainedCerts(unreachable, StaticCerts(development.certs()))

    assert chain.certs_for("dev") == development.certs()


def test_chained_certs_report_the_failure_when_nobody_knows_the_key(clock):
    unreachable = CertsCache(f"http://127.0.0.1:{free_port()}/certs", clock=clock, timeout=1.0)
    chain = ChainedCerts(StaticCerts(LocalSigningKey("dev").certs()), unreachable)

    with pytest.raises(CertsUnavailable):
        chain.certs_for("google-key")


class _ScriptedCerts(LoopbackServer):
    """Answers the certs URL with the given bodies in turn (the last one repeats)."""

    def __init__(self, bodies: list[str]):
        self.bodies = list(bodies)
        app = Flask("scripted-certs")

        @app.get("/certs")
        def certs():
            body = self.bodies.pop(0) if len(self.bodies) > 1 else self.bodies[0]
            return Response(body, content_type="application/json",
                            headers={"Cache-Control": "public, max-age=60"})

        super().__init__(app)
        self.certs_url = self.url + "/certs"
