"""Outgoing mail: one `Mailer` interface, an SMTP sender and a folder of .eml files.

`build_mailer` picks one from plain values (the SMTP URL, the outbox folder), so
the runtime decides from settings and this package imports nothing of ours.
"""

from integrations.mail.base import Mailer, MailNotSent, build_mailer
from integrations.mail.folder import FolderMailer
from integrations.mail.smtp import SmtpMailer

__all__ = ["FolderMailer", "Mailer", "MailNotSent", "SmtpMailer", "build_mailer"]
