"""The benchmark's floor: verified like every add-on request, a fixed card, no database."""

from __future__ import annotations

import json

from addon import endpoints
from addon.routes.floor import CARD_BYTES
from tests.addon.card_schema import validate_answer
from tests.addon.conftest import LEA


def test_a_verified_request_gets_the_fixed_card_without_touching_the_database(
        addon, count_statements):
    event = addon.event(LEA)
    with count_statements() as counter:
        first = addon.post(endpoints.FLOOR, event).get_json()
        second = addon.post(endpoints.FLOOR, addon.event(LEA)).get_json()
    assert counter.count == 0
    assert first == second
    validate_answer(first)
    assert len(json.dumps(first)) >= CARD_BYTES


def test_the_floor_refuses_what_every_add_on_endpoint_refuses(addon):
    event = addon.event(LEA)
    addon.post(endpoints.FLOOR, event, token=None, expect=401)
    addon.post(endpoints.FLOOR, event, token="not.a.token", expect=401)
    stranger = addon.google.key.mint(LEA.claims(aud="someone-else"))
    addon.post(endpoints.FLOOR, addon.event(LEA, user_token=stranger), expect=401)
    addon.post(endpoints.FLOOR, b"[1, 2]", expect=400)
