"""Choosing what goes into one person's digest, at send time, from what they may see now.

Sections, filled in this order so that an item lands in the first that wants it
and in no other: what awaits the reader (mentions, replies), the featured
posts, the most relevant posts of their spaces since their last digest (ranked
by the home feed's score, only the top few), then the week's strongest
contributions. Whatever an earlier digest already carried (the ledger) is left
out, and so is anything in a space the reader no longer reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from social.digests.awaiting import SCAN, find_awaiting
from social.digests.content import POST, Digest, Reader
from social.digests.schedule import period
from social.models import DigestFrequency, DigestItem
from social.ranking import rank_feed, rank_strongest
from social.services.engagement import (PostRow, member_space_ids, readable_spaces,
                                        recent_posts, with_engagement)
from social.services.ranked import MAX_CANDIDATES, ranked_posts

RELEVANT = {DigestFrequency.DAILY: 5, DigestFrequency.WEEKLY: 10}
FEATURED = 5
STRONGEST = 5
AWAITING = 20
STRONGEST_WINDOW = timedelta(days=7)
# Nothing older than this goes into a digest, however long since the last one.
LOOKBACK = timedelta(days=14)
# Ledger rows are kept longer than LOOKBACK: an item cannot come back once its row is gone.
LEDGER_KEPT = timedelta(days=60)


def digest_since(last_sent_at: datetime | None, frequency: str, now: datetime) -> datetime:
    """The start of what a digest covers: the last one, or one period for a first digest."""
    start = last_sent_at or now - period(frequency)
    return max(start, now - LOOKBACK)


def already_sent(db: Session, reader: Reader) -> set[tuple[str, int]]:
    return set(db.execute(select(DigestItem.item_kind, DigestItem.item_id).where(
        DigestItem.user_id == reader.user_id, DigestItem.tenant_id == reader.tenant_id)).all())


def compose_digest(db: Session, reader: Reader, *, since: datetime, now: datetime) -> Digest:
    actor = reader.actor
    taken = already_sent(db, reader)
    readable = readable_spaces(db, actor)
    awaiting = [item for item in find_awaiting(db, reader, readable, since=since, now=now,
                                               limit=SCAN) if item.key not in taken][:AWAITING]
    taken |= {item.key for item in awaiting}

    rows = with_engagement(db, reader.tenant_id, recent_posts(
        db, reader.tenant_id, readable, since=now - LOOKBACK, until=now, cap=MAX_CANDIDATES),
        until=now)

    def pick(candidates: list[PostRow], limit: int) -> list[PostRow]:
        chosen = [row for row in candidates if (POST, row.post_id) not in taken][:limit]
        taken.update((POST, row.post_id) for row in chosen)
        return chosen

    featured = pick(sorted((row for row in rows if row.featured_at and row.featured_at <= now),
                           key=lambda row: row.featured_at, reverse=True), FEATURED)
    mine = set(member_space_ids(db, actor))
    relevant = pick(rank_feed([row for row in rows if row.space_id in mine
                               and row.created_at >= since and row.author_id != reader.user_id],
                              now, promoted_first=False),
                    RELEVANT.get(reader.frequency, RELEVANT[DigestFrequency.WEEKLY]))
    strongest = pick(rank_strongest(row for row in rows
                                    if row.created_at >= now - STRONGEST_WINDOW), STRONGEST)

    chosen = featured + relevant + strongest
    views = {item.post.id: item for item in ranked_posts(db, actor, chosen)}

    def shown(rows: list[PostRow]):
        return tuple(views[row.post_id] for row in rows if row.post_id in views)

    return Digest(reader=reader, since=since, now=now, awaiting=tuple(awaiting),
                  featured=shown(featured), relevant=shown(relevant), strongest=shown(strongest))


def record_sent(db: Session, digest: Digest) -> None:
    """Writes the ledger for a digest about to go out, and forgets rows too old to matter."""
    reader = digest.reader
    db.execute(delete(DigestItem).where(DigestItem.user_id == reader.user_id,
                                        DigestItem.tenant_id == reader.tenant_id,
                                        DigestItem.sent_at < digest.now - LEDGER_KEPT))
    db.add_all(DigestItem(tenant_id=reader.tenant_id, user_id=reader.user_id, item_kind=kind,
                          item_id=item_id, sent_at=digest.now)
               for kind, item_id in dict.fromkeys(digest.keys()))


def forget_sent(db: Session, tenant_id: int, user_id: int, sent_at: datetime) -> None:
    """Undoes `record_sent` for a digest the mail server certainly did not take."""
    db.execute(delete(DigestItem).where(DigestItem.user_id == user_id,
                                        DigestItem.tenant_id == tenant_id,
                                        DigestItem.sent_at == sent_at))
