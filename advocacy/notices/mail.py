"""The gateway's e-mails, written in each recipient's language and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Sequence

from core.i18n import Translator, negotiate_language
from advocacy.rules.timing import NETWORK_NAMES
from advocacy.views import DeliveryView
from social.models import User
from social.notifications.text import plain_excerpt


@dataclass(frozen=True)
class Letterhead:
    """What every notice needs from the deployment: where links point, who sends."""

    base_url: str
    mail_from: str

    def link(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def translator_for(user: User) -> Translator:
    return Translator(negotiate_language(user.preferred_language or user.locale),
                      user.time_zone)


def approval_request(user: User, letterhead: Letterhead, *, proposal_id: int,
                     proposer: str, space: str, excerpt: str) -> EmailMessage:
    t = translator_for(user)
    _ = t.gettext
    lines = [_("Hello %(name)s,", name=user.name), "",
             _("%(proposer)s proposes a post of %(space)s for sharing on the employees' X "
               "and LinkedIn accounts. It waits for your approval:", proposer=proposer,
               space=space), "",
             "> " + plain_excerpt(excerpt, 400), "",
             _("See the previews and decide: %(link)s",
               link=letterhead.link(f"/sharing/proposals/{proposal_id}")), "", "— Comptoir"]
    return _message(user, letterhead, t, _("A post waits for your approval before sharing"),
                    lines)


def consent_report(user: User, letterhead: Letterhead,
                   deliveries: Sequence[DeliveryView]) -> EmailMessage:
    t = translator_for(user)
    _ = t.gettext
    lines = [_("Hello %(name)s,", name=user.name), "",
             t.ngettext("Through your standing consent, this post went out on your account:",
                        "Through your standing consent, these posts went out on your "
                        "accounts:", len(deliveries)), ""]
    for delivery in deliveries:
        sent = t.datetime(delivery.sent_at, "short") if delivery.sent_at else ""
        lines.append(f"- {NETWORK_NAMES.get(delivery.network, delivery.network)}, {sent}")
        lines.append("  " + plain_excerpt(delivery.text, 200))
        if delivery.external_url:
            lines.append("  " + delivery.external_url)
    lines += ["", _("Your shares and their clicks: %(link)s",
                    link=letterhead.link("/sharing/shares")),
              _("You can withdraw your consent at any time: %(link)s",
                link=letterhead.link("/sharing/consents")), "", "— Comptoir"]
    return _message(user, letterhead, t, _("What went out on your accounts"), lines)


def expiry_reminder(user: User, letterhead: Letterhead, *, network: str,
                    expires_at: datetime) -> EmailMessage:
    t = translator_for(user)
    _ = t.gettext
    name = NETWORK_NAMES.get(network, network)
    lines = [_("Hello %(name)s,", name=user.name), "",
             _("Your %(network)s connection to Comptoir ends on %(date)s. %(network)s does "
               "not let us renew it: reconnect your account before then so that your shares "
               "can still go out.", network=name, date=t.date(expires_at, "long")), "",
             _("Reconnect it here: %(link)s", link=letterhead.link("/sharing/accounts")), "",
             "— Comptoir"]
    return _message(user, letterhead, t,
                    _("Your %(network)s connection ends soon", network=name), lines)


def _message(user: User, letterhead: Letterhead, t: Translator, subject: str,
             lines: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = letterhead.mail_from
    message["To"] = Address(user.name, addr_spec=user.email)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="comptoir")
    message.set_content("\n".join(lines) + "\n")
    message["Content-Language"] = t.language  # after set_content, which drops Content-* headers
    return message
