"""The open Gmail message: what Gmail tells us of it, and the post made from it."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from addon.events import AddonEvent, MalformedEvent
from core.i18n import Translator
from core.runtime import Runtime
from integrations.google.gmail import GmailError

log = logging.getLogger(__name__)

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~@])")


@dataclass(frozen=True)
class MessageSummary:
    message_id: str
    thread_id: str
    subject: str
    sender: str
    thread_url: str
    readable: bool


def thread_url(thread_id: str) -> str:
    return f"https://mail.google.com/mail/u/0/#all/{thread_id}"


def message_summary(runtime: Runtime, event: AddonEvent) -> MessageSummary:
    gmail = event.gmail
    message_id = (gmail.message_id if gmail else None) or event.param("messageId")
    thread_id = (gmail.thread_id if gmail else None) or event.param("threadId") or message_id
    if not message_id:
        raise MalformedEvent("no Gmail message in the event", event.language)
    try:
        summary = runtime.gmail.message_summary(message_id, event.user_oauth_token or "",
                                                (gmail.access_token if gmail else None) or "")
    except GmailError as error:
        log.info("Gmail message unavailable: %s", error.reason)
        return MessageSummary(message_id, thread_id, "", "", thread_url(thread_id), False)
    return MessageSummary(summary.message_id, summary.thread_id or thread_id, summary.subject,
                          summary.sender, summary.thread_url, True)


def gmail_post_body(t: Translator, summary: MessageSummary, words: str) -> str:
    """The post: the subject (inert Markdown), the author's words, a link to the thread."""
    subject = _MARKDOWN_PUNCTUATION.sub(r"\\\1", summary.subject) if summary.subject else \
        t.gettext("An e-mail")
    link = t.gettext("Open the conversation in Gmail")
    parts = [f"✉️ **{subject}**", words.strip(), f"[{link}]({summary.thread_url})"]
    return "\n\n".join(part for part in parts if part)
