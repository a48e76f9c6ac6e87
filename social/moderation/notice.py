"""The e-mail that tells an author a moderator hid or restored their text, in their language.

Plain text, short and kind: what happened, where, why, and that they can talk
about it. It links to the content only when it is visible again.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import Translator, negotiate_language
from social.models import Comment, DriveFile, Post, Space, User
from social.notifications.text import moderation_sentence, plain_excerpt


def moderation_notice(db: Session, author: User, target: Post | Comment, post: Post | None,
                      decision: str, reason: str, *, base_url: str,
                      mail_from: str) -> EmailMessage:
    translator = Translator(negotiate_language(author.preferred_language or author.locale),
                            author.time_zone)
    _ = translator.gettext
    where = _where(db, target, post) or _("a discussion")
    comment = isinstance(target, Comment)
    params = {"decision": decision, "reason": reason, "about": "comment" if comment else "post"}
    lines = [_("Hello %(name)s,", name=author.name), "",
             moderation_sentence(params, where, translator), "",
             _("What you wrote on %(date)s:", date=translator.datetime(target.created_at,
                                                                      "short")),
             "> " + plain_excerpt(target.body_md, 400), ""]
    if decision == "restored" and post is not None:
        lines += [base_url.rstrip("/") + f"/posts/{post.id}", ""]
    lines += [_("Thank you for taking part in Comptoir."), "— Comptoir"]
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = Address(author.name, addr_spec=author.email)
    message["Subject"] = (_("Your comment in %(where)s", where=where) if comment
                          else _("Your post in %(where)s", where=where))
    message["Message-ID"] = make_msgid(domain="comptoir")
    message["Content-Language"] = translator.language
    message.set_content("\n".join(lines) + "\n")
    return message


def _where(db: Session, target: Post | Comment, post: Post | None) -> str | None:
    if post is not None:
        return db.scalar(select(Space.name).where(Space.id == post.space_id,
                                                  Space.tenant_id == post.tenant_id))
    return db.scalar(select(DriveFile.title).where(DriveFile.discussion_id ==
                                                   target.discussion_id,
                                                   DriveFile.tenant_id == target.tenant_id))
