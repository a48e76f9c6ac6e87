"""Secrets never reach a log: every log record is scrubbed as it is made.

Libraries log what they send and receive when their loggers are at DEBUG (an operator
turning COMPTOIR_LOG_LEVEL up to find a fault): requests-oauthlib the token requests and
answers (client secret, authorization code, PKCE verifier, tokens), tweepy the request
headers (Authorization: Bearer ...), werkzeug and urllib3 every URL (an OAuth callback
carries its code in the query). Rather than count on each logger's level, a record
factory scrubs every record, whoever logs it and wherever it goes (the console,
gunicorn's logs, a test's capture): OAuth parameters in URLs, forms, dicts and JSON,
Authorization headers and JSON Web Tokens are replaced by [redacted], in the message
and in the traceback.
"""

from __future__ import annotations

import logging
import re
import traceback

REDACTED = "[redacted]"
# Names whose values are secrets, wherever they appear as key=value or "key": "value".
SECRET_NAMES = ("access_token", "refresh_token", "id_token", "client_secret",
                "code_verifier", "code", "token", "password", "assertion",
                "client_assertion", "oauth_token", "oauth_verifier")
_NAMES = "|".join(sorted(SECRET_NAMES, key=len, reverse=True))
_PATTERNS = (
    # URL queries and form bodies: ?code=...&, access_token=...
    (re.compile(rf"(?<![\w-])({_NAMES})=([^&\s\"'#,;)}}\]]+)", re.IGNORECASE),
     rf"\1={REDACTED}"),
    # Python dicts and JSON: 'client_secret': 'web-secret', "id_token": "eyJ..."
    (re.compile(rf"([\"'])({_NAMES})\1(\s*:\s*)([\"'])[^\"']*\4", re.IGNORECASE),
     rf"\1\2\1\3\4{REDACTED}\4"),
    # Authorization headers, however printed.
    (re.compile(r"\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE),
     rf"\1\2{REDACTED}"),
    # A JSON Web Token anywhere (Google's ID tokens, the add-on's bearer tokens).
    (re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def install() -> None:
    """Scrub every log record from now on (once per process, whoever calls it)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_secrets", False):
        return

    def scrubbed_record(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub(record)
        return record

    scrubbed_record.redacts_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(scrubbed_record)


def _scrub(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is logging's to report
        return
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and record.exc_info[1] is not None:
        # Formatters print exc_text when set: the traceback, scrubbed, in its place.
        record.exc_text = redact("".join(
            traceback.format_exception(*record.exc_info))).rstrip("\n")
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
