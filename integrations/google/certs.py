"""Google's signing certificates, fetched once and kept as long as Cache-Control allows.

A warm cache answers every verification without a network call. An unknown key
id triggers one early refresh (Google rotates keys), at most once per
`min_refresh_seconds`, so forged key ids cannot make us hammer the endpoint;
that limit counts attempts, not successes, so it holds while Google is failing
too. A failed refresh keeps serving the last good set (briefly) rather than
refusing every user while the endpoint has a bad minute.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Callable, Mapping

import requests

DEFAULT_MAX_AGE = 300
RETRY_AFTER_FAILURE = 30
_MAX_AGE = re.compile(r"max-age=(\d+)")


class CertsUnavailable(Exception):
    """The certificates could not be fetched and none are cached."""


class CertsCache:
    def __init__(self, url: str, *, session: requests.Session | None = None,
                 timeout: float = 5.0, min_refresh_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic):
        self.url = url
        self._session = session or requests.Session()
        self._timeout = timeout
        self._min_refresh = min_refresh_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._certs: dict[str, str] = {}
        self._expires_at = 0.0
        self._attempted_at = float("-inf")
        self.fetch_count = 0

    def certs(self) -> Mapping[str, str]:
        if self._clock() < self._expires_at:
            return self._certs
        with self._lock:
            if self._clock() >= self._expires_at:
                self._fetch()
            return self._certs

    def certs_for(self, key_id: str | None) -> Mapping[str, str]:
        """The certificates, refreshed once early if `key_id` is not among them."""
        certs = self.certs()
        if key_id is None or key_id in certs:
            return certs
        with self._lock:
            if key_id not in self._certs and \
                    self._clock() - self._attempted_at >= self._min_refresh:
                self._fetch()
            return self._certs

    def _fetch(self) -> None:
        self._attempted_at = self._clock()
        try:
            response = self._session.get(self.url, timeout=self._timeout)
            response.raise_for_status()
            certs = response.json()
            if not isinstance(certs, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in certs.items()):
                raise ValueError("certificates are not a map of key id to PEM")
        except (requests.RequestException, ValueError) as error:
            if self._certs:
                self._expires_at = self._clock() + RETRY_AFTER_FAILURE
                return
            raise CertsUnavailable(str(error)) from error
        self.fetch_count += 1
        self._certs = certs
        self._expires_at = self._clock() + _max_age(response.headers.get("Cache-Control"))


def _max_age(cache_control: str | None) -> int:
    if cache_control:
        if "no-store" in cache_control or "no-cache" in cache_control:
            return 0
        match = _MAX_AGE.search(cache_control)
        if match:
            return int(match.group(1))
    return DEFAULT_MAX_AGE


class StaticCerts:
    """Certificates known in advance: the development preview's own key."""

    def __init__(self, certs: Mapping[str, str]):
        self._certs = dict(certs)

    def certs_for(self, key_id: str | None) -> Mapping[str, str]:
        return self._certs


class ChainedCerts:
    """Several sources: the first that knows the key id answers."""

    def __init__(self, *sources):
        self._sources = sources

    def certs_for(self, key_id: str | None) -> Mapping[str, str]:
        failure: CertsUnavailable | None = None
        for source in self._sources:
            try:
                certs = source.certs_for(key_id)
            except CertsUnavailable as error:
                failure = error
                continue
            if key_id is None or key_id in certs:
                return certs
        if failure is not None:
            raise failure
        return {}
