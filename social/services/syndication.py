"""What goes into an RSS or Atom feed: the posts its owner may read right now.

Feeds are read by machines on someone's behalf, long after the token was made:
each fetch asks the same services as the pages do, with the owner as they are
at that moment (their spaces, their role), so leaving a space or becoming a
guest changes the feed at once. A space the owner may not read is "not found",
whether it exists or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import negotiate_language
from core.text import tag_key
from social.actor import Actor, require_active
from social.errors import Forbidden, NotFound
from social.models import PostTag, Tenant, User
from social.policy import Access
from social.services import feeds
from social.services.access import load_space
from social.views import PostView

FEED_SIZE = 30


@dataclass(frozen=True)
class Syndication:
    kind: str  # "home", "space" or "tag"
    key: str  # the space's id or the hashtag's key: what the feed's identity is built on
    subject: str  # the firm's name, the space's name, or the hashtag as written
    owner_id: int
    language: str
    posts: list[PostView]


def home_syndication(db: Session, actor: Actor) -> Syndication:
    """The newest posts of the spaces the owner belongs to."""
    page = feeds.home_feed(db, actor, limit=FEED_SIZE)
    firm = db.scalar(select(Tenant.name).where(Tenant.id == actor.tenant_id)) or ""
    return _syndication(db, actor, "home", "home", firm, page.items)


def space_syndication(db: Session, actor: Actor, space_id: int) -> Syndication:
    try:
        space = load_space(db, actor, space_id, Access.READ).space
    except Forbidden:  # listed but not readable: a feed says no more than "not found"
        raise NotFound() from None
    page = feeds.space_feed(db, actor, space_id, limit=FEED_SIZE)
    return _syndication(db, actor, "space", str(space.id), space.name, page.items)


def tag_syndication(db: Session, actor: Actor, tag: str) -> Syndication:
    """Posts with a hashtag, in the spaces the owner reads."""
    require_active(actor)
    key = tag_key(tag) if isinstance(tag, str) else ""
    if not key:
        raise NotFound()
    page = feeds.tag_feed(db, actor, key, limit=FEED_SIZE)
    # The hashtag as a visible post wrote it; another space's spelling stays unseen.
    label = db.scalar(select(PostTag.label).where(
        PostTag.key == key, PostTag.tenant_id == actor.tenant_id,
        PostTag.post_id.in_([post.id for post in page.items])).limit(1))
    return _syndication(db, actor, "tag", key, label or key, page.items)


def _syndication(db: Session, actor: Actor, kind: str, key: str, subject: str,
                 posts: list[PostView]) -> Syndication:
    owner = db.scalar(select(User).where(User.id == actor.user_id,
                                         User.tenant_id == actor.tenant_id))
    language = negotiate_language(owner.preferred_language or owner.locale)
    return Syndication(kind=kind, key=key, subject=subject, owner_id=actor.user_id,
                       language=language, posts=posts)
