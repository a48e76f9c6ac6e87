"""Publishing on X with a person's OAuth 2.0 user token (tweepy Client, user_auth=False).

Every failure becomes a PublishError (integrations/networks.py); tweepy's and
requests' exceptions never leave this module.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Mapping, NoReturn, TypeVar

import requests
import tweepy

from integrations.networks import (Credentials, LinkCard, Network, Outcome, Published,
                                   PublishError)
from integrations.transport import failure_detail
from integrations.x.client import Timeout, build_client

DEFAULT_TIMEOUT: Timeout = (5.0, 20.0)  # connect, read
DUPLICATE_MARKER = "duplicate content"
T = TypeVar("T")


class XPublisher:
    network = Network.X

    def __init__(self, api_url: str = "https://api.twitter.com", *,
                 timeout: Timeout = DEFAULT_TIMEOUT):
        self._api_url = api_url
        self._timeout = timeout

    def publish(self, credentials: Credentials, text: str,
                link: LinkCard | None = None) -> Published:
        """X builds its own card from a URL in the text: `link` is not sent."""
        response = self._call(credentials.access_token,
                              lambda client: client.create_tweet(text=text, user_auth=False))
        data = response.data if response is not None and isinstance(response.data, dict) else {}
        tweet_id = data.get("id")
        if not isinstance(tweet_id, str) or not tweet_id.isdigit():
            # X answered 2xx without an id: the post may exist. TRANSIENT lets the
            # worker retry, and the retry meets X's duplicate check if it does.
            raise PublishError(Outcome.TRANSIENT, "X answered without a post id")
        return Published(external_id=tweet_id, url=post_url(tweet_id))

    def delete(self, credentials: Credentials, external_id: str) -> None:
        response = self._call(credentials.access_token,
                              lambda client: client.delete_tweet(external_id, user_auth=False),
                              gone_ok=True)
        if response is None:
            return
        data = response.data if isinstance(response.data, dict) else {}
        if data.get("deleted") is not True:
            raise PublishError(Outcome.REJECTED, "X did not confirm the deletion")

    def _call(self, access_token: str, call: Callable[[tweepy.Client], T], *,
              gone_ok: bool = False) -> T | None:
        """The call's answer; None for a 404 when `gone_ok` (deleting what is gone)."""
        client = build_client(access_token, self._api_url, self._timeout)
        try:
            return call(client)
        except tweepy.NotFound as error:
            if gone_ok:
                return None
            raise_for(error)
        except tweepy.HTTPException as error:
            raise_for(error)
        except requests.RequestException as error:
            # Includes a connection closed after the request was sent: the post
            # may or may not exist, which only a retry (and X's duplicate check) settles.
            raise PublishError(Outcome.TRANSIENT, failure_detail("X", error)) from None
        except ValueError as error:  # a 2xx body, or a header, that does not parse
            raise PublishError(Outcome.TRANSIENT, f"X's answer could not be read: "
                               f"{type(error).__name__}") from None
        finally:
            client.session.close()


def post_url(tweet_id: str) -> str:
    # /i/web/status/ resolves without knowing the username.
    return f"https://x.com/i/web/status/{tweet_id}"


def raise_for(error: tweepy.HTTPException) -> NoReturn:
    response = error.response
    status = response.status_code
    message = "; ".join(str(item) for item in error.api_messages) or response.reason or ""
    if status == 429:
        raise PublishError(Outcome.RATE_LIMITED, "X's rate limit is reached", status=status,
                           retry_at=retry_at(response.headers))
    if status == 401:
        raise PublishError(Outcome.UNAUTHORIZED, "X refused the access token", status=status)
    if status == 403 and DUPLICATE_MARKER in message.lower():
        raise PublishError(Outcome.DUPLICATE, "X already has this exact post from this account",
                           status=status)
    if status == 402:
        raise PublishError(Outcome.NETWORK_PAUSED, "X refuses posts until the firm's X "
                           f"developer account is paid for: {message}", status=status)
    if status >= 500:
        raise PublishError(Outcome.TRANSIENT, f"X failed (HTTP {status})", status=status)
    raise PublishError(Outcome.REJECTED, f"X refused the post (HTTP {status}): {message}",
                       status=status)


def retry_at(headers: Mapping[str, Any]) -> datetime | None:
    """When to try again: the latest reset among the exhausted limits.

    x-rate-limit-* is the 15-minute window; x-user-limit-24hour-* the person's
    daily one. A reset without a `remaining` header still counts.
    """
    resets: list[int] = []
    for prefix in ("x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour"):
        reset = _integer(headers.get(f"{prefix}-reset"))
        remaining = _integer(headers.get(f"{prefix}-remaining"))
        if reset is not None and remaining in (None, 0):
            resets.append(reset)
    return datetime.fromtimestamp(max(resets), timezone.utc) if resets else None


def _integer(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
