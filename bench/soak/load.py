"""The soak's load: the mixed scenario (70% reads, 30% writes) from a closed loop of
threads that keeps the books of every write the server acknowledged.

wrk measures throughput best, but knowing which comment a 200 stood for needs the
request and its answer side by side: here each thread sends one request at a time,
notes its answer, and moves on. Reads are the mixed scenario's own (add-on
homepage, Drive file card, web home, search, Atom feed). Writes are made on the
fly: a comment carries a token of its own (found later in the database by it),
and each (person, post) pair of the like/unlike scenario belongs to one thread,
which alternates like and unlike on it, so the state the pair must end in is
known from the answers alone.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from addon import endpoints
from bench import scenarios
from bench.events import Request, Signer

READS = ["addon_home", "drive_file", "web_home", "search", "atom"]
TRACEBACK_MARKS = ("Traceback (most recent call last)", 'File "/')


@dataclass(frozen=True)
class Outcome:
    at: float           # seconds since the load started, when the request was sent
    kind: str           # read, like, unlike, comment
    status: int         # 0: no answer (connection refused or reset, timeout)
    ms: float
    retry_after: str | None = None
    traceback: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Pair:
    """One person's like on one post, toggled by one thread only. `possible` holds the
    states the row may be in: an acknowledged toggle leaves one, an unanswered one adds
    its outcome to those already possible (it may or may not have been committed)."""

    person: dict[str, Any]
    post_id: int
    possible: set[bool] = field(default_factory=lambda: {True, False})
    acknowledged: int = 0
    unanswered: int = 0


@dataclass
class Books:
    """What the load sent and what the server said about it."""

    outcomes: list[Outcome] = field(default_factory=list)
    comments_acknowledged: dict[str, int] = field(default_factory=dict)  # token -> post id
    comments_unanswered: dict[str, int] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)


class MixedLoad:
    def __init__(self, url: str, facts: dict[str, Any], signer: Signer, *, threads: int = 8,
                 timeout: float = 10.0, seed: int = 1):
        self.url = url
        self.facts = facts
        self.signer = signer
        self.threads = threads
        self.timeout = timeout
        self.seed = seed
        self.run_id = uuid.uuid4().hex[:8]
        self.reads = [scenario.requests for scenario in scenarios.build(facts, signer, READS)]
        people, posts = facts["people"], facts["writable_posts"]
        unique: dict[tuple[int, int], Pair] = {}
        for index in range(64):  # the like_unlike scenario's pairs
            person, post_id = people[index % len(people)], posts[(index * 7) % len(posts)]
            unique.setdefault((person["id"], post_id), Pair(person, post_id))
        self.books = Books(pairs=list(unique.values()))
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self.started = 0.0

    # running --------------------------------------------------------------------------

    def start(self) -> None:
        self.started = time.monotonic()
        for number in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(number,), daemon=True,
                                      name=f"soak-load-{number}")
            thread.start()
            self._workers.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._workers:
            thread.join(timeout=self.timeout + 5)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _loop(self, number: int) -> None:
        rng = random.Random(self.seed * 1000 + number)
        owned = self.books.pairs[number::self.threads]
        session = requests.Session()
        sent = 0
        while not self._stop.is_set():
            sent += 1
            draw = rng.random()
            if draw < 0.70:
                self._read(session, rng)
            elif draw < 0.85 and owned:
                self._toggle(session, owned[sent % len(owned)])
            else:
                self._comment(session, rng, f"{self.run_id}-{number}-{sent}")

    # the three kinds of request -------------------------------------------------------

    def _read(self, session: requests.Session, rng: random.Random) -> None:
        self._send(session, "read", rng.choice(rng.choice(self.reads)))

    def _toggle(self, session: requests.Session, pair: Pair) -> None:
        like = not (pair.possible == {True})  # like unless the like is known to be there
        path = endpoints.POST_LIKE if like else endpoints.POST_UNLIKE
        outcome = self._send(session, "like" if like else "unlike", self.signer.addon(
            path, pair.person, self.facts["domain"], parameters={"postId": str(pair.post_id)}))
        if outcome.ok:
            pair.possible = {like}
            pair.acknowledged += 1
        else:
            pair.possible = pair.possible | {like}
            pair.unanswered += 1

    def _comment(self, session: requests.Session, rng: random.Random, token: str) -> None:
        people, posts = self.facts["people"], self.facts["writable_posts"]
        post_id = rng.choice(posts)
        request = self.signer.addon(endpoints.POST_COMMENT, rng.choice(people),
                                    self.facts["domain"], parameters={"postId": str(post_id)},
                                    form={"comment": f"Merci pour ce point (soak {token})"})
        outcome = self._send(session, "comment", request)
        if outcome.ok:
            self.books.comments_acknowledged[token] = post_id
        else:
            self.books.comments_unanswered[token] = post_id

    def _send(self, session: requests.Session, kind: str, request: Request) -> Outcome:
        at = self.elapsed()
        began = time.monotonic()
        try:
            response = session.request(request.method, self.url + request.path,
                                        headers=request.headers,
                                        data=request.body.encode() if request.body else None,
                                        timeout=self.timeout, allow_redirects=False)
        except requests.RequestException as error:
            outcome = Outcome(at, kind, 0, _ms(began), error=type(error).__name__)
            session.close()  # a connection the server dropped is not reused
        else:
            failed = response.status_code >= 500
            outcome = Outcome(at, kind, response.status_code, _ms(began),
                              retry_after=response.headers.get("Retry-After"),
                              traceback=failed and any(mark in response.text
                                                       for mark in TRACEBACK_MARKS),
                              error=response.text[:200] if failed or response.status_code
                              >= 400 else "")
        self.books.outcomes.append(outcome)
        return outcome


def _ms(began: float) -> float:
    return round((time.monotonic() - began) * 1000, 1)
