"""Searching the posts and comments a person may read now.

Visibility is decided at query time, from the same rule as the feeds: the
spaces the person reads today (not the day the text was indexed), plus the
discussions of Drive files for the firm's own people; nothing a moderator hid,
nor the comments of a hidden post. Hits come by relevance,
then the newest first; a page ends with a cursor on (rank, date, entry id).
On PostgreSQL the ranked matches are the newest few hundred (backends.MAX_CANDIDATES),
so a search costs the same in a small firm and a large one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import InvalidInput
from social.models import Comment, DriveFile, Post, SearchEntry, Space, User
from social.moderation.visibility import not_hidden
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.policy import can_see_firm_wide
from social.search.backends import engine_for
from social.search.excerpts import Term, excerpt, plain_text
from social.search.query import parse_query
from social.services.assemble import file_ref, person_ref, space_ref
from social.services.feeds import readable_space_ids
from social.views import FileRef, PersonRef, SpaceRef


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "post" or "comment"
    post_id: int | None  # None for a comment on a Drive file
    comment_id: int | None
    discussion_id: int
    space: SpaceRef | None
    file: FileRef | None  # the Drive file a file comment is about
    author: PersonRef
    excerpt: Markup
    created_at: datetime
    rank: float


def search(db: Session, actor: Actor, query: str, *, cursor: str | None = None,
           limit: int | None = None) -> Page[SearchHit]:
    require_active(actor)
    parsed = parse_query(query)
    limit = page_size(limit)
    key = _decode(cursor)
    if parsed.is_empty:
        return Page()
    engine = engine_for(db)
    created = func.coalesce(Comment.created_at, Post.created_at)
    visible = SearchEntry.space_id.in_(readable_space_ids(actor))
    if can_see_firm_wide(actor):
        visible = or_(visible, SearchEntry.space_id.is_(None))
    matching = engine.matching(parsed, [SearchEntry.tenant_id == actor.tenant_id, visible])
    ranked = (select(SearchEntry.id.label("id"), matching.rank.label("rank"),
                     created.label("created_at"))
              .select_from(matching.source)
              .outerjoin(Comment, Comment.id == SearchEntry.comment_id)
              .outerjoin(Post, Post.id == SearchEntry.post_id)
              .where(matching.condition, SearchEntry.tenant_id == actor.tenant_id, visible,
                     # The outer joins leave these null for entries without a post or
                     # comment, which count as not hidden.
                     not_hidden(Post), not_hidden(Comment))
              .subquery())
    statement = select(ranked.c.id, ranked.c.rank, ranked.c.created_at)
    if key:
        rank, moment, entry_id = key
        statement = statement.where(or_(
            ranked.c.rank < rank,
            and_(ranked.c.rank == rank, ranked.c.created_at < moment),
            and_(ranked.c.rank == rank, ranked.c.created_at == moment, ranked.c.id < entry_id)))
    rows, more = cut(db.execute(
        statement.order_by(ranked.c.rank.desc(), ranked.c.created_at.desc(), ranked.c.id.desc())
        .limit(limit + 1)).all(), limit)
    terms = engine.terms(db, parsed, actor.tenant_id, [row.id for row in rows]) if rows else []
    hits = _hits(db, actor, rows, terms)
    last = rows[-1] if more else None
    return Page(hits, encode_cursor(float(last.rank), last.created_at.isoformat(), last.id)
                if last else None)


def _decode(cursor: str | None) -> tuple[float, datetime, int] | None:
    key = decode_cursor(cursor, float, str, int)
    if key is None:
        return None
    try:
        moment = datetime.fromisoformat(key[1])
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(N_("This page link is not valid."), field="cursor")
    return key[0], moment, key[2]


def _hits(db: Session, actor: Actor, rows, terms: list[Term]) -> list[SearchHit]:
    ids = [row.id for row in rows]
    if not ids:
        return []
    entries = {entry.id: entry for entry in db.scalars(select(SearchEntry).where(
        SearchEntry.id.in_(ids), SearchEntry.tenant_id == actor.tenant_id))}
    posts = _by_id(db, actor, Post, {e.post_id for e in entries.values() if e.post_id})
    comments = _by_id(db, actor, Comment, {e.comment_id for e in entries.values()
                                            if e.comment_id})
    people = _by_id(db, actor, User, {e.author_id for e in entries.values()})
    spaces = _by_id(db, actor, Space, {e.space_id for e in entries.values() if e.space_id})
    files = {drive_file.discussion_id: drive_file for drive_file in db.scalars(
        select(DriveFile).where(DriveFile.tenant_id == actor.tenant_id,
                                DriveFile.discussion_id.in_(
                                    {e.discussion_id for e in entries.values()
                                     if e.space_id is None})))}
    hits = []
    for row in rows:
        entry = entries[row.id]
        source = comments[entry.comment_id] if entry.comment_id else posts[entry.post_id]
        drive_file = files.get(entry.discussion_id)
        hits.append(SearchHit(
            kind="comment" if entry.comment_id else "post", post_id=entry.post_id,
            comment_id=entry.comment_id, discussion_id=entry.discussion_id,
            space=space_ref(spaces[entry.space_id]) if entry.space_id else None,
            file=file_ref(drive_file) if drive_file else None,
            author=person_ref(people[entry.author_id]),
            excerpt=excerpt(plain_text(source.body_html), terms),
            created_at=row.created_at, rank=float(row.rank)))
    return hits


def _by_id(db: Session, actor: Actor, model, ids: set[int]) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.scalars(select(model).where(
        model.id.in_(ids), model.tenant_id == actor.tenant_id))}
