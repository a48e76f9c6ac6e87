"""A tweepy v2 Client for one person's OAuth 2.0 token, aimed at COMPTOIR_X_API_URL.

tweepy fixes the host inside `BaseClient.request` ("https://api.twitter.com" +
route) and passes no timeout to requests. Its `session` is a plain
requests.Session, so a transport adapter mounted on it for that host is the
seam: it rewrites the URL onto the configured base (a loopback sandbox in tests
and development; X's own API in production) and supplies the timeout tweepy
never sets. One client per call: a fresh session has no stale keep-alive
connection, whose failure on a POST would look like a dropped publish.
"""

from __future__ import annotations

import requests
import tweepy
from requests.adapters import HTTPAdapter

TWEEPY_HOST = "https://api.twitter.com"
Timeout = float | tuple[float, float]


class RebasingAdapter(HTTPAdapter):
    """Sends requests for `source` to `target` instead, with a default timeout.

    max_retries stays at requests' default (no retry once a request was sent):
    a POST retried by the transport could publish twice.
    """

    def __init__(self, source: str, target: str, timeout: Timeout):
        super().__init__()
        self._source = source.rstrip("/") + "/"
        self._target = target.rstrip("/") + "/"
        self._timeout = timeout

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: Timeout | None = None, verify: bool | str = True, cert=None,
             proxies=None) -> requests.Response:
        url = request.url or ""
        if url.startswith(self._source):
            request.url = self._target + url[len(self._source):]
        return super().send(request, stream=stream,
                            timeout=self._timeout if timeout is None else timeout,
                            verify=verify, cert=cert, proxies=proxies)


def build_client(access_token: str, api_url: str, timeout: Timeout) -> tweepy.Client:
    # wait_on_rate_limit=False: tweepy would sleep in the worker, and retry at
    # once, forever, when X sends no x-rate-limit-reset.
    client = tweepy.Client(bearer_token=access_token, wait_on_rate_limit=False)
    client.session.mount(TWEEPY_HOST + "/", RebasingAdapter(TWEEPY_HOST, api_url, timeout))
    return client
