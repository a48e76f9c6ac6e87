"""The interface every mailer offers, its one failure that is safe to retry, the factory."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Protocol


class MailNotSent(Exception):
    """The message certainly did not leave: refused before the server took it.

    Raised when nothing was handed over (no connection, login refused, sender or
    recipient refused, the server answering DATA with an error). Any other
    exception out of `send` is ambiguous: the server may have taken the message.
    Callers that must never send twice retry only after MailNotSent.
    """


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Send one complete message (From, To and Subject set); raise on failure."""


def build_mailer(smtp_url: str | None, *, outbox: Path | None = None) -> Mailer | None:
    """SMTP when a URL is given; else .eml files in `outbox` when given; else None."""
    from integrations.mail.folder import FolderMailer
    from integrations.mail.smtp import SmtpMailer

    if smtp_url:
        return SmtpMailer.from_url(smtp_url)
    if outbox is not None:
        return FolderMailer(outbox)
    return None
