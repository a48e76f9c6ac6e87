"""The ranked home feed and the week's strongest contributions (the formula: social/ranking.py).

Both rank a bounded set of recent posts: each costs the same few statements
whatever the number of posts the firm has written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Collection

from sqlalchemy.orm import Session

from core.clock import utcnow
from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import InvalidInput
from social.pagination import Page, decode_cursor, encode_cursor, page_size
from social.ranking import Engagement, rank_feed, rank_strongest
from social.services.assemble import post_views
from social.services.engagement import (PostRow, load_posts, member_space_ids, readable_spaces,
                                        recent_posts, with_engagement)
from social.views import PostView

HOME_WINDOW = timedelta(days=14)
MAX_CANDIDATES = 300
RANKED = "ranked"  # marks a ranked feed's cursor, so a chronological one is not taken for it


@dataclass(frozen=True)
class RankedPost:
    post: PostView
    engagement: Engagement


def ranked_home_feed(db: Session, actor: Actor, *, cursor: str | None = None,
                     limit: int | None = None, now: datetime | None = None) -> Page[PostView]:
    """The posts of the actor's spaces of the last two weeks, featured and pinned first,
    then by score. The cursor is a position in that ranking: the candidates are at most
    MAX_CANDIDATES, so the list ends there (the chronological feed goes further back)."""
    require_active(actor)
    now = now or utcnow()
    shown, following = ranked_home_rows(db, actor, member_space_ids(db, actor), cursor=cursor,
                                        limit=limit, now=now)
    posts = load_posts(db, actor.tenant_id, [row.post_id for row in shown])
    return Page(post_views(db, actor, posts), following)


def ranked_home_rows(db: Session, actor: Actor, space_ids: Collection[int], *,
                     cursor: str | None, limit: int | None,
                     now: datetime) -> tuple[list[PostRow], str | None]:
    """One page of the ranked home feed over these spaces (the actor's), and the cursor
    to the next page."""
    limit = page_size(limit)
    offset = _offset(cursor)
    rows = recent_posts(db, actor.tenant_id, space_ids, since=now - HOME_WINDOW, until=now,
                        cap=MAX_CANDIDATES)
    ranked = rank_feed(with_engagement(db, actor.tenant_id, rows, until=now), now)
    following = offset + limit
    return (ranked[offset:following],
            encode_cursor(RANKED, following) if following < len(ranked) else None)


def _offset(cursor: str | None) -> int:
    key = decode_cursor(cursor, str, int)
    if key is None:
        return 0
    tag, offset = key
    if tag != RANKED or not 0 <= offset <= MAX_CANDIDATES:
        raise InvalidInput(N_("This page link is not valid."), field="cursor")
    return offset


def strongest_contributions(db: Session, actor: Actor, *, days: int = 7, limit: int = 10,
                            now: datetime | None = None,
                            exclude_post_ids: Collection[int] = ()) -> list[RankedPost]:
    """The posts of the last `days` days the actor may read that drew the most engagement
    from others (no decay inside the window); posts nobody answered are not listed."""
    require_active(actor)
    now = now or utcnow()
    rows = strongest_rows(db, actor, since=now - timedelta(days=days), now=now)
    excluded = set(exclude_post_ids)
    chosen = [row for row in rows if row.post_id not in excluded][:limit]
    return ranked_posts(db, actor, chosen)


def strongest_rows(db: Session, actor: Actor, *, since: datetime, now: datetime,
                   space_ids: Collection[int] | None = None) -> list[PostRow]:
    """Ranked rows of the strongest contributions in these spaces (by default the ones
    the actor reads)."""
    spaces = readable_spaces(db, actor) if space_ids is None else space_ids
    rows = recent_posts(db, actor.tenant_id, spaces, since=since, until=now, cap=MAX_CANDIDATES)
    return rank_strongest(with_engagement(db, actor.tenant_id, rows, until=now))


def ranked_posts(db: Session, actor: Actor, rows: list[PostRow]) -> list[RankedPost]:
    """Views of ranked rows, in their order, each with the engagement it was ranked by."""
    return views_of(db, actor, [], rows)[1]


def views_of(db: Session, actor: Actor, feed: list[PostRow],
             ranked: list[PostRow]) -> tuple[list[PostView], list[RankedPost]]:
    """Views of a feed's rows and of ranked rows (with their engagement), each in its
    order, loaded together: a page showing both costs the statements of one."""
    ids = list(dict.fromkeys(row.post_id for row in [*feed, *ranked]))
    views = {view.id: view for view in post_views(db, actor, load_posts(db, actor.tenant_id,
                                                                          ids))}
    return ([views[row.post_id] for row in feed if row.post_id in views],
            [RankedPost(views[row.post_id], row.engagement) for row in ranked
             if row.post_id in views])
