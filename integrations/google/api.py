"""One Google API call made with the user's own access token, and what its failures mean.

How googleapiclient builds URLs (checked against the discovery documents that
ship with google-api-python-client 2.x): `client_options["api_endpoint"]`
*replaces* the document's `rootUrl + servicePath`, and each method's `path` is
appended to it (one slash between, whatever the endpoint ends with). The two
documents split the path differently:

    Drive v3   rootUrl https://www.googleapis.com/   servicePath "drive/v3/"
               path "files/{fileId}"                  -> endpoint must end in /drive/v3
    Gmail v1   rootUrl https://gmail.googleapis.com/ servicePath ""
               path "gmail/v1/users/{userId}/messages/{id}"  -> endpoint is the bare host

So from one base URL (COMPTOIR_GOOGLE_API_URL, https://www.googleapis.com by
default, which serves /drive/v3/... and /gmail/v1/... alike) Drive gets
`base + "/drive/v3"` and Gmail gets `base`. The split is a property of the
shipped document, not of the API: an upgrade of the library may move it, and
the tests against the loopback fake (which serves the real paths) will say so.

Services are built with a placeholder `http`: given none, `build()` goes
looking for Application Default Credentials (and on a Google VM would quietly
find the machine's service account). Every call then brings its own
`AuthorizedHttp` carrying the user's token, with a fresh `httplib2.Http`
(httplib2 objects are not thread-safe, and a fresh connection cannot be a
stale one).

google-auth's refresh-and-retry on 401 is turned off: the add-on's user token
cannot be refreshed, and left on, a 401 surfaces as a RefreshError about
missing refresh fields instead of an HTTP error.
"""

from __future__ import annotations

import http.client
import json
import re
from typing import Any, Literal, NoReturn, TypeVar

import google_auth_httplib2
import httplib2
from google.auth import exceptions as google_auth_exceptions
from google.auth.credentials import Credentials as GoogleCredentials
from google.oauth2.credentials import Credentials
from googleapiclient import errors as api_errors
from googleapiclient.discovery import Resource, build
from googleapiclient.http import HttpRequest

Reason = Literal["not_found", "unauthorized", "forbidden", "unavailable"]
DEFAULT_TIMEOUT = 5.0

# Drive answers 403 (not 429) when a quota runs out: that is "try later", not "no access".
_RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


class GoogleApiError(Exception):
    """A Google API call failed; `reason` says what the caller can do about it.

    not_found: no such item, or the user may not see it (Drive answers 404 for both);
    unauthorized: the user's token is missing, expired or refused;
    forbidden: the token is good but lacks a scope or a permission;
    unavailable: anything else: Google failed, was slow or unreachable, rate-limited
    us, answered nonsense, or refused the request for a reason the user cannot fix.
    """

    def __init__(self, reason: Reason, detail: str = "", *, status: int | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: Reason = reason
        self.status = status


E = TypeVar("E", bound=GoogleApiError)


class _NoAmbientHttp:
    """Stands in at build time so that no call can go out without a user's token."""

    def request(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("Google API calls must pass http= with the user's credentials")


def build_service(name: str, version: str, api_endpoint: str) -> Resource:
    """A service from the shipped discovery document: no network, no credentials."""
    return build(name, version, http=_NoAmbientHttp(), static_discovery=True,
                 client_options={"api_endpoint": api_endpoint})


def usable_token(token: object) -> bool:
    """A non-empty string that can travel in an HTTP header as it is."""
    return isinstance(token, str) and _HEADER_SAFE.fullmatch(token) is not None


def execute(request: HttpRequest, user_oauth_token: str, *, timeout: float,
            error: type[E]) -> dict[str, Any]:
    """The JSON object Google answered, or `error` with the reason it did not."""
    if not usable_token(user_oauth_token):
        raise error("unauthorized", "no usable user access token")
    return execute_as(request, Credentials(user_oauth_token), timeout=timeout, error=error)


def execute_as(request: HttpRequest, credentials: GoogleCredentials, *, timeout: float,
               error: type[E], refresh_status_codes: tuple[int, ...] = ()) -> dict[str, Any]:
    """`execute` with any google-auth credentials: a user's token (never refreshed), or a
    service account's, which fetches its own token and may fetch a new one on a 401."""
    authorized = google_auth_httplib2.AuthorizedHttp(
        credentials, http=httplib2.Http(timeout=timeout),
        refresh_status_codes=refresh_status_codes)
    try:
        body = request.execute(http=authorized)
    except api_errors.HttpError as failure:
        raise error(_reason(failure), f"HTTP {failure.status_code}",
                    status=failure.status_code) from failure
    except (api_errors.Error, httplib2.HttpLib2Error, http.client.HTTPException, OSError,
            ValueError, google_auth_exceptions.GoogleAuthError) as failure:
        raise error("unavailable", type(failure).__name__) from failure
    finally:
        authorized.close()
    if not isinstance(body, dict):
        raise error("unavailable", "the answer is not a JSON object")
    return body


def _reason(failure: api_errors.HttpError) -> Reason:
    status = failure.status_code
    if status == 404:
        return "not_found"
    if status == 401:
        return "unauthorized"
    if status == 403:
        return "unavailable" if _google_reasons(failure.content) & _RATE_LIMIT_REASONS \
            else "forbidden"
    return "unavailable"


def _google_reasons(content: bytes) -> set[str]:
    """The `reason`s in Google's error body: {"error": {"errors": [{"reason": ...}]}}."""
    try:
        errors = json.loads(content)["error"]["errors"]
        return {entry["reason"] for entry in errors if isinstance(entry.get("reason"), str)}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return set()
