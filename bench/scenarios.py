"""The scenarios: what people do, as lists of requests a closed-loop client cycles through.

Each scenario is a list of ready requests (several people, several targets) and
a kind: the floor, a read or a write (the targets differ for each), or mixed.
Writes are built so a run leaves the dataset as it found it where it can: like
and unlike alternate on the same (person, post); comments are the one thing
that grows (a few thousand short comments spread over 200 posts).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from addon import endpoints
from bench.events import Request, Signer, drive_item, session_cookie, web

FLOOR, READ, WRITE, MIXED = "floor", "read", "write", "mixed"


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str
    requests: list[Request]
    addon: bool  # add-on requests: at most 10 SQL statements each (target 4)
    title: str


ORDER = ["floor", "addon_home", "drive_file", "like_unlike", "comment", "web_home",
         "search", "atom", "mixed"]


def build(facts: dict[str, Any], signer: Signer, names: list[str] | None = None
          ) -> list[Scenario]:
    people, domain = facts["people"], facts["domain"]
    tenant_id = facts["tenant_id"]
    posts = facts["writable_posts"]
    cookies = [session_cookie(person["id"], tenant_id) for person in people]

    def person(index: int) -> dict[str, Any]:
        return people[index % len(people)]

    homepage = [signer.addon(endpoints.HOMEPAGE, p, domain) for p in people]
    floor = [signer.addon(endpoints.FLOOR, p, domain) for p in people]
    item = drive_item(facts["busy_file"])
    drive = [signer.addon(endpoints.DRIVE_ITEMS_SELECTED, p, domain,
                          sample="drive-items-selected.json", drive_item=item) for p in people]
    like_unlike = []
    for index in range(64):
        target = {"postId": str(posts[(index * 7) % len(posts)])}
        like_unlike.append(signer.addon(endpoints.POST_LIKE, person(index), domain,
                                        parameters=target))
        like_unlike.append(signer.addon(endpoints.POST_UNLIKE, person(index), domain,
                                        parameters=target))
    comment = [signer.addon(endpoints.POST_COMMENT, person(index), domain,
                            parameters={"postId": str(posts[(index * 11) % len(posts)])},
                            form={"comment": f"Merci pour ce point, on en reparle ({index}) !"})
               for index in range(64)]
    web_home = [web("/", cookie) for cookie in cookies]
    search = [web("/search?q=" + quote(query), cookies[index % len(cookies)])
              for index, query in enumerate(facts["search_queries"] * 2)]
    atom = [web(f"/feeds/{token}/home.atom") for token in facts["feed_tokens"]]
    reads = [homepage, drive, web_home, search, atom]
    writes = [like_unlike, comment]
    rng = random.Random(facts["seed"])
    mixed = [rng.choice(rng.choice(reads)) for _ in range(70)] + \
        [rng.choice(rng.choice(writes)) for _ in range(30)]
    rng.shuffle(mixed)
    every = {
        "floor": Scenario("floor", FLOOR, floor, True,
                          "Floor: verified add-on request, fixed card, no database"),
        "addon_home": Scenario("addon_home", READ, homepage, True, "Add-on homepage"),
        "drive_file": Scenario("drive_file", READ, drive, True,
                               f"Drive file card ({facts['busy_file']['comments']} comments)"),
        "like_unlike": Scenario("like_unlike", WRITE, like_unlike, True,
                                "Like and unlike a post (add-on)"),
        "comment": Scenario("comment", WRITE, comment, True, "Comment on a post (add-on)"),
        "web_home": Scenario("web_home", READ, web_home, False, "Web home feed (ranked)"),
        "search": Scenario("search", READ, search, False, "Search (web)"),
        "atom": Scenario("atom", READ, atom, False, "Atom feed (private token)"),
        "mixed": Scenario("mixed", MIXED, mixed, False, "Mixed: 70% reads, 30% writes"),
    }
    chosen = names or ORDER
    unknown = [name for name in chosen if name not in every]
    if unknown:
        raise ValueError(f"unknown scenarios: {', '.join(unknown)}; known: {', '.join(ORDER)}")
    return [every[name] for name in ORDER if name in chosen]
