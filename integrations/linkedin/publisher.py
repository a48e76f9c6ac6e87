"""Publishing on LinkedIn as a member: the versioned Posts API (/rest/posts) with requests.

The commentary arrives already escaped for LinkedIn's "little text" format (an
unescaped reserved character silently cuts the post); this module sends it as
given. LinkedIn never scrapes a shared URL: a link goes as content.article.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn
from urllib.parse import quote

import requests

from integrations.networks import (Credentials, LinkCard, Network, Outcome, Published,
                                   PublishError)
from integrations.transport import failure_detail

DEFAULT_TIMEOUT = (5.0, 20.0)  # connect, read
RESTLI_PROTOCOL = "2.0.0"
_URN = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+")


class LinkedInPublisher:
    network = Network.LINKEDIN

    def __init__(self, api_url: str = "https://api.linkedin.com", *, version: str,
                 timeout: float | tuple[float, float] = DEFAULT_TIMEOUT):
        self._posts_url = api_url.rstrip("/") + "/rest/posts"
        self._version = version
        self._timeout = timeout

    def publish(self, credentials: Credentials, text: str,
                link: LinkCard | None = None) -> Published:
        body: dict[str, Any] = {
            "author": credentials.member_id,
            "commentary": text,
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if link is not None:
            article = {"source": link.url, "title": link.title}
            if link.description:
                article["description"] = link.description
            body["content"] = {"article": article}
        response = self._send("POST", self._posts_url, credentials, json=body)
        if response.status_code != 201:
            _raise_for(response)
        urn = response.headers.get("x-restli-id", "")
        if not _URN.fullmatch(urn):
            # "Reported success while nothing was posted": a 201 without the new
            # post's id is not trusted. TRANSIENT: a retry meets the duplicate
            # check if the post does exist.
            raise PublishError(Outcome.TRANSIENT, "LinkedIn answered without a post id",
                               status=response.status_code)
        return Published(external_id=urn, url=post_url(urn))

    def delete(self, credentials: Credentials, external_id: str) -> None:
        url = f"{self._posts_url}/{quote(external_id, safe='')}"
        response = self._send("DELETE", url, credentials)
        if response.status_code in (200, 204, 404):  # 404: already gone
            return
        _raise_for(response)

    def _send(self, method: str, url: str, credentials: Credentials,
              **options: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {credentials.access_token}",
                   "LinkedIn-Version": self._version,
                   "X-Restli-Protocol-Version": RESTLI_PROTOCOL}
        # A fresh session per call: a stale pooled connection failing on a POST
        # would look like a dropped publish. requests never retries once sent.
        with requests.Session() as session:
            try:
                return session.request(method, url, headers=headers, timeout=self._timeout,
                                       allow_redirects=False, **options)
            except requests.RequestException as error:
                raise PublishError(Outcome.TRANSIENT,
                                   failure_detail("LinkedIn", error)) from None


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def _raise_for(response: requests.Response) -> NoReturn:
    status = response.status_code
    error = _error_body(response)
    message = str(error.get("message") or response.reason or "")
    if status == 422 and _is_duplicate(error):
        found = _URN.search(message)
        raise PublishError(Outcome.DUPLICATE, "LinkedIn already has this exact post from this "
                           "member", status=status, existing_id=found.group(0) if found else None)
    if status == 401:
        raise PublishError(Outcome.UNAUTHORIZED, "LinkedIn refused the access token "
                           f"({error.get('serviceErrorCode', status)}): reconnect needed",
                           status=status)
    if status == 429:
        # LinkedIn sends no rate-limit headers; daily limits reset at midnight UTC.
        raise PublishError(Outcome.RATE_LIMITED, "LinkedIn's limit is reached", status=status)
    if status == 426:
        raise PublishError(Outcome.NETWORK_PAUSED, "LinkedIn no longer accepts API version "
                           "set in COMPTOIR_LINKEDIN_VERSION: " + message, status=status)
    if status >= 500:
        raise PublishError(Outcome.TRANSIENT, f"LinkedIn failed (HTTP {status})", status=status)
    if status == 403:
        message = ("LinkedIn does not let this account post through Comptoir (reconnect and "
                   "grant the permission to post): " + message)
    elif 300 <= status < 400:
        message = f"LinkedIn redirected to {response.headers.get('Location', '?')}"
    raise PublishError(Outcome.REJECTED, f"LinkedIn refused the post (HTTP {status}): "
                       f"{message}", status=status)


def _error_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _is_duplicate(error: dict[str, Any]) -> bool:
    # {"message": "...Content is a duplicate of urn:li:share:7...", "status": 422,
    #  "errorDetails": {"inputErrors": [{"code": "DUPLICATE_POST", ...}]}}
    if error.get("code") == "DUPLICATE_POST":
        return True
    details = error.get("errorDetails")
    inputs = details.get("inputErrors") if isinstance(details, dict) else None
    if isinstance(inputs, list) and any(isinstance(item, dict) and
                                        item.get("code") == "DUPLICATE_POST" for item in inputs):
        return True
    return "duplicate of urn:li:" in str(error.get("message", "")).lower()
