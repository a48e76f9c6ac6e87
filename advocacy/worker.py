"""The delivery job: publishes due deliveries on people's accounts, exactly once.

`DeliveryJob` (name "deliveries") runs in `python main.py worker`, any number of
processes on any number of machines. Each round it keeps states true (offers
that ended, posts edited since approval, tokens past their end), closes
deliveries past their offer, then claims and publishes due deliveries one at a
time, then carries out requested deletions.

Why nothing is lost
-------------------
A delivery is a row written in the same transaction as the decision that made
it (services/outbox.py). A worker holds a row only through a lease: if it dies,
hangs or loses its connection, the lease runs out and any worker claims the row
again. Every row ends sent, failed (with a reason) or cancelled; one that can
never go out (the account needs reconnecting, the network is paused) waits, and
is closed when its offer ends (`records.close_expired`), so none stays stuck.

Why nothing is published twice
------------------------------
1. Each claim is committed before the network is called, and counts the attempt
   (`attempts`). A claim is a compare-and-set: one row, one token, one lease,
   and with SKIP LOCKED (PostgreSQL) or BEGIN IMMEDIATE (SQLite) no two workers
   can claim the same row at once.
2. The text is frozen in the row: every attempt sends the same bytes.
3. Crash windows, from the claim to the record of the outcome:
   - before the call: nothing went out; the row is reclaimed after the lease
     and published once.
   - during or after the call, before the outcome is written (the process was
     killed, the connection dropped after the network had published): the
     outcome is unknown. The row is reclaimed after the lease (or retried after
     a TRANSIENT backoff) and sends the same text again; the network answers
     "duplicate" (X 403, LinkedIn 422 DUPLICATE_POST), which is recorded as
     sent. The lease (5 minutes by default, COMPTOIR_DELIVERY_LEASE_SECONDS) and
     backoffs (at most an hour) keep that retry well inside the networks'
     duplicate windows.
   - after the outcome is written: done.
4. A worker whose lease ran out while it was publishing may finish after
   another worker reclaimed the row: its success is still written (the post is
   out; the first "sent" wins, later ones change nothing), while any other
   outcome is written only if its token still holds the row, so a late worker
   never undoes a newer one's work or revives a cancelled row.
5. Before each attempt the gate is checked again: the proposal must still be
   approved, open and unchanged (same hash as when the delivery was made).

The remaining risk is the networks': a duplicate check that does not catch a
retried identical text. It would need a crash between publishing and recording
followed by the network forgetting the first post within minutes; and a
duplicate reported without the original's id leaves `external_id` empty.

Dependencies are given or taken from the runtime: `publishers` (Network ->
Publisher, the adapters of integrations/x and integrations/linkedin),
`cipher` (core/crypto.py, `runtime.token_cipher`) and `refresher` (X's OAuth
refresh, `runtime.x_oauth.refresh`).
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable, Mapping

from advocacy.delivering import claims, deletions, publishing, records
from advocacy.delivering.tokens import TokenRefresher
from advocacy.services.accounts import Cipher, mark_expired_accounts
from advocacy.services.expiry import expire_offers
from integrations.networks import Network, Publisher

if TYPE_CHECKING:
    from core.runtime import Runtime

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)


class DeliveryJob:
    name = "deliveries"

    def __init__(self, publishers: Mapping[Network, Publisher] | None = None,
                 cipher: Cipher | None = None, refresher: TokenRefresher | None = None, *,
                 batch: int = 50, lease: timedelta | None = None,
                 rng: Callable[[], float] = random.random):
        self.publishers = publishers
        self.cipher = cipher
        self.refresher = refresher
        self.batch = batch
        self.lease = lease  # None: the runtime's COMPTOIR_DELIVERY_LEASE_SECONDS, or LEASE
        self.rng = rng
        self._warned = False

    def run_due(self, runtime: "Runtime", now: datetime) -> int:
        """Handles what is due at `now`; returns how many items it handled, so that
        `worker --drain` goes on while anything is due."""
        database = runtime.database
        handled = self._maintain(database, now)
        context = self._context(runtime)
        if context is None:
            return handled
        lease = self._lease(runtime)
        for _ in range(self.batch):
            claim = claims.claim_delivery(database, now, lease, then=publishing.read_attempt)
            if claim is None:
                break
            self._safely(publishing.deliver, context, claim, now)
            handled += 1
        for _ in range(self.batch):
            claim = claims.claim_deletion(database, now, lease)
            if claim is None:
                break
            self._safely(deletions.delete, context, claim, now)
            handled += 1
        return handled

    def _maintain(self, database, now: datetime) -> int:
        with database.system_session(write=True) as session:
            settled = expire_offers(session, now)
            mark_expired_accounts(session, now)
        return settled + records.close_expired(database, now)

    def _lease(self, runtime: "Runtime") -> timedelta:
        """How long a claim holds its row. Settings may shorten it (tests that kill a
        worker wait seconds, not minutes); it must stay above the networks' timeouts."""
        if self.lease is not None:
            return self.lease
        seconds = getattr(getattr(runtime, "settings", None), "delivery_lease_seconds", None)
        return timedelta(seconds=seconds) if seconds else LEASE

    def _context(self, runtime: "Runtime") -> publishing.Context | None:
        publishers = self.publishers if self.publishers is not None else \
            getattr(runtime, "publishers", None)
        cipher = self.cipher if self.cipher is not None else getattr(runtime, "token_cipher",
                                                                     None)
        refresher = self.refresher
        if refresher is None and getattr(runtime, "x_oauth", None) is not None:
            refresher = runtime.x_oauth.refresh
        if not publishers or cipher is None:
            if not self._warned:
                log.warning("no publishers or token cipher in the runtime: shares wait")
                self._warned = True
            return None
        return publishing.Context(runtime.database, publishers, cipher, refresher, self.rng)

    @staticmethod
    def _safely(step, context, claim, now: datetime) -> None:
        try:
            step(context, claim, now)
        except Exception:  # one row's bug must not stop the others; its lease frees it
            log.exception("%s of item %s failed; it will be retried after its lease",
                          step.__name__, claim.id)
