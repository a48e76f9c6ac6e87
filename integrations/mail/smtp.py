"""Sending over SMTP, configured by one URL.

    smtp://host[:port]                      plain, port 25
    smtp://user:password@host:587?starttls=1  upgraded with STARTTLS, then AUTH
    smtps://user:password@host[:465]         TLS from the first byte

`?timeout=` sets the socket timeout in seconds (default 30). User and password
are percent-decoded, so any character can be written in them.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from integrations.mail.base import MailNotSent

DEFAULT_TIMEOUT = 30.0
TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = DEFAULT_TIMEOUT


def parse_smtp_url(url: str) -> SmtpSettings:
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError(f"an SMTP URL starts with smtp:// or smtps://, got {parts.scheme!r}")
    if not parts.hostname:
        raise ValueError("the SMTP URL has no host")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    implicit = parts.scheme == "smtps"
    starttls = query.get("starttls", "").lower() in TRUE_WORDS
    if implicit and starttls:
        raise ValueError("smtps:// is TLS already: leave out ?starttls")
    timeout = float(query.get("timeout", DEFAULT_TIMEOUT))
    if timeout <= 0:
        raise ValueError("the SMTP timeout must be positive")
    return SmtpSettings(
        host=parts.hostname, port=parts.port or (465 if implicit else 25),
        implicit_tls=implicit, starttls=starttls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout=timeout)


class SmtpMailer:
    """One connection per message: digests are few, and a fresh connection never goes stale."""

    def __init__(self, settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None):
        self.settings = settings
        self._ssl_context = ssl_context

    @classmethod
    def from_url(cls, url: str, *, ssl_context: ssl.SSLContext | None = None) -> "SmtpMailer":
        return cls(parse_smtp_url(url), ssl_context=ssl_context)

    def _context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                    context=self._context())
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            client.ehlo()
            if s.starttls:
                client.starttls(context=self._context())
                client.ehlo()
            if s.username:
                client.login(s.username, s.password or "")
        except BaseException:
            client.close()
            raise
        return client

    def send(self, message: EmailMessage) -> None:
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            # Nothing was handed over before the envelope: safe to try again later.
            raise MailNotSent(f"SMTP connection to {self.settings.host} failed: {error}") \
                from error
        try:
            client.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError) as error:
            # The server answered with a refusal: it did not take the message.
            raise MailNotSent(f"SMTP server refused the message: {error}") from error
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
