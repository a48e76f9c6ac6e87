"""The sentence of a notification, written in the reader's language when it is read.

Notifications store parameters, not text, so a person who switches to English
reads all of them in English, and a renamed space shows its new name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.i18n import Translator
from social import markdown
from social.models import NotificationKind
from social.moderation.reasons import REASON_LABELS
from social.notifications.sharing import SHARING_KINDS, sharing_sentence

if TYPE_CHECKING:
    from social.notifications.inbox import NotificationView

EXCERPT_LENGTH = 140


def plain_excerpt(body_md: str, limit: int = EXCERPT_LENGTH) -> str:
    """A one-line taste of a text: its words without Markdown, cut at a word. Plain text,
    to be escaped where it is shown."""
    text = " ".join(markdown.to_plain_text(body_md or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def sentence(view: "NotificationView", translator: Translator) -> str:
    if view.kind in SHARING_KINDS:
        return sharing_sentence(view, translator)
    _ = translator.gettext
    actor = view.actors[0].name if view.actors else _("Someone")
    where = view.where or _("a discussion")
    params = view.params
    if view.kind == NotificationKind.MENTION:
        if params.get("in") == "comment":
            return _("%(actor)s mentioned you in a comment in %(where)s", actor=actor,
                     where=where)
        return _("%(actor)s mentioned you in a post in %(where)s", actor=actor, where=where)
    if view.kind == NotificationKind.REPLY:
        if params.get("to") == "comment":
            return _("%(actor)s replied to your comment in %(where)s", actor=actor, where=where)
        return _("%(actor)s commented on your post in %(where)s", actor=actor, where=where)
    if view.kind == NotificationKind.REACTION:
        if view.others:
            return translator.ngettext("%(actor)s and %(num)s other liked your post in %(where)s",
                                       "%(actor)s and %(num)s others liked your post in %(where)s",
                                       view.others, actor=actor, where=where)
        return _("%(actor)s liked your post in %(where)s", actor=actor, where=where)
    if view.kind == NotificationKind.NEW_POST:
        return _("%(actor)s posted in %(where)s", actor=actor, where=where)
    if view.kind == NotificationKind.FEATURED:
        if params.get("whose") == "yours":
            return _("Your post in %(where)s was featured for the whole firm", where=where)
        return _("A post in %(where)s was featured for the whole firm", where=where)
    if view.kind == NotificationKind.MODERATION:
        return moderation_sentence(params, where, translator)
    return _("Something new in %(where)s", where=where)


def moderation_sentence(params: dict, where: str, translator: Translator) -> str:
    """Said kindly: the author did nothing unforgivable, and may ask about it."""
    _ = translator.gettext
    reason = _(REASON_LABELS.get(params.get("reason"), REASON_LABELS["other"]))
    comment = params.get("about") == "comment"
    if params.get("decision") == "restored":
        if comment:
            return _("Your comment in %(where)s is visible again: a moderator restored it.",
                     where=where)
        return _("Your post in %(where)s is visible again: a moderator restored it.",
                 where=where)
    if comment:
        return _("A moderator hid your comment in %(where)s after a report (%(reason)s). "
                 "If you think this is a mistake, the space's moderators will gladly talk "
                 "it over.", where=where, reason=reason)
    return _("A moderator hid your post in %(where)s after a report (%(reason)s). "
             "If you think this is a mistake, the space's moderators will gladly talk "
             "it over.", where=where, reason=reason)
