"""Sending one person's digest: never twice in a period, and never a repeated item.

The order, all in one transaction on the person's state row (locked with FOR
UPDATE SKIP LOCKED on PostgreSQL; SQLite's write lock is taken at BEGIN):

1. check the person is still due: another worker may have just sent it;
2. choose the content with what the person may see *now* (left a space, a
   deleted post: not sent);
3. set the next slot; for an empty digest stop here: nothing is sent;
4. write every item into the ledger, set last_sent_at, render the message;
5. commit; only then hand the message to the mail server.

This is at-most-once. If the process dies between the commit and the mail
server taking the message, that digest is lost; the other order (send, then
commit) would send it again after such a crash, and the firms asked for less
mail, not more. Losing one is also visible and harmless: the next digest
covers the same items, since they never left. When the mailer says the message
certainly did not leave (MailNotSent: no connection, login or recipient
refused), step 4 is undone in a new transaction and the digest is tried again
a little later, a few times at most. Any other failure (the connection dropped
while the server was taking the message) is not retried: it may have arrived.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import select, update

from core.database import Database
from core.i18n import safe_zone
from integrations.mail import Mailer, MailNotSent
from social.digests.compose import compose_digest, digest_since, forget_sent, record_sent
from social.digests.content import Reader
from social.digests.render import Letterhead, build_message
from social.digests.schedule import next_slot_after
from social.digests.scheduling import matches, slot_for
from social.digests.tokens import unsubscribe_token
from social.models import DigestState, User

log = logging.getLogger(__name__)

RETRY_AFTER = (timedelta(minutes=15), timedelta(hours=1))  # then wait for the next slot
POSTPONE_AFTER_ERROR = timedelta(hours=1)


class Outcome(Enum):
    SENT = "sent"
    EMPTY = "empty"              # nothing new for them: no mail
    RESCHEDULED = "rescheduled"  # their settings changed since their slot was set
    REFUSED = "refused"          # the mail server refused; undone, retried later
    SKIPPED = "skipped"          # not due any more: another worker has it


@dataclass(frozen=True)
class Postman:
    database: Database
    mailer: Mailer
    letterhead: Letterhead
    secret_key: str

    def unsubscribe_url(self, tenant_id: int, user_id: int) -> str:
        token = unsubscribe_token(self.secret_key, tenant_id, user_id)
        return self.letterhead.link(f"/unsubscribe/{token}")


def deliver(postman: Postman, tenant_id: int, user_id: int, now: datetime) -> Outcome:
    with postman.database.session(tenant_id, write=True) as db:
        state = db.scalar(select(DigestState).where(
            DigestState.user_id == user_id, DigestState.tenant_id == tenant_id)
            .with_for_update(skip_locked=True))
        if state is None or state.next_due_at is None or state.next_due_at > now:
            return Outcome.SKIPPED
        user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == tenant_id))
        if user is None:
            return Outcome.SKIPPED
        if not matches(state, user):
            slot = slot_for(user, state.last_sent_at, now)
            state.frequency, state.time_zone = slot.frequency, slot.time_zone
            state.next_due_at, state.updated_at = slot.next_due_at, now
            db.commit()
            return Outcome.RESCHEDULED
        reader = Reader.of(user)
        digest = compose_digest(db, reader, since=digest_since(state.last_sent_at,
                                                               state.frequency, now), now=now)
        state.next_due_at = next_slot_after(now, state.frequency, safe_zone(state.time_zone))
        state.updated_at = now
        if digest.is_empty:
            db.commit()
            return Outcome.EMPTY
        message = build_message(digest, postman.letterhead,
                                postman.unsubscribe_url(tenant_id, user_id))
        previous_sent, failures = state.last_sent_at, state.failures
        record_sent(db, digest)
        state.last_sent_at, state.failures = now, 0
        db.commit()
    try:
        postman.mailer.send(message)
    except MailNotSent as error:
        log.warning("digest for user %s refused, will retry: %s", user_id, error)
        _undo(postman.database, tenant_id, user_id, now, previous_sent, failures)
        return Outcome.REFUSED
    except Exception:
        log.exception("digest for user %s may or may not have left; not retried", user_id)
    return Outcome.SENT


def _undo(database: Database, tenant_id: int, user_id: int, sent_at: datetime,
          previous_sent: datetime | None, failures: int) -> None:
    """The message never left: its items go back to unsent, and it is tried again soon."""
    with database.session(tenant_id, write=True) as db:
        state = db.scalar(select(DigestState).where(
            DigestState.user_id == user_id, DigestState.tenant_id == tenant_id)
            .with_for_update())
        if state is None or state.last_sent_at != sent_at:
            return  # changed meanwhile: leave it as it is
        forget_sent(db, tenant_id, user_id, sent_at)
        state.last_sent_at = previous_sent
        if failures < len(RETRY_AFTER):
            state.next_due_at, state.failures = sent_at + RETRY_AFTER[failures], failures + 1
        db.commit()


def postpone(database: Database, tenant_id: int, user_id: int, now: datetime) -> None:
    """After an unexpected error with one person: try them later, serve the others now."""
    with database.session(tenant_id, write=True) as db:
        db.execute(update(DigestState).where(DigestState.user_id == user_id,
                                             DigestState.tenant_id == tenant_id)
                   .values(next_due_at=now + POSTPONE_AFTER_ERROR, updated_at=now))
        db.commit()
