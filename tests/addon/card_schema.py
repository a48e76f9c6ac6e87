"""Checking add-on answers: cards against Google's own schema, envelopes by our rules."""

from __future__ import annotations

from typing import Any

from google.apps import card_v1
from google.protobuf.json_format import ParseDict

NAVIGATION_KINDS = {"pushCard", "updateCard", "pop", "popToRoot", "popToCard"}


def validate_card(card: dict[str, Any]) -> None:
    """Raises ParseError (with the path) for anything google.apps.card.v1 rejects."""
    ParseDict(card, card_v1.Card.pb()())
    assert len(card.get("sections", [])) <= 100, "more than 100 sections"
    for section in card.get("sections", []):
        assert section.get("widgets"), "empty section"
        assert len(section["widgets"]) <= 100, "more than 100 widgets in a section"


def cards_in(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Validates the envelope of an add-on answer and returns the cards it carries."""
    assert isinstance(answer, dict) and len(answer) == 1, f"bad envelope keys: {list(answer)}"
    if "action" in answer:  # a trigger's answer
        action = answer["action"]
        assert set(action) <= {"navigations", "notification"}, set(action)
        navigations = action["navigations"]
        assert len(navigations) == 1 and set(navigations[0]) == {"pushCard"}
        return [navigations[0]["pushCard"]]
    assert "renderActions" in answer, f"unknown envelope {list(answer)}"
    render = answer["renderActions"]
    assert set(render) <= {"action", "hostAppAction"} and render, set(render)
    if "hostAppAction" in render:
        drive_action = render["hostAppAction"]["driveAction"]
        assert set(drive_action) == {"requestFileScope"}
        assert isinstance(drive_action["requestFileScope"]["itemId"], str)
        return []
    action = render["action"]
    assert set(action) <= {"navigations", "notification", "link"}, set(action)
    if "notification" in action:
        assert isinstance(action["notification"]["text"], str) and action["notification"]["text"]
    cards = []
    for navigation in action.get("navigations", []):
        assert len(navigation) == 1 and set(navigation) <= NAVIGATION_KINDS, navigation
        kind, value = next(iter(navigation.items()))
        if kind in {"pushCard", "updateCard"}:
            cards.append(value)
        elif kind in {"pop", "popToRoot"}:
            assert value is True
    return cards


def validate_answer(answer: dict[str, Any]) -> list[dict[str, Any]]:
    cards = cards_in(answer)
    for card in cards:
        validate_card(card)
    return cards


def card_text(card: dict[str, Any]) -> str:
    """Every string in a card, joined: for asserting what a person would read."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in {"function", "iconUrl", "imageUrl", "url"}:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(card)
    return "\n".join(found)
