"""Template helpers for the reading pages: post excerpts and the reaction kinds."""

from __future__ import annotations

from flask import Flask

from core.i18n import N_
from server.i18n import request_translator
from social import markdown
from social.models import REACTION_EMOJI, ReactionKind
from social.privacy.pseudonyms import FORMER_MEMBER
from web.forms import here

EXCERPT_LENGTH = 140

# The order and names people see; the emoji come from the model, shared with the add-on.
REACTION_LABELS = {
    ReactionKind.LIKE: N_("Like"),
    ReactionKind.THUMBS_UP: N_("Agreed"),
    ReactionKind.HEART: N_("Love it"),
    ReactionKind.TADA: N_("Congratulations"),
    ReactionKind.IDEA: N_("Good idea"),
    ReactionKind.LAUGH: N_("Funny"),
}
REACTIONS = [(str(kind), REACTION_EMOJI[kind], label) for kind, label in REACTION_LABELS.items()]


def excerpt(body_md: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of a post's words, without its Markdown; autoescaped where shown."""
    text = " ".join(markdown.to_plain_text(body_md or "").split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def indent(depth: int, cap: int = 4) -> int:
    return min(max(depth, 0), cap)


def translated_placeholders(value):
    """Jinja's `finalize`: an erased person's name is one placeholder, stored in English
    (social/privacy/pseudonyms.py), shown in the reader's language wherever a page
    prints a name."""
    if isinstance(value, str) and value == FORMER_MEMBER:
        return request_translator().gettext(FORMER_MEMBER)
    return value


def init_app(app: Flask) -> None:
    app.jinja_env.finalize = translated_placeholders
    app.jinja_env.filters["excerpt"] = excerpt
    app.jinja_env.filters["indent"] = indent
    app.jinja_env.globals.update(REACTIONS=REACTIONS, here=here)
