"""How Comptoir ranks: pure functions of counts and ages, no database.

Relevance is not traffic. A post is worth what it drew from *other* people:

    score = (1 + R + 3 × C) × 0.5 ^ (age / 36 hours)

- R is the number of distinct people, other than the author, who reacted to
  the post (one person counts once, however many emoji they left);
- C is the number of distinct people, other than the author, who commented on
  it (anywhere in its thread). Writing costs more than clicking, so a
  commenter weighs three reactors. Someone who does both counts in both;
- the 1 is the post itself: a post nobody has answered yet still has a place,
  ordered by freshness among its peers;
- the author's own comments and reactions count for nothing;
- the score halves every 36 hours of the post's age: yesterday's news still
  shows the next morning, and a week-old post needs about 25 times the
  engagement of a new one to stay above it.

A half-life was chosen over a "gravity" formula (Hacker News style) because
it says in one sentence what happens over time and keeps the ratio between
two posts of the same age equal to the ratio of their engagement.

Consequences, tested on constructed cases: a burst of fifty posts nobody
answers (each at most 1) never outranks one post ten colleagues commented on
(31, still above a brand-new post a week later); the author commenting under
their own post changes nothing; of two posts with the same engagement the
newer comes first.

In the home feed, featured and pinned posts come first (ranked among
themselves the same way), then all the others; ties go to the newer post.

The week's strongest contributions use the same engagement without decay
(R + 3 × C over posts of the last 7 days; a post nobody answered is not
listed). Ambassadors are people ranked by the distinct colleagues their
contributions drew (posts of the last 30 days, and comments in their threads):
each colleague who reacted to their posts counts 1, each who commented on
their posts or replied to their comments counts 3, however often they did.
Posting a lot earns nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Protocol, Sequence, TypeVar

REACTION_WEIGHT = 1
COMMENT_WEIGHT = 3
BASE = 1.0
HALF_LIFE = timedelta(hours=36)


@dataclass(frozen=True)
class Engagement:
    """Distinct people other than the author: those who reacted, those who commented."""

    reactors: int = 0
    commenters: int = 0

    @property
    def value(self) -> int:
        return REACTION_WEIGHT * self.reactors + COMMENT_WEIGHT * self.commenters


def decay(age: timedelta) -> float:
    """1 for a new post, 1/2 after one half-life, 1/4 after two; a future date counts as new."""
    return 0.5 ** (max(age, timedelta(0)) / HALF_LIFE)


def post_score(engagement: Engagement, age: timedelta) -> float:
    return (BASE + engagement.value) * decay(age)


class Rankable(Protocol):
    """What ranking needs to know of a post."""

    @property
    def post_id(self) -> int: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def engagement(self) -> Engagement: ...

    @property
    def promoted(self) -> bool: ...  # featured by the firm or pinned in its space


@dataclass(frozen=True)
class Candidate:
    post_id: int
    created_at: datetime
    engagement: Engagement
    promoted: bool = False


C = TypeVar("C", bound=Rankable)


def rank_feed(candidates: Iterable[C], now: datetime, *, promoted_first: bool = True) -> list[C]:
    """Promoted posts first, then by score; ties to the newer post (then the higher id)."""
    return sorted(candidates, key=lambda c: (
        promoted_first and not c.promoted, -post_score(c.engagement, now - c.created_at),
        -c.created_at.timestamp(), -c.post_id))


def rank_strongest(candidates: Iterable[C]) -> list[C]:
    """By engagement, without decay; those nobody answered are left out."""
    engaged = [c for c in candidates if c.engagement.value > 0]
    return sorted(engaged, key=lambda c: (
        -c.engagement.value, -c.engagement.commenters, -c.created_at.timestamp(), -c.post_id))


@dataclass(frozen=True)
class Contributor:
    user_id: int
    name: str
    engagement: Engagement


def rank_contributors(contributors: Sequence[Contributor]) -> list[Contributor]:
    """By the engagement they drew, never by how much they wrote; nobody at zero."""
    return sorted((c for c in contributors if c.engagement.value > 0), key=lambda c: (
        -c.engagement.value, -c.engagement.commenters, c.name, c.user_id))
