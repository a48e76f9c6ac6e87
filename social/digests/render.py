"""Turning a digest into an e-mail: HTML and plain text from this package's templates.

Jinja2 is used directly (this layer never imports Flask). HTML templates are
autoescaped, so whatever people wrote is shown as text; the plain-text template
is not escaped, as text needs no escaping. Messages go through the reader's
gettext catalog (jinja2.ext.i18n, new style: placeholders are escaped in HTML
too) and dates are shown in the reader's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from core.i18n import Translator, translations
from social.digests.content import Digest, excerpt
from social.models import DigestFrequency

# Header lines may be 998 characters long (RFC 5322). At the default 78, a long
# List-Unsubscribe URL, which has no space to fold at, would be turned into an
# encoded word, and mail clients would not find the <https://...> they look for.
MAIL_POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Letterhead:
    """What a digest needs from the deployment: where links point, who sends."""

    base_url: str
    mail_from: str

    def link(self, path: str | None) -> str | None:
        if path is None:
            return None
        return path if path.startswith("https://") else self.base_url.rstrip("/") + path


@lru_cache(maxsize=None)
def _environment(language: str) -> Environment:
    environment = Environment(
        loader=PackageLoader("social.digests", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), disabled_extensions=("txt",),
                                     default=True),
        extensions=["jinja2.ext.i18n"], undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    catalog = translations(language)
    environment.install_gettext_callables(catalog.gettext, catalog.ngettext, newstyle=True)
    return environment


def subject(digest: Digest, translator: Translator) -> str:
    day = translator.date(digest.now, "long")
    if digest.reader.frequency == DigestFrequency.DAILY:
        return translator.gettext("Your daily Comptoir digest, %(date)s", date=day)
    return translator.gettext("Your weekly Comptoir digest, %(date)s", date=day)


def render_parts(digest: Digest, letterhead: Letterhead,
                 unsubscribe_url: str) -> tuple[str, str, str]:
    """The subject, the plain text and the HTML of a digest."""
    reader = digest.reader
    translator = Translator(reader.language, reader.time_zone)
    title = subject(digest, translator)
    context = {
        "digest": digest, "title": title, "language": translator.language,
        "when": lambda moment: translator.datetime(moment, "short"),
        "since": translator.datetime(digest.since, "short"),
        "link": letterhead.link, "settings_url": letterhead.link("/me/settings"),
        "unsubscribe_url": unsubscribe_url, "excerpt": excerpt,
    }
    environment = _environment(translator.language)
    text = environment.get_template("digest.txt").render(context)
    html = environment.get_template("digest.html").render(context)
    return title, text, html


def build_message(digest: Digest, letterhead: Letterhead, unsubscribe_url: str) -> EmailMessage:
    """A multipart message with the RFC 8058 one-click unsubscribe headers."""
    title, text, html = render_parts(digest, letterhead, unsubscribe_url)
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = title
    message["From"] = letterhead.mail_from
    message["To"] = Address(display_name=digest.reader.name, addr_spec=digest.reader.email)
    message["Date"] = format_datetime(digest.now)
    message["Message-ID"] = make_msgid("digest", domain=_domain(letterhead.mail_from))
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    # Quoted-printable keeps the message 7-bit: it passes servers without 8BITMIME.
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    message["Content-Language"] = digest.reader.language  # after: parts take Content-* headers
    return message


def _domain(mail_from: str) -> str:
    address = parseaddr(mail_from)[1]
    return address.rpartition("@")[2] or "comptoir.invalid"
