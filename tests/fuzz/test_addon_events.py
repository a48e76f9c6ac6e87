"""Fuzzing the add-on: the event parser alone, then whole requests through the pipeline.

Every request carries a valid system token, so it reaches the parser and the
handlers: the answer is a card (200), an error card (4xx) or, when the fuzzing
broke the user's ID token, a bare 401. Never a 5xx, never an uncaught exception.
"""

from __future__ import annotations

import copy
import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon import endpoints
from addon.events import AddonEvent, MalformedEvent, parse_event
from tests.addon.card_schema import validate_answer
from tests.addon.conftest import LEA, load_event
from tests.addon.helpers import space_with_members
from tests.fuzz.strategies import any_text, huge_text, id_like, json_values
from tests.fuzz.support import case, examples

TARGET = "addon-events"
SAMPLES = ["homepage-drive.json", "drive-items-selected.json", "drive-comment-submit.json",
           "drive-multi-select.json", "gmail-message.json", "homepage-gmail.json",
           "odd-but-valid.json"]
PATHS = sorted(value for name, value in vars(endpoints).items()
               if name.isupper() and isinstance(value, str) and value.startswith("/addon/"))
PARAMETERS = ["fileId", "postId", "spaceId", "cursor", "parentId", "discussionId", "proposalId",
              "network", "at", "userId", "confirm", "title", "mimeType", "messageId",
              "threadId"]
FORM_INPUTS = ["comment", "reply", "body", "space", "language", "digest", "note", "reason",
               "files", "confirm"]


# --- The parser alone -----------------------------------------------------------------

def _read_everything(event: AddonEvent) -> None:
    """What handlers do with an event: read ids, texts and items."""
    for name in event.parameters:
        event.int_param(name)
    for name in event.form_inputs:
        event.form_value(name)
    event.item(event.param("fileId"))


@examples(ci=300)
@given(body=json_values)
def test_any_json_is_an_event_or_a_malformed_event(body):
    with case(TARGET, "parser: any JSON", body):
        try:
            _read_everything(parse_event(body))
        except MalformedEvent:
            pass


@examples(ci=300)
@given(data=st.data(), sample=st.sampled_from(SAMPLES))
def test_a_mangled_sample_is_an_event_or_a_malformed_event(data, sample):
    event = mangled(data, load_event(sample))
    with case(TARGET, "parser: mangled sample", event):
        try:
            _read_everything(parse_event(event))
        except MalformedEvent:
            pass


# --- Whole requests ------------------------------------------------------------------

def _nodes(value, parent=None, key=None):
    """(container, key) of every value inside the event, the root excluded."""
    if parent is not None:
        yield parent, key
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _nodes(item, value, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, value, index)


def mangled(data, event: dict) -> dict:
    """Up to five changes anywhere: a value of another type, a field gone, a field
    added, a very long string."""
    for _ in range(data.draw(st.integers(0, 5), label="changes")):
        nodes = list(_nodes(event))
        if not nodes:
            break
        container, key = data.draw(st.sampled_from(nodes), label="where")
        action = data.draw(st.sampled_from(["replace", "delete", "add", "huge"]), label="how")
        if action == "replace":
            container[key] = data.draw(json_values, label="value")
        elif action == "delete":
            del container[key]
        elif action == "add" and isinstance(container[key], dict):
            container[key][data.draw(st.text(max_size=20), label="name")] = \
                data.draw(json_values, label="value")
        elif action == "huge":
            container[key] = data.draw(huge_text, label="huge")
    return event


class Caller:
    """Sends events as Google does, with tokens minted once in a while (they last an hour)."""

    def __init__(self, addon):
        self.addon = addon
        self.minted_at: float | None = None

    def event(self, sample: str) -> dict:
        if self.minted_at is None or time.monotonic() - self.minted_at > 20 * 60:
            self.minted_at = time.monotonic()
            self.templates = {name: self.addon.event(LEA, name) for name in SAMPLES}
        return copy.deepcopy(self.templates[sample])

    def post(self, path: str, event) -> tuple[int, object]:
        response = self.addon.post(path, json.dumps(event).encode(), expect=None)
        return response.status_code, response.get_json(silent=True)


@pytest.fixture
def caller(addon):
    caller = Caller(addon)
    addon.card(endpoints.HOMEPAGE, LEA)  # Léa is enrolled, with a space of her own
    space_with_members(addon, LEA, "Projets", [])
    return caller


def expect_a_card_or_an_error_card(status: int, answer, path: str) -> None:
    assert status < 500, f"{status}: {answer}"
    if path == endpoints.FLOOR and status == 400:  # the benchmark's floor: no card, by design
        assert answer == {"error": "malformed event"}
        return
    if status == 401:  # the user's ID token was broken: nothing more is said
        assert answer == {"error": "invalid token"}
        return
    assert status in (200, 400, 403, 404, 409, 413), status
    cards = validate_answer(answer)
    if status != 200:
        assert cards and cards[0]["name"] == "error", answer


@examples(ci=40)
@given(data=st.data(), sample=st.sampled_from(SAMPLES), path=st.sampled_from(PATHS))
def test_a_mangled_event_gets_a_card_or_an_error_card(caller, data, sample, path):
    event = mangled(data, caller.event(sample))
    with case(TARGET, "request: mangled event", (path, event)) as tally:
        status, answer = caller.post(path, event)
        tally.answered(status)
        expect_a_card_or_an_error_card(status, answer, path)


@examples(ci=60)
@given(sample=st.sampled_from(SAMPLES), path=st.sampled_from(PATHS),
       parameters=st.dictionaries(st.sampled_from(PARAMETERS) | st.text(max_size=10),
                                  id_like | any_text, max_size=6),
       inputs=st.dictionaries(st.sampled_from(FORM_INPUTS),
                              st.lists(id_like | any_text, max_size=3), max_size=5))
def test_any_parameters_and_form_inputs_get_a_card_or_an_error_card(caller, sample, path,
                                                                    parameters, inputs):
    event = caller.event(sample)
    common = event["commonEventObject"]
    common["parameters"] = parameters
    common["formInputs"] = {name: {"stringInputs": {"value": values}}
                            for name, values in inputs.items()}
    with case(TARGET, "request: parameters and form inputs", (path, parameters, inputs)) as tally:
        status, answer = caller.post(path, event)
        tally.answered(status)
        expect_a_card_or_an_error_card(status, answer, path)


@examples(ci=20)
@given(path=st.sampled_from(PATHS), body=json_values)
def test_any_json_body_gets_an_error_card_or_401(caller, path, body):
    with case(TARGET, "request: any JSON body", (path, body)) as tally:
        status, answer = caller.post(path, body)
        tally.answered(status)
        expect_a_card_or_an_error_card(status, answer, path)
