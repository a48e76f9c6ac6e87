"""Walks the app's url_map: every (rule, method) is tried by every actor and judged
against the table."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.authorization.probe import (AddonCaller, Answer, changed_tables, fingerprint,
                                       restore, snapshot, web_answer, web_client)
from tests.authorization.table import Entry, allowed_actors, expected_refusals
from tests.authorization.world import ACTORS, AuthWorld
from tests.web.conftest import TEST_CSRF

STATIC_FILE = "app.css"
NO_TOKEN = "zqx-no-such-token"


@dataclass
class Pair:
    rule: str
    method: str
    actor: str
    allowed: bool
    outcome: str
    status: int
    expected: list[str]
    policy: str
    variant: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def leak(self) -> bool:
        return any(p.startswith("leak") for p in self.problems)


def ordered_actors(entry: Entry) -> list[str]:
    """The refused first: each meets the objects as the member side left them."""
    allowed = allowed_actors(entry)
    return [a for a in ACTORS if a not in allowed] + [a for a in ACTORS if a in allowed]


class Matrix:
    """The app, the world built once, and the way back to it after each allowed write."""

    def __init__(self, app, database, caller: AddonCaller, world: AuthWorld):
        self.app, self.database, self.caller, self.world = app, database, caller, world
        self.pristine_rows = snapshot(database)
        self.pristine = fingerprint(database)
        self.dirty = False  # a write may have changed the world: compare before the next

    def try_pair(self, rule, method: str, entry: Entry, actor: str, variant: str = "") -> Pair:
        if self.dirty:
            changed = changed_tables(self.pristine, fingerprint(self.database))
            if changed:
                restore(self.database, self.pristine_rows, changed)
            self.dirty = False
        addon = rule.rule.startswith("/addon/")
        allowed = actor in allowed_actors(entry)
        expected = sorted(entry.success) if allowed else \
            sorted(expected_refusals(entry, actor, addon=addon))
        answer = self._send(rule, method, entry, actor, addon)
        pair = Pair(rule.rule, method, actor, allowed, answer.outcome, answer.status, expected,
                    entry.policy, variant)
        self._judge(pair, answer, entry)
        if method != "GET":
            if allowed:
                self.dirty = True
            else:
                changed = changed_tables(self.pristine, fingerprint(self.database))
                if changed:
                    pair.problems.append(f"leak: a refused write changed {', '.join(changed)}")
                    restore(self.database, self.pristine_rows, changed)
        return pair

    def _send(self, rule, method: str, entry: Entry, actor: str, addon: bool) -> Answer:
        if addon:
            return self.caller.send(rule.rule, self.world.subjects.get(actor),
                                    self._fill(entry.params, actor), self._fill(entry.form, actor),
                                    entry.event)
        url = self._url(rule, entry, actor)
        client = web_client(self.app, self.world.people.get(actor))
        if method == "GET":
            return web_answer(client.get(url, query_string=self._fill(entry.query, actor)))
        return web_answer(client.post(url, data={"csrf_token": TEST_CSRF,
                                                 **self._fill(entry.form, actor)}))

    def _fill(self, values: dict[str, str], actor: str) -> dict[str, str]:
        """"@name" is an id of the world; "{actor}" makes a value the actor's own."""
        return {key: str(self.world.ids[value[1:]]) if value.startswith("@")
                else value.replace("{actor}", actor) for key, value in values.items()}

    def _url(self, rule, entry: Entry, actor: str) -> str:
        values = {}
        for argument in rule.arguments:
            if argument == "token":
                tokens = self.world.feed_tokens if entry.token == "feed" else \
                    self.world.unsubscribe_tokens
                values[argument] = tokens.get(actor, NO_TOKEN)
            elif argument == "kind":
                values[argument] = "atom"
            elif argument == "filename":
                values[argument] = STATIC_FILE
            else:
                values[argument] = self.world.ids[entry.values.get(argument, argument)]
        adapter = self.app.url_map.bind("localhost", url_scheme="https")
        return adapter.build(rule.endpoint, values)

    def _judge(self, pair: Pair, answer: Answer, entry: Entry) -> None:
        if pair.outcome not in pair.expected:
            if not pair.allowed and pair.outcome == "ok":
                pair.problems.append(f"leak: refused actor answered {pair.status}")
            else:
                pair.problems.append(f"expected {'/'.join(pair.expected)}, got {pair.outcome}")
        seen = [m for m in self.world.markers_hidden_from(pair.actor) if m in answer.body]
        if seen:
            pair.problems.append(f"leak: the answer shows {', '.join(seen)}")
