"""Chronological feeds: a space's, a person's across their spaces, a hashtag's.

Each is keyset-paginated on post id, newest first, along an index: a page costs
the same on a firm's first day and on its millionth post.
"""

from __future__ import annotations

from sqlalchemy import Select, select, true
from sqlalchemy.orm import Session, joinedload

from core.text import tag_key
from social.actor import Actor, require_active
from social.models import Membership, Post, PostTag, Space, Visibility
from social.moderation.visibility import not_hidden
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.policy import Access
from social.services.access import load_space
from social.services.assemble import post_views
from social.views import PostView

MAX_PINNED = 10


def _page(db: Session, actor: Actor, statement: Select, cursor: str | None,
          limit: int | None) -> Page[PostView]:
    limit = page_size(limit)
    key = decode_cursor(cursor, int)
    if key:
        statement = statement.where(Post.id < key[0])
    statement = (statement.where(not_hidden(Post))
                 .options(joinedload(Post.author), joinedload(Post.space))
                 .order_by(Post.id.desc()).limit(limit + 1))
    posts, more = cut(db.scalars(statement).unique().all(), limit)
    return Page(post_views(db, actor, posts), encode_cursor(posts[-1].id) if more else None)


def space_feed(db: Session, actor: Actor, space_id: int, *, cursor: str | None = None,
               limit: int | None = None) -> Page[PostView]:
    load_space(db, actor, space_id, Access.READ)
    statement = select(Post).where(Post.space_id == space_id, Post.tenant_id == actor.tenant_id)
    return _page(db, actor, statement, cursor, limit)


def pinned_posts(db: Session, actor: Actor, space_id: int) -> list[PostView]:
    load_space(db, actor, space_id, Access.READ)
    posts = db.scalars(select(Post).options(joinedload(Post.author), joinedload(Post.space))
                       .where(Post.space_id == space_id, Post.tenant_id == actor.tenant_id,
                              Post.pinned_at.is_not(None), not_hidden(Post))
                       .order_by(Post.pinned_at.desc()).limit(MAX_PINNED)).unique().all()
    return post_views(db, actor, posts)


def home_feed(db: Session, actor: Actor, *, cursor: str | None = None,
              limit: int | None = None) -> Page[PostView]:
    """Newest posts of the spaces the actor belongs to."""
    require_active(actor)
    mine = select(Membership.space_id).where(Membership.user_id == actor.user_id,
                                             Membership.tenant_id == actor.tenant_id)
    if db.get_bind().dialect.name != "postgresql":
        statement = select(Post).where(Post.tenant_id == actor.tenant_id, Post.space_id.in_(mine))
        return _page(db, actor, statement, cursor, limit)
    # Among many firms' posts, `space_id IN (mine) ORDER BY id DESC` would read every post
    # of my spaces and sort them. Each space gives its newest along its (space_id, id)
    # index instead, no more than a page, and the page is the newest of those.
    # (SQLite holds one firm: there the plain statement walks the newest posts first.)
    limit = page_size(limit)
    key = decode_cursor(cursor, int)
    spaces = mine.subquery()
    newest = (select(Post.id).where(Post.space_id == spaces.c.space_id,
                                    Post.tenant_id == actor.tenant_id, not_hidden(Post),
                                    *([Post.id < key[0]] if key else []))
              .order_by(Post.id.desc()).limit(limit + 1).lateral())
    candidates = (select(newest.c.id).select_from(spaces.join(newest, true()))
                  .order_by(newest.c.id.desc()).limit(limit + 1))
    statement = select(Post).where(Post.tenant_id == actor.tenant_id, Post.id.in_(candidates))
    return _page(db, actor, statement, None, limit)


def readable_space_ids(actor: Actor) -> Select:
    """The spaces whose content the actor reads: theirs, and for the firm's own people
    every public one."""
    mine = select(Membership.space_id).where(Membership.user_id == actor.user_id,
                                             Membership.tenant_id == actor.tenant_id)
    if actor.is_guest:
        return mine
    public = select(Space.id).where(Space.tenant_id == actor.tenant_id,
                                    Space.visibility == Visibility.PUBLIC)
    return mine.union(public)


def tag_feed(db: Session, actor: Actor, tag: str, *, cursor: str | None = None,
             limit: int | None = None) -> Page[PostView]:
    """Posts carrying a hashtag, in the spaces the actor reads."""
    require_active(actor)
    tagged = select(PostTag.post_id).where(PostTag.tenant_id == actor.tenant_id,
                                           PostTag.key == tag_key(tag))
    statement = select(Post).where(Post.tenant_id == actor.tenant_id, Post.id.in_(tagged),
                                   Post.space_id.in_(readable_space_ids(actor)))
    return _page(db, actor, statement, cursor, limit)
