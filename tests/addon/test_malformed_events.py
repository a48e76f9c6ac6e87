"""Events we cannot read get a 400 error card in the person's language, never a 500."""

from __future__ import annotations

import json

import pytest

from addon import endpoints
from tests.addon.card_schema import card_text, validate_answer
from tests.addon.conftest import LEA


def mangle(event: dict, change: str) -> dict | list | str:
    common = event["commonEventObject"]
    if change == "timeZone a string":
        common["timeZone"] = "Europe/Paris"
    elif change == "parameters a list":
        common["parameters"] = ["fileId"]
    elif change == "a parameter a number":
        common["parameters"] = {"fileId": 42}
    elif change == "formInputs values not a list":
        common["formInputs"] = {"comment": {"stringInputs": {"value": "oops"}}}
    elif change == "selectedItems an object":
        event["drive"]["selectedItems"] = {"id": "x"}
    elif change == "a drive item without id":
        event["drive"]["selectedItems"] = [{"title": "x"}]
    elif change == "scope flag a string":
        event["drive"]["activeCursorItem"]["addonHasFileScopePermission"] = "yes"
    elif change == "offset a string":
        common["timeZone"]["offset"] = "3600000"
    elif change == "the event a list":
        return [event]
    elif change == "commonEventObject a string":
        event["commonEventObject"] = "DRIVE"
    return event


CHANGES = ["timeZone a string", "parameters a list", "a parameter a number",
           "formInputs values not a list", "selectedItems an object", "a drive item without id",
           "scope flag a string", "offset a string", "the event a list",
           "commonEventObject a string"]


@pytest.mark.parametrize("change", CHANGES)
def test_a_malformed_event_gets_a_400_error_card(addon, change):
    event = mangle(addon.event(LEA, "drive-comment-submit.json"), change)
    response = addon.post(endpoints.DRIVE_ITEMS_SELECTED, event, expect=400)
    cards = validate_answer(response.get_json())
    assert cards[0]["name"] == "error"


def test_the_error_card_speaks_the_language_of_the_event(addon):
    french = addon.event(LEA, "drive-items-selected.json")
    french["drive"]["selectedItems"] = "broken"
    english = addon.event(LEA, "drive-items-selected.json")
    english["commonEventObject"]["userLocale"] = "en"
    english["drive"]["selectedItems"] = "broken"
    fr_card = validate_answer(addon.post(endpoints.DRIVE_ITEMS_SELECTED, french,
                                         expect=400).get_json())[0]
    en_card = validate_answer(addon.post(endpoints.DRIVE_ITEMS_SELECTED, english,
                                         expect=400).get_json())[0]
    assert "n’a pas pu être lue" in card_text(fr_card)
    assert "could not be read" in card_text(en_card)


@pytest.mark.parametrize("body", [b"", b"{", b"null", b"\xff\xfe", b'"just a string"'])
def test_a_body_that_is_not_a_json_object_gets_a_400_card(addon, body):
    response = addon.post(endpoints.HOMEPAGE, body, expect=400)
    assert validate_answer(response.get_json())[0]["name"] == "error"


def test_a_huge_body_is_refused_with_413_before_it_is_read(addon):
    event = addon.event(LEA)
    event["commonEventObject"]["parameters"] = {"padding": "x" * (10 * 1024 * 1024)}
    response = addon.post(endpoints.HOMEPAGE, json.dumps(event), expect=413)
    assert validate_answer(response.get_json())[0]["name"] == "error"


def test_a_non_numeric_id_parameter_is_a_400_not_a_500(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    answer, card = addon.card(endpoints.POST_OPEN, LEA, parameters={"postId": "1 OR 1=1"},
                              expect=400)
    assert card["name"] == "error"


def test_extra_fields_google_may_add_are_ignored(addon):
    event = addon.event(LEA, "odd-but-valid.json")
    event["brandNewSection"] = {"whatever": [1, 2, 3]}
    event["commonEventObject"]["anotherNewThing"] = True
    addon.post(endpoints.DRIVE_ITEMS_SELECTED, event)


def test_an_empty_comment_is_a_400_card_saying_so(addon):
    answer, card = addon.card(endpoints.DRIVE_COMMENT, LEA, "drive-comment-submit.json",
                              form={"comment": "   "}, expect=400)
    assert "Écrivez d’abord quelque chose" in card_text(card)
