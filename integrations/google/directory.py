"""Google's Directory API: is this person still an active member of the Workspace?

Comptoir asks it about one person at a time (`users.get`, basic projection), as
a service account with domain-wide delegation acting as one of the firm's
admins (scope admin.directory.user.readonly). Setting it up, in the firm's
Google Cloud project and Admin console:

1. create a service account and a JSON key for it (COMPTOIR_GOOGLE_DIRECTORY_CREDENTIALS
   is the path to that file);
2. Admin console > Security > API controls > Domain-wide delegation: add the
   service account's client id with the scope above;
3. COMPTOIR_GOOGLE_DIRECTORY_ADMIN is an admin of the Workspace (any admin that
   may read users): the service account acts as them.

Answers, and what they mean for Comptoir:

    200, suspended: true     SUSPENDED  the admin suspended the account
    200, archived: true      ARCHIVED   an archived user (cannot sign in)
    200, otherwise           ACTIVE
    404                      DELETED    no such account any more
    anything else            DirectoryError: we do not know, and must not act

A person is looked up by their Google account id (the `sub` of their ID
tokens, which is the Directory's user id) when known, else by e-mail: an
address can be renamed, or given to someone else, while the id stays theirs.
The URL is COMPTOIR_GOOGLE_API_URL + /admin/directory/v1/... (the discovery
document's servicePath is empty and its method path starts with admin/).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from google.oauth2 import service_account

from integrations.google.api import DEFAULT_TIMEOUT, GoogleApiError, build_service, execute_as

SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly"


class DirectoryError(GoogleApiError):
    """The Directory did not say; `reason` is unauthorized, forbidden or unavailable."""


class Standing(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"
    DELETED = "deleted"


@dataclass(frozen=True)
class DirectoryPerson:
    standing: Standing
    user_id: str | None = None        # the Directory's (and Google sign-in's) account id
    primary_email: str | None = None

    @property
    def departed(self) -> bool:
        return self.standing != Standing.ACTIVE


class DirectoryClient:
    """Reads one user at a time; safe to share between threads, built once per process."""

    def __init__(self, api_url: str, key_file: str, admin_email: str, *,
                 timeout: float = DEFAULT_TIMEOUT):
        self.admin_email = admin_email.strip().lower()
        self.domain = self.admin_email.rpartition("@")[2]
        self._key_file = key_file
        self._timeout = timeout
        self._users = build_service("admin", "directory_v1", api_url.rstrip("/")).users()
        self._credentials: service_account.Credentials | None = None
        self._lock = threading.Lock()

    def covers(self, email: str) -> bool:
        """Whether this Directory speaks for that address (its admin's domain)."""
        return email.strip().lower().rpartition("@")[2] == self.domain

    def person(self, user_key: str) -> DirectoryPerson:
        """The standing of the account `user_key` (an account id or an e-mail)."""
        if not user_key:
            raise DirectoryError("unavailable", "empty user key")
        request = self._users.get(userKey=user_key, projection="basic")
        try:
            body = execute_as(request, self._service_credentials(), timeout=self._timeout,
                              error=DirectoryError, refresh_status_codes=(401,))
        except DirectoryError as failure:
            if failure.reason == "not_found":
                return DirectoryPerson(Standing.DELETED)
            raise
        return person_from(body)

    def _service_credentials(self) -> service_account.Credentials:
        with self._lock:
            if self._credentials is None:
                try:
                    self._credentials = service_account.Credentials.from_service_account_file(
                        self._key_file, scopes=[SCOPE], subject=self.admin_email)
                except (OSError, ValueError) as failure:
                    raise DirectoryError("unauthorized", "the service account key cannot be "
                                         f"read ({type(failure).__name__})") from None
            return self._credentials


def person_from(resource: dict[str, Any]) -> DirectoryPerson:
    """Our reading of a Directory `User` resource (basic projection)."""
    if resource.get("suspended") is True:
        standing = Standing.SUSPENDED
    elif resource.get("archived") is True:
        standing = Standing.ARCHIVED
    else:
        standing = Standing.ACTIVE
    user_id, email = resource.get("id"), resource.get("primaryEmail")
    return DirectoryPerson(standing, user_id if isinstance(user_id, str) else None,
                           email.lower() if isinstance(email, str) else None)
