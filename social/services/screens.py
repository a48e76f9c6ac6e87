"""What each reading page of the web view shows, gathered in one call per page.

A page needs its lists and what the viewer may do there (post, moderate,
manage); deciding the latter here keeps the rules out of templates and routes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.text import tag_key
from social.actor import Actor, require_active
from social.models import Comment, JoinRequest, User
from social.pagination import Page
from social.policy import Access, can_manage_space
from social.services import comments, feeds, posts, ranked, spaces, tags, writing
from social.services.access import load_post
from social.services.activity import ActivitySeries, activity
from social.services.engagement import spaces_of
from social.views import CommentView, MemberView, PostView, SpaceView

RECENT, RANKED = "recent", "ranked"
FEED_PAGE = 15
COMMENT_PAGE = 30
STRONGEST = 5
STRONGEST_DAYS = 7
MY_SPACES = 100
SPACES_PAGE = 60
MEMBERS_PAGE = 50


@dataclass(frozen=True)
class HomeScreen:
    order: str
    feed: Page[PostView]
    my_spaces: list[SpaceView]
    strongest: list[ranked.RankedPost]

    @property
    def postable(self) -> list[SpaceView]:
        return [space for space in self.my_spaces if can_post_in(space)]


def can_post_in(space: SpaceView) -> bool:
    return space.access >= Access.CONTRIBUTE and not space.archived


def home_screen(db: Session, actor: Actor, *, order: str = RANKED,
                cursor: str | None = None) -> HomeScreen:
    """The feed of my spaces, ranked unless asked newest first, with what the aside shows."""
    mine = spaces.list_spaces(db, actor, mine_only=True, include_archived=False,
                              limit=MY_SPACES).items
    if order == RECENT:
        feed = feeds.home_feed(db, actor, cursor=cursor, limit=FEED_PAGE)
        strongest = ranked.strongest_contributions(db, actor, limit=STRONGEST)
        return HomeScreen(order=order, feed=feed, my_spaces=mine, strongest=strongest)
    # The ranked feed and the week's strongest contributions rank the same kind of rows:
    # their spaces come from one statement, their posts are loaded and viewed together.
    require_active(actor)
    now = utcnow()
    member_ids, readable_ids = spaces_of(db, actor)
    rows, following = ranked.ranked_home_rows(db, actor, member_ids, cursor=cursor,
                                              limit=FEED_PAGE, now=now)
    best = ranked.strongest_rows(db, actor, since=now - timedelta(days=STRONGEST_DAYS), now=now,
                                 space_ids=readable_ids)[:STRONGEST]
    shown, strongest = ranked.views_of(db, actor, rows, best)
    return HomeScreen(order=RANKED, feed=Page(shown, following), my_spaces=mine,
                      strongest=strongest)


@dataclass(frozen=True)
class ComposeScreen:
    spaces: list[SpaceView]
    preview: str | None = None


def compose_screen(db: Session, actor: Actor, *, text: str | None = None) -> ComposeScreen:
    """The spaces I may post in, and a preview of `text` when asked for one."""
    mine = spaces.list_spaces(db, actor, mine_only=True, include_archived=False,
                              limit=MY_SPACES).items
    preview = None if text is None else writing.preview_markdown(db, actor, text)
    return ComposeScreen(spaces=[space for space in mine if can_post_in(space)],
                         preview=preview)


@dataclass(frozen=True)
class SpacesScreen:
    mine: list[SpaceView]
    others: Page[SpaceView]


def spaces_screen(db: Session, actor: Actor, *, cursor: str | None = None) -> SpacesScreen:
    """My spaces, then the others of the firm I may know of (secret ones are not listed)."""
    mine = [] if cursor else spaces.list_spaces(db, actor, mine_only=True,
                                                limit=MY_SPACES).items
    listed = spaces.list_spaces(db, actor, cursor=cursor, limit=SPACES_PAGE)
    others = [space for space in listed.items if space.my_role is None]
    asked = set(db.scalars(select(JoinRequest.space_id).where(
        JoinRequest.user_id == actor.user_id, JoinRequest.tenant_id == actor.tenant_id,
        JoinRequest.space_id.in_([space.id for space in others])))) if others else set()
    others = [replace(space, pending_request=True) if space.id in asked else space
              for space in others]
    return SpacesScreen(mine=mine, others=Page(others, listed.next_cursor))


@dataclass(frozen=True)
class SpaceScreen:
    space: SpaceView
    pinned: list[PostView]
    feed: Page[PostView]
    can_manage: bool = False  # rename, archive
    activity: ActivitySeries | None = None  # the last weeks, for those who read the space

    @property
    def can_read(self) -> bool:
        return self.space.access >= Access.READ

    @property
    def show_settings(self) -> bool:
        return self.can_manage or self.space.access >= Access.MODERATE

    @property
    def can_post(self) -> bool:
        return can_post_in(self.space)


def space_screen(db: Session, actor: Actor, space_id: int, *,
                 cursor: str | None = None) -> SpaceScreen:
    """A space's page: someone who only sees it listed gets its description, no content."""
    space = spaces.get_space(db, actor, space_id)
    manage = can_manage_space(actor, Access(space.access))
    if space.access < Access.READ:
        return SpaceScreen(space=space, pinned=[], feed=Page(), can_manage=manage)
    pinned = [] if cursor else feeds.pinned_posts(db, actor, space_id)
    pinned_ids = {post.id for post in pinned}
    feed = feeds.space_feed(db, actor, space_id, cursor=cursor, limit=FEED_PAGE)
    # A pinned post shows once, at the top, not a second time in the feed below.
    shown = Page([post for post in feed.items if post.id not in pinned_ids], feed.next_cursor)
    recent = None if cursor else activity(db, actor, space_id=space_id)
    return SpaceScreen(space=space, pinned=pinned, feed=shown, can_manage=manage,
                       activity=recent)


