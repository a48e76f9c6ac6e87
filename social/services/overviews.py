"""Read models that combine several lists for one screen (a card or a page)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from social.actor import Actor
from social.models import Tenant
from social.pagination import Page
from social.policy import Access
from social.services import comments, feeds, spaces
from social.services.access import DiscussionAccess, load_post_discussion
from social.services.assemble import file_ref, post_views
from social.views import CommentView, PostView, SpaceView

HOME_FEED_SIZE = 10
SPACE_FEED_SIZE = 10
THREAD_PAGE_SIZE = 20


@dataclass(frozen=True)
class HomeOverview:
    firm_name: str
    feed: Page[PostView]
    spaces: list[SpaceView]


@dataclass(frozen=True)
class SpaceOverview:
    space: SpaceView
    pinned: list[PostView]
    feed: Page[PostView]


@dataclass(frozen=True)
class ThreadOverview:
    post: PostView
    comments: Page[CommentView]


def home_overview(db: Session, actor: Actor, *, cursor: str | None = None) -> HomeOverview:
    feed = feeds.home_feed(db, actor, cursor=cursor, limit=HOME_FEED_SIZE)
    mine = spaces.list_spaces(db, actor, mine_only=True, include_archived=False, limit=100)
    firm = db.get(Tenant, actor.tenant_id)  # already in the session when the caller enrolled
    return HomeOverview(firm_name=firm.name if firm else "", feed=feed, spaces=mine.items)


def space_overview(db: Session, actor: Actor, space_id: int, *,
                   cursor: str | None = None) -> SpaceOverview:
    space = spaces.get_space(db, actor, space_id)
    if space.access < Access.READ:
        return SpaceOverview(space=space, pinned=[], feed=Page())
    pinned = [] if cursor else feeds.pinned_posts(db, actor, space_id)
    feed = feeds.space_feed(db, actor, space_id, cursor=cursor, limit=SPACE_FEED_SIZE)
    return SpaceOverview(space=space, pinned=pinned, feed=feed)


def thread_overview(db: Session, actor: Actor, post_id: int, *,
                    cursor: str | None = None) -> ThreadOverview:
    return discussed_post(db, actor, load_post_discussion(db, actor, post_id), cursor=cursor)


def discussed_post(db: Session, actor: Actor, loaded: DiscussionAccess, *,
                   cursor: str | None = None) -> ThreadOverview:
    """A post's thread from its discussion as loaded for this actor (by
    `load_post_discussion`, before a like or a comment): two more statements."""
    known = None if loaded.files is None else \
        {loaded.post.id: [file_ref(record) for record in loaded.files]}
    post = post_views(db, actor, [loaded.post], files=known)[0]
    page = comments.list_comments(db, actor, post.discussion_id, cursor=cursor,
                                  limit=THREAD_PAGE_SIZE, loaded=loaded)
    return ThreadOverview(post=post, comments=page)
