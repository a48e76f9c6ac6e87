"""Who calls the add-on: the person behind a verified identity, in their firm.

Every add-on request starts here, once its tokens are verified. The person is
enrolled (found, created, or their name and picture brought up to date) and
checked (active, not gone from Google's Directory): one statement when nothing
needs writing.

What that found is remembered in this process, with the firm's content version
it was read at. Any change to a person's row that matters here (role,
deactivation, language, time zone) raises their firm's version; so while the
version stands, as this process's board knows it (core/version_board.py), the
remembered caller is the person the database would give, and the request reads
no database at all before its view is served from the cache. The rest is checked
as enrolment would: the same name, e-mail and picture as the token's, seen within
SEEN_PRECISION (or enrolment would write), vouched for by the Directory within
SIGN_IN_RECHECK (or it must be asked).

Without a board (SQLite, or announcements turned off), every request enrols.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from advocacy.offboarding.directory import SIGN_IN_RECHECK, check_at_sign_in, directory_check_due
from core.database import bind_tenant
from core.runtime import Runtime
from social.known_person import KnownPerson
from social.models import User
from social.services.people import Identity, enroll_user, is_up_to_date
from social.services.versions import (caller_row, content_version, hold_caller,
                                      hold_firm_version, recall_unchanged, remember_unchanged)



def identify_caller(db: Session, runtime: Runtime, identity: Identity, *, now: datetime,
                    language: str | None) -> KnownPerson | None:
    """The person calling, with `db` bound to their firm; None when they may not come in
    (inactive, or just found gone from Google)."""
    board = runtime.database.versions
    remembered = recall_unchanged(runtime.known_callers, board, _key(identity))
    if remembered is not None and _would_enrol_unchanged(runtime, remembered, identity, now):
        bind_tenant(db, remembered.tenant_id)
        hold_firm_version(db, remembered.tenant_id, remembered.firm_version)
        return remembered
    reading = board.reading() if board is not None else None  # before the caller's row
    user = enroll_user(db, identity, now=now, language=language)
    if not check_at_sign_in(db, runtime, user, now=now, recheck_after=SIGN_IN_RECHECK):
        return None
    hold_caller(db, user)
    return remember_unchanged(db, runtime.known_callers, board, _key(identity),
                              KnownPerson.of(user, content_version(db, user.tenant_id)),
                              reading)


def user_of(db: Session, caller: KnownPerson) -> User:
    """The caller's row, for handlers that need more than the caller: read only then."""
    return caller_row(db, caller.id)


def _would_enrol_unchanged(runtime: Runtime, caller: KnownPerson, identity: Identity,
                           now: datetime) -> bool:
    return (caller.is_active and is_up_to_date(caller, identity, now)
            and not directory_check_due(runtime, caller, now=now,
                                        recheck_after=SIGN_IN_RECHECK))


def _key(identity: Identity) -> tuple[str, str, str]:
    return "addon", identity.domain.strip().lower(), identity.subject
