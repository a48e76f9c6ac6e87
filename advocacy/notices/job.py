"""The notices job: tells approvers, consenting people and expiring accounts' owners."""

from __future__ import annotations

import logging
from datetime import datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Iterable

from advocacy.notices.approvals import tell_approvers
from advocacy.notices.consents import report_consent_shares
from advocacy.notices.mail import Letterhead
from advocacy.notices.reminders import remind_expiring

if TYPE_CHECKING:
    from core.runtime import Runtime

log = logging.getLogger(__name__)
STEPS = (tell_approvers, report_consent_shares, remind_expiring)


class SharingNoticesJob:
    name = "sharing-notices"

    def run_due(self, runtime: "Runtime", now: datetime) -> int:
        """Returns how many people were told, so `worker --drain` stops once nobody is."""
        settings = runtime.settings
        letterhead = Letterhead(base_url=settings.base_url, mail_from=settings.mail_from)
        told = 0
        for step in STEPS:
            messages = step(runtime.database, letterhead, now)
            told += len(messages)
            _send(runtime.mailer, messages)
        return told


def _send(mailer, messages: Iterable[EmailMessage]) -> None:
    """After the commit, at most once: a message that fails is not retried (the
    in-app notification is there)."""
    if mailer is None:
        return
    for message in messages:
        try:
            mailer.send(message)
        except Exception:  # noqa: BLE001 - one refused address must not stop the others
            log.warning("sharing notice to %s not sent", message["To"], exc_info=True)
