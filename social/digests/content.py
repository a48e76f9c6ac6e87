"""What one digest holds: plain data, rendered by templates, keyed for the ledger."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core.i18n import negotiate_language
from social.actor import Actor
from social.models import User
from social.services.ranked import RankedPost
from social.views import PersonRef

POST, COMMENT = "post", "comment"
MENTION, REPLY = "mention", "reply"
# For excerpts: a link keeps its text; heading, quote and list signs go, and so do
# emphasis and code marks (an underscore inside a word stays: my_file).
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)",
                    re.MULTILINE)
_INLINE = re.compile(r"\*\*|__|~~|`+|(?<!\w)\*|\*(?!\w)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Reader:
    """The person a digest is for, as they are when it is sent."""

    user_id: int
    tenant_id: int
    role: str
    is_active: bool
    name: str
    email: str
    language: str
    time_zone: str
    frequency: str

    @classmethod
    def of(cls, user: User) -> "Reader":
        return cls(user_id=user.id, tenant_id=user.tenant_id, role=user.role,
                   is_active=user.is_active, name=user.name, email=user.email,
                   language=negotiate_language(user.preferred_language or user.locale),
                   time_zone=user.time_zone, frequency=user.digest_frequency)

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, tenant_id=self.tenant_id, role=self.role,
                     is_active=self.is_active)


@dataclass(frozen=True)
class Awaiting:
    """A mention of the reader, or a reply to what they wrote."""

    reason: str    # MENTION or REPLY
    kind: str      # POST or COMMENT: what the ledger keys it by
    item_id: int
    author: PersonRef
    excerpt: str
    where: str     # the space's name, or the Drive file's title
    link: str | None  # a path in Comptoir ("/posts/7#comment-9") or a Drive https URL
    created_at: datetime

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.item_id)


@dataclass(frozen=True)
class Digest:
    reader: Reader
    since: datetime
    now: datetime
    awaiting: tuple[Awaiting, ...] = ()
    featured: tuple[RankedPost, ...] = ()
    relevant: tuple[RankedPost, ...] = ()
    strongest: tuple[RankedPost, ...] = ()

    def keys(self) -> list[tuple[str, int]]:
        posts = self.featured + self.relevant + self.strongest
        return [item.key for item in self.awaiting] + [(POST, item.post.id) for item in posts]

    @property
    def is_empty(self) -> bool:
        return not self.keys()


def excerpt(markdown: str, limit: int = 240) -> str:
    """A one-line taste of a text: Markdown signs and line breaks out, cut at a word."""
    text = _INLINE.sub("", _BLOCK.sub("", _LINK.sub(r"\1", markdown)))
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"
