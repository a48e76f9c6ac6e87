"""Rows for a dataset, produced by generators and handed to a sink table by table.

Everything comes from `random.Random` streams seeded from the dataset's fixed
seed, one stream per tenant: the same seed gives the same rows, and the `firm`
tenant of `service` is the very firm of `firm`. Ids are given here (the sink
loads them as they are, then moves the sequences past them).

Posts of all tenants are written in time order (a merge of each tenant's
timeline), as a service that grew over two years would have stored them, so a
firm's posts are spread among the others' rather than packed together. A
post's comments and reactions are written right after it.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterator, Protocol

from bench.datasets import Dataset, Shape
from bench.seed import texts
from core.text import fold, tag_key
from social.models.discussions import PATH_DIGITS

UTC = timezone.utc
HISTORY = timedelta(days=730)
MAX_NESTING = 64            # as social/services/comments.py
MAX_POST_COMMENTS = 200     # so the busy Drive file stays the longest thread
FILE_COMMENT_SHARE = 0.2    # of a tenant's comments, on Drive files' own discussions
FILE_REACTION_SHARE = 0.1
BENCH_PEOPLE = 16           # people of the main firm the load signs in as
POST_TEMPLATES, COMMENT_TEMPLATES = 2_000, 3_000
ALL_MEMBERS_SPACE = 0       # "Vie du cabinet": everyone belongs to it
SECRET_SPACES, PRIVATE_SPACES = {3}, {5, 9}
INTEREST_SPACES = {4, 5, 12, 18, 19}


class Sink(Protocol):
    def write(self, table: str, row: tuple) -> None: ...


@dataclass
class Person:
    id: int
    subject: str
    email: str
    name: str
    handle: str


@dataclass
class Facts:
    """What the load needs to know about the seeded data, kept in the marker row."""

    dataset: str
    seed: int
    tenant_id: int = 0
    domain: str = ""
    people: list[dict] = field(default_factory=list)         # the bench people
    busy_file: dict = field(default_factory=dict)            # google_id, title, mime, comments
    writable_posts: list[int] = field(default_factory=list)  # in the all-members space
    feed_tokens: list[str] = field(default_factory=list)     # plain, one per bench person
    search_queries: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


class Ids:
    """One counter per table with an id; `last` says how far each went."""

    def __init__(self) -> None:
        self.tenant, self.user, self.space = (itertools.count(1) for _ in range(3))
        self.discussion, self.file, self.post = (itertools.count(1) for _ in range(3))
        self.comment, self.mention, self.reaction = (itertools.count(1) for _ in range(3))
        self.search, self.feed_token, self.notification = (itertools.count(1) for _ in range(3))


def allocate(total: int, parts: int, rng: random.Random, cap: int) -> list[int]:
    """`total` spread over `parts` with a heavy tail (a few busy threads, many quiet
    ones), none above `cap`; the sum is exact."""
    if parts == 0 or total == 0:
        return [0] * parts
    if total > parts * cap:
        raise ValueError(f"cannot spread {total} over {parts} parts of at most {cap}")
    weights = [rng.paretovariate(1.3) for _ in range(parts)]
    scale = total / sum(weights)
    raw = [weight * scale for weight in weights]
    counts = [min(int(value), cap) for value in raw]
    left = total - sum(counts)
    order = sorted(range(parts), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    while left > 0:
        for index in order:
            if left == 0:
                break
            if counts[index] < cap:
                counts[index] += 1
                left -= 1
    return counts


def _at(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


class TenantGen:
    """One tenant: its people and spaces up front, then its files, then its timeline."""

    def __init__(self, index: int, shape: Shape, seed: int, ids: Ids, now: float,
                 posts: list[texts.Template], comments: list[texts.Template], main: bool):
        self.index, self.shape, self.ids, self.now, self.main = index, shape, ids, now, main
        self.rng = random.Random(seed * 1_000_003 + index)
        self.post_pool, self.comment_pool = posts, comments
        self.tenant_id = next(ids.tenant)
        self.domain = "firme-bench.fr" if main else f"firme{index:04d}.fr"
        self.people: list[Person] = []
        self.space_ids: list[int] = []
        self.members: list[list[int]] = []
        self.file_ids: list[int] = []
        self.space_posts: dict[int, list[int]] = {}
        self.mentions: list[tuple] = []  # (user, space, post, comment, author, at) for notices

    # people, spaces, memberships ------------------------------------------------------

    def directory(self, sink: Sink) -> None:
        rng, tid, shape = self.rng, self.tenant_id, self.shape
        start = _at(self.now - HISTORY.total_seconds() - 86_400)
        sink.write("tenants", (tid, self.domain, f"Cabinet {self.index}" if not self.main
                               else "Cabinet Bench", start))
        taken: set[str] = set()
        for number in range(shape.people):
            first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
            base = f"{fold(first)}.{fold(last)}".replace(" ", "-").replace("'", "")
            handle, suffix = base, 1
            while handle in taken:
                suffix += 1
                handle = f"{base}{suffix}"
            taken.add(handle)
            person = Person(next(self.ids.user), f"bench-{self.index}-{number}",
                            f"{handle}@{self.domain}", f"{first} {last}", handle)
            self.people.append(person)
            sink.write("users", (person.id, tid, person.subject, person.email, person.name,
                                 fold(person.name), handle, None, "fr", None, "weekly",
                                 "Europe/Paris", "admin" if number == 0 else "member", True,
                                 start, None))
            sink.write("profiles", (person.id, tid, rng.choice(texts.JOBS),
                                    "Passionné·e par les projets bien faits.",
                                    rng.choice(texts.SITES), "", start))
            for kind, labels, count in (("skill", texts.SKILLS, 2), ("passion", texts.PASSIONS, 1)):
                for label in rng.sample(labels, count):
                    sink.write("profile_tags", (person.id, tid, kind, tag_key(label), label))
        everyone = [person.id for person in self.people]
        for number in range(shape.spaces):
            space_id = next(self.ids.space)
            name = texts.SPACE_NAMES[number % len(texts.SPACE_NAMES)]
            if number >= len(texts.SPACE_NAMES):
                name = f"{name} {number // len(texts.SPACE_NAMES) + 1}"
            visibility = "secret" if number in SECRET_SPACES else \
                "private" if number in PRIVATE_SPACES else "public"
            owner = everyone[number % len(everyone)]
            if number == ALL_MEMBERS_SPACE:
                members = everyone
            else:
                size = max(2, int(len(everyone) * rng.uniform(0.2, 0.6)))
                members = sorted({owner, *rng.sample(everyone, min(size, len(everyone)))})
            sink.write("spaces", (space_id, tid, name, fold(name), f"L'espace {name}.",
                                  "interest" if number in INTEREST_SPACES else "professional",
                                  visibility, owner, start, None))
            for user_id in members:
                sink.write("memberships", (space_id, user_id, tid,
                                           "owner" if user_id == owner else "member", start))
            self.space_ids.append(space_id)
            self.members.append(members)

    # threads and reactions -----------------------------------------------------------

    def _handles(self, count: int, besides: int) -> list[Person]:
        chosen = []
        for person in self.rng.sample(self.people, min(len(self.people), count + 1)):
            if person.id != besides and len(chosen) < count:
                chosen.append(person)
        return chosen

    def _thread(self, sink: Sink, discussion_id: int, start: float, count: int,
                authors: list[int], space_id: int | None, post_id: int | None) -> None:
        rng, tid, ids = self.rng, self.tenant_id, self.ids
        placed: list[tuple[int, int, str]] = []
        moment = start
        limit = self.now - 30
        for _ in range(count):
            comment_id = next(ids.comment)
            moment = min(moment + rng.expovariate(1 / 7_200), limit)
            own = f"{comment_id:0{PATH_DIGITS}d}"
            parent_id, depth, path = None, 0, own
            if placed and rng.random() < 0.4:
                parent_id, parent_depth, parent_path = placed[rng.randrange(
                    max(0, len(placed) - 5), len(placed))]
                if parent_depth + 1 < MAX_NESTING:
                    depth, path = parent_depth + 1, parent_path + own
                else:
                    depth, path = parent_depth, parent_path[:-PATH_DIGITS] + own
            placed.append((comment_id, depth, path))
            author = rng.choice(authors)
            template = rng.choice(self.comment_pool)
            at = _at(moment)
            if template.mentions:
                mentioned = self._handles(template.mentions, author)
                body_md, body_html, folded = texts.filled(template,
                                                          [p.handle for p in mentioned])
                for person in mentioned:
                    sink.write("mentions", (next(ids.mention), tid, person.id, None,
                                            comment_id, at))
                    if self.main:
                        self.mentions.append((person.id, space_id, post_id, comment_id,
                                              author, at))
            else:
                body_md, body_html, folded = template.body_md, template.body_html, \
                    template.folded
            sink.write("comments", (comment_id, tid, discussion_id, parent_id, author, depth,
                                    path, body_md, body_html, at, None, None, None))
            sink.write("search_entries", (next(ids.search), tid, discussion_id, space_id,
                                          post_id, comment_id, author, folded))

    def _reactions(self, sink: Sink, discussion_id: int, start: float, count: int,
                   author: int | None) -> None:
        rng = self.rng
        chosen = [p.id for p in rng.sample(self.people, min(len(self.people), count + 1))
                  if p.id != author][:count]
        for user_id in chosen:
            kind = "like" if rng.random() < 0.75 else rng.choice(
                ("thumbs_up", "heart", "tada", "idea", "laugh"))
            at = _at(min(start + rng.uniform(60, 172_800), self.now - 30))
            sink.write("reactions", (next(self.ids.reaction), self.tenant_id, discussion_id,
                                     user_id, kind, at))

    # Drive files ---------------------------------------------------------------------

    def files(self, sink: Sink, facts: Facts) -> None:
        rng, tid, shape = self.rng, self.tenant_id, self.shape
        file_comments = int(shape.comments * FILE_COMMENT_SHARE)
        busy = shape.busy_file_comments if shape.files else 0
        quiet = allocate(max(0, file_comments - busy), max(0, shape.files - 1), rng,
                         MAX_POST_COMMENTS)
        comment_counts = [busy] + quiet if shape.files else []
        reaction_counts = allocate(int(shape.reactions * FILE_REACTION_SHARE), shape.files,
                                   rng, len(self.people) - 1)
        everyone = [person.id for person in self.people]
        for number in range(shape.files):
            discussion_id, file_id = next(self.ids.discussion), next(self.ids.file)
            mime, extension = rng.choice(texts.FILE_KINDS)
            title = f"{rng.choice(texts.OBJECTS).capitalize()} {number}" + \
                (f".{extension}" if extension else "")
            google_id = f"1bench{self.index:04d}x{number:06d}" + "AbCdEfGhIjKl"
            start = self.now - (20 * 86_400 if number == 0 else
                                rng.uniform(3_600, HISTORY.total_seconds()))
            at = _at(start)
            sink.write("discussions", (discussion_id, tid, "file", at))
            sink.write("drive_files", (file_id, tid, google_id, title, mime,
                                       f"https://drive.google.com/file/d/{google_id}/view",
                                       discussion_id, at, at))
            self._thread(sink, discussion_id, start, comment_counts[number], everyone,
                         None, None)
            self._reactions(sink, discussion_id, start, reaction_counts[number], None)
            self.file_ids.append(file_id)
            if self.main and number == 0:
                facts.busy_file = {"google_id": google_id, "title": title, "mime_type": mime,
                                   "comments": busy}

    # the timeline --------------------------------------------------------------------

    def timeline(self, sink_rows: Callable[[], list]) -> Iterator[tuple[float, int, list]]:
        """(time, tenant, rows) for each post in time order, with its thread and reactions."""
        rng, shape, tid, ids = self.rng, self.shape, self.tenant_id, self.ids
        post_comments = shape.comments - int(shape.comments * FILE_COMMENT_SHARE)
        comments = allocate(post_comments, shape.posts, rng, MAX_POST_COMMENTS)
        reactions = allocate(shape.reactions - int(shape.reactions * FILE_REACTION_SHARE),
                             shape.posts, rng, len(self.people) - 1)
        moments = sorted(rng.uniform(self.now - HISTORY.total_seconds(), self.now - 600)
                         for _ in range(shape.posts))
        weights = [1 / (rank + 1) for rank in range(len(self.space_ids))]
        spaces = rng.choices(range(len(self.space_ids)), weights=weights, k=shape.posts)
        featured = set(rng.sample(range(max(0, shape.posts - 150), shape.posts),
                                  min(3, shape.posts))) if self.main else set()
        admin = self.people[0].id
        for number, moment in enumerate(moments):
            rows = sink_rows()
            sink = _ListSink(rows)
            space = spaces[number]
            space_id, members = self.space_ids[space], self.members[space]
            author = rng.choice(members)
            discussion_id, post_id = next(ids.discussion), next(ids.post)
            template = rng.choice(self.post_pool)
            at = _at(moment)
            if template.mentions:
                mentioned = self._handles(template.mentions, author)
                body_md, body_html, folded = texts.filled(template,
                                                          [p.handle for p in mentioned])
            else:
                mentioned, body_md, body_html, folded = [], template.body_md, \
                    template.body_html, template.folded
            featured_at = _at(moment + 3_600) if number in featured else None
            sink.write("discussions", (discussion_id, tid, "post", at))
            sink.write("posts", (post_id, tid, space_id, author, discussion_id, body_md,
                                 body_html, at, None, None, featured_at,
                                 admin if featured_at else None, None))
            for key, label in template.hashtags:
                sink.write("post_tags", (post_id, tid, key, label))
            for person in mentioned:
                sink.write("mentions", (next(ids.mention), tid, person.id, post_id, None, at))
                if self.main:
                    self.mentions.append((person.id, space_id, post_id, None, author, at))
            if self.file_ids and rng.random() < 0.1:
                sink.write("post_attachments", (post_id, rng.choice(self.file_ids), tid, 0))
            sink.write("search_entries", (next(ids.search), tid, discussion_id, space_id,
                                          post_id, None, author, folded))
            self._thread(sink, discussion_id, moment, comments[number], members, space_id,
                         post_id)
            self._reactions(sink, discussion_id, moment, reactions[number], author)
            if self.main:
                self.space_posts.setdefault(space, []).append(post_id)
            yield moment, self.index, rows

    # what the load needs ---------------------------------------------------------------

    def extras(self, sink: Sink, facts: Facts) -> None:
        """The bench people's feed tokens and a sample of notifications (their mentions)."""
        tid, now = self.tenant_id, _at(self.now)
        bench = self.people[:BENCH_PEOPLE]
        for person in bench:
            token = f"{tid}.{base64.urlsafe_b64encode(self.rng.randbytes(32)).rstrip(b'=').decode()}"
            sink.write("feed_tokens", (next(self.ids.feed_token), tid, person.id,
                                       hashlib.sha256(token.encode()).hexdigest(), "bench",
                                       now, None, None))
            facts.feed_tokens.append(token)
        recent = self.now - 30 * 86_400
        for user_id, space_id, post_id, comment_id, author, at in self.mentions:
            if at.timestamp() < recent:
                continue
            read = at + timedelta(hours=1) if at.timestamp() < self.now - 3 * 86_400 else None
            sink.write("notifications", (
                next(self.ids.notification), tid, user_id, "mention", space_id, post_id,
                comment_id, json.dumps([author]), 1,
                json.dumps({"in": "comment" if comment_id else "post"}), None, at, at, read))
        facts.tenant_id, facts.domain = tid, self.domain
        facts.people = [vars(person) for person in bench]
        facts.writable_posts = self.space_posts.get(ALL_MEMBERS_SPACE, [])[-200:]


