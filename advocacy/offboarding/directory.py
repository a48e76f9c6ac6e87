"""Google's Directory says who left: checked at sign-in, and by the worker in batches.

A suspended person's Google ID token may still verify for up to an hour, and an
add-on panel keeps calling with it: only the Directory knows they are
suspended. So, when the Directory is configured (runtime.directory):

- `check_at_sign_in`: the web sign-in asks at every sign-in; the add-on asks
  when the person was not vouched for in the last SIGN_IN_RECHECK (every
  add-on request verifies the ID token; asking Google on each would cost a
  round trip per click). A person Google says is suspended, archived or deleted
  is deactivated and offboarded, and refused.
- `PeopleLeavingJob` (worker): every few minutes it finishes any offboarding
  left undone (an inactive person still holding accounts, consents or waiting
  shares), then asks the Directory about the next people not vouched for in
  RECHECK (a batch at a time, those never checked first).

When Google cannot answer, nothing happens to anyone: sign-in goes on (the ID
token is verified) and the job tries again later. Only the firm whose domain is
COMPTOIR_GOOGLE_DIRECTORY_ADMIN's is checked, and never its external guests.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from advocacy.offboarding.offboard import offboard_person, still_holding
from advocacy.offboarding.revocation import revokers_of
from integrations.google.directory import (DirectoryClient, DirectoryError, DirectoryPerson,
                                           Standing)
from social.models import TenantRole, User
from social.services.departures import mark_departed, people_to_check, record_directory_check

if TYPE_CHECKING:
    from core.runtime import Runtime

log = logging.getLogger(__name__)
SIGN_IN_RECHECK = timedelta(minutes=10)
RECHECK = timedelta(hours=12)


def check_at_sign_in(db: Session, runtime: "Runtime", user: User, *, now: datetime,
                     recheck_after: timedelta | None = None) -> bool:
    """False when the person may not come in: inactive, or just found gone from Google
    (then deactivated and offboarded). `recheck_after`: trust a recent check."""
    if not user.is_active:
        return False
    if not directory_check_due(runtime, user, now=now, recheck_after=recheck_after):
        return True
    db.commit()  # no transaction waits on Google
    try:
        person = standing_of(runtime.directory, user)
    except DirectoryError as error:
        log.warning("the Directory did not answer about user %s (%s): let in", user.id,
                    error.reason)
        return True
    if not person.departed:
        record_directory_check(db, user.id, now)
        return True
    depart(db, runtime, user, person, now)
    return False


def directory_check_due(runtime: "Runtime", user, *, now: datetime,
                        recheck_after: timedelta | None = None) -> bool:
    """Whether Google's Directory must be asked about this person before they come in.
    `user`: a User, or what a process remembers of one (addon/callers.py)."""
    directory = runtime.directory
    if directory is None or not _covered(directory, user):
        return False
    checked = user.directory_checked_at
    return recheck_after is None or checked is None or now - checked >= recheck_after


def standing_of(directory: DirectoryClient, user: User) -> DirectoryPerson:
    """By account id when known; by e-mail, an answer about another account means the
    address was given to someone else: the person we know is gone."""
    person = directory.person(user.google_sub or user.email)
    if user.google_sub and person.user_id and person.user_id != user.google_sub:
        return DirectoryPerson(Standing.DELETED)
    return person


def depart(db: Session, runtime: "Runtime", user: User, person: DirectoryPerson,
           now: datetime) -> None:
    log.info("user %s is %s in Google's Directory: deactivated and offboarded", user.id,
             person.standing)
    mark_departed(db, user, person.standing, now)
    offboard_person(db, None, user.id, tenant_id=user.tenant_id, cipher=runtime.token_cipher,
                    revoke=revokers_of(runtime), reason=f"google_{person.standing}", now=now)


def _covered(directory: DirectoryClient, user: User) -> bool:
    return user.role != TenantRole.GUEST and user.erased_at is None and \
        directory.covers(user.email)


class PeopleLeavingJob:
    name = "people-leaving"

    def __init__(self, *, every: timedelta = timedelta(minutes=5), batch: int = 50,
                 recheck: timedelta = RECHECK):
        self.every, self.batch, self.recheck = every, batch, recheck
        self._next_run: datetime | None = None

    def run_due(self, runtime: "Runtime", now: datetime) -> int:
        """How many people it handled; nothing between two runs `every` apart."""
        if self._next_run is not None and now < self._next_run:
            return 0
        self._next_run = now + self.every
        return self._finish_offboardings(runtime, now) + self._ask_directory(runtime, now)

    def _finish_offboardings(self, runtime: "Runtime", now: datetime) -> int:
        done = 0
        with runtime.database.system_session() as db:
            for tenant_id, user_id in still_holding(db, self.batch):
                offboard_person(db, None, user_id, tenant_id=tenant_id,
                                cipher=runtime.token_cipher, revoke=revokers_of(runtime),
                                reason="deactivated", now=now)
                done += 1
        return done

    def _ask_directory(self, runtime: "Runtime", now: datetime) -> int:
        directory = runtime.directory
        if directory is None:
            return 0
        done = 0
        with runtime.database.system_session() as db:
            due = people_to_check(db, directory.domain, now - self.recheck, self.batch)
            db.commit()
            for user in due:
                if not _covered(directory, user):
                    record_directory_check(db, user.id, now)
                    continue
                try:
                    person = standing_of(directory, user)
                except DirectoryError as error:
                    log.warning("the Directory did not answer (%s): the check resumes later",
                                error.reason)
                    break
                if person.departed:
                    depart(db, runtime, user, person, now)
                else:
                    record_directory_check(db, user.id, now)
                done += 1
        return done