def space_activity_screen(db: Session, actor: Actor, space_id: int) -> SpaceScreen:
    """A space's activity tab: the last twelve weeks, week by week."""
    space = spaces.get_space(db, actor, space_id)
    series = activity(db, actor, space_id=space_id)  # refuses those who do not read it
    return SpaceScreen(space=space, pinned=[], feed=Page(),
                       can_manage=can_manage_space(actor, Access(space.access)),
                       activity=series)


@dataclass(frozen=True)
class SpaceMembersScreen:
    space: SpaceView
    members: Page[MemberView]
    requests: list[MemberView] = field(default_factory=list)
    can_manage: bool = False  # rename, archive

    @property
    def can_moderate(self) -> bool:  # invite, answer join requests
        return self.space.access >= Access.MODERATE

    @property
    def can_read(self) -> bool:
        return self.space.access >= Access.READ

    @property
    def show_settings(self) -> bool:
        return self.can_manage or self.can_moderate

    @property
    def can_set_roles(self) -> bool:
        return self.space.access >= Access.OWN


def space_members_screen(db: Session, actor: Actor, space_id: int, *,
                         cursor: str | None = None) -> SpaceMembersScreen:
    """Members, and for moderators the pending requests; used by the members and
    settings tabs."""
    space = spaces.get_space(db, actor, space_id)
    members = spaces.list_members(db, actor, space_id, cursor=cursor, limit=MEMBERS_PAGE) \
        if space.access >= Access.READ else Page()
    requests = spaces.list_join_requests(db, actor, space_id) \
        if space.access >= Access.MODERATE else []
    return SpaceMembersScreen(space=space, members=members, requests=requests,
                              can_manage=can_manage_space(actor, Access(space.access)))


@dataclass(frozen=True)
class PostScreen:
    post: PostView
    comments: Page[CommentView]
    access: int
    archived: bool
    viewer_id: int
    replied_names: dict[int, str]  # parent comment id -> its author's name

    @property
    def can_comment(self) -> bool:
        return self.access >= Access.READ and not self.archived

    @property
    def can_moderate(self) -> bool:
        return self.access >= Access.MODERATE

    @property
    def is_author(self) -> bool:
        return self.post.author.id == self.viewer_id

    @property
    def can_edit(self) -> bool:
        return self.is_author and not self.archived

    @property
    def can_delete(self) -> bool:
        return self.is_author or self.can_moderate

    def may_edit(self, comment: CommentView) -> bool:
        return (not comment.deleted and comment.author is not None
                and comment.author.id == self.viewer_id and not self.archived)

    def may_delete(self, comment: CommentView) -> bool:
        return not comment.deleted and comment.author is not None and (
            comment.author.id == self.viewer_id or self.can_moderate)


def post_screen(db: Session, actor: Actor, post_id: int, *,
                cursor: str | None = None) -> PostScreen:
    _, loaded = load_post(db, actor, post_id)
    post = posts.get_post(db, actor, post_id)
    page = comments.list_comments(db, actor, post.discussion_id, cursor=cursor,
                                  limit=COMMENT_PAGE)
    return PostScreen(post=post, comments=page, access=int(loaded.access),
                      archived=loaded.space.archived_at is not None, viewer_id=actor.user_id,
                      replied_names=_parent_names(db, actor, page.items))


def _parent_names(db: Session, actor: Actor, shown: list[CommentView]) -> dict[int, str]:
    """Who each reply answers, for replies nested deeper than the page indents."""
    parent_ids = {comment.parent_id for comment in shown if comment.parent_id is not None}
    if not parent_ids:
        return {}
    rows = db.execute(select(Comment.id, Comment.deleted_at, User.name)
                      .join(User, User.id == Comment.author_id)
                      .where(Comment.id.in_(parent_ids),
                             Comment.tenant_id == actor.tenant_id)).all()
    return {comment_id: name for comment_id, deleted_at, name in rows if deleted_at is None}


@dataclass(frozen=True)
class TagScreen:
    key: str
    label: str
    feed: Page[PostView]


def tag_screen(db: Session, actor: Actor, tag: str, *, cursor: str | None = None) -> TagScreen:
    feed = feeds.tag_feed(db, actor, tag, cursor=cursor, limit=FEED_PAGE)
    label = tags.tag_label(db, actor, tag)
    return TagScreen(key=tag_key(tag), label=label, feed=feed)