class _ListSink:
    def __init__(self, rows: list) -> None:
        self.rows = rows

    def write(self, table: str, row: tuple) -> None:
        self.rows.append((table, row))


def generate(dataset: Dataset, seed: int, sink: Sink, now: float,
             advance: Callable[[int], None] = lambda n: None) -> Facts:
    """Writes the whole dataset into `sink`; `advance` hears of each post and file."""
    facts = Facts(dataset=dataset.name, seed=seed, search_queries=list(texts.SEARCH_QUERIES))
    # Fewer templates for small datasets: rendering them is most of tiny's seeding.
    totals = dataset.totals
    post_pool = texts.post_templates(seed, min(POST_TEMPLATES, max(50, totals.posts // 4)))
    comment_pool = texts.comment_templates(seed, min(COMMENT_TEMPLATES,
                                                     max(50, totals.comments // 4)))
    ids = Ids()
    tenants = [TenantGen(index, shape, seed, ids, now, post_pool, comment_pool, index == 0)
               for index, shape in enumerate(dataset.shapes())]
    for tenant in tenants:
        tenant.directory(sink)
    for tenant in tenants:
        tenant.files(sink, facts)
        advance(tenant.shape.files)
    timelines = [tenant.timeline(list) for tenant in tenants]
    for _, _, rows in heapq.merge(*timelines, key=lambda item: item[0]):
        for table, row in rows:
            sink.write(table, row)
        advance(1)
    tenants[0].extras(sink, facts)
    return facts
