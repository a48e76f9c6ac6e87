"""The worker's digest job: give everyone a slot, then send the digests that are due."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from social.digests.render import Letterhead
from social.digests.scheduling import due_people, schedule_people
from social.digests.sending import Outcome, Postman, deliver, postpone

if TYPE_CHECKING:
    from core.runtime import Runtime

log = logging.getLogger(__name__)


class DigestJob:
    name = "digests"

    def __init__(self, batch: int = 50):
        self.batch = batch
        self._warned = False

    def run_due(self, runtime: "Runtime", now: datetime) -> int:
        """Sends (or skips, when empty) the digests due at `now`; returns how many were
        handled, so `worker --drain` goes on until nobody is due."""
        mailer = runtime.mailer
        if mailer is None:
            if not self._warned:
                log.warning("no mailer (set COMPTOIR_SMTP_URL): digests are not sent")
                self._warned = True
            return 0
        settings = runtime.settings
        postman = Postman(runtime.database, mailer,
                          Letterhead(base_url=settings.base_url, mail_from=settings.mail_from),
                          secret_key=settings.secret_key or "")
        schedule_people(runtime.database, now)
        handled = 0
        for tenant_id, user_id in due_people(runtime.database, now, self.batch):
            try:
                outcome = deliver(postman, tenant_id, user_id, now)
            except Exception:  # one person's failure must not hold up everyone else's digest
                log.exception("digest for user %s failed; postponed", user_id)
                postpone(runtime.database, tenant_id, user_id, now)
                outcome = Outcome.REFUSED
            handled += outcome is not Outcome.SKIPPED
        return handled
