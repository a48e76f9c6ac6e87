"""The Drive panel, end to end: a file's thread, likes, replies, and posting it into a
space, seen by a colleague and invisible to another firm."""

from __future__ import annotations

import json

import pytest

from addon import endpoints
from tests.addon.card_schema import card_text
from tests.addon.conftest import HUGO, LEA, OTHER_FIRM, AddonClient
from tests.fakes.google import DriveFileRecord

FILE_ID = "1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654"  # the Google Doc of the sample events
COMMENT = "Très clair, merci ! On en parle jeudi ? <b>@Léa</b> & co"


def widgets(card: dict) -> list[dict]:
    return [widget for section in card["sections"] for widget in section["widgets"]]


def find_button(card: dict, label: str) -> dict:
    for widget in widgets(card):
        candidates = widget.get("buttonList", {}).get("buttons", [])
        if "decoratedText" in widget and "button" in widget["decoratedText"]:
            candidates = [widget["decoratedText"]["button"]]
        for candidate in candidates:
            if candidate["text"] == label:
                return candidate
    footer = card.get("fixedFooter", {}).get("primaryButton")
    if footer and footer["text"] == label:
        return footer
    raise AssertionError(f"no button {label!r} in {card_text(card)}")


def parameters_of(button: dict) -> dict[str, str]:
    return {p["key"]: p["value"] for p in button["onClick"]["action"].get("parameters", [])}


def path_of(button: dict) -> str:
    return button["onClick"]["action"]["function"].removeprefix("https://comptoir.example.fr")


def click(addon: AddonClient, person, card: dict, label: str, *, form=None,
          name: str = "drive-items-selected-granted.json", expect: int = 200):
    """Press a button of a card the way Google would: POST to its URL with its parameters."""
    button = find_button(card, label)
    return addon.card(path_of(button), person, name, parameters=parameters_of(button),
                      form=form, expect=expect)


@pytest.fixture
def firm(addon):
    """Léa and Hugo work at atelier.fr; Léa owns a space Hugo is in, and the Doc is
    restricted to Léa in Drive."""
    addon.google.drive_files[FILE_ID] = DriveFileRecord(
        id=FILE_ID, name="Compte rendu réunion équipe",
        mime_type="application/vnd.google-apps.document", sharing="restricted",
        domain="atelier.fr", owners=[LEA.email])
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    from tests.addon.helpers import space_with_members

    return space_with_members(addon, LEA, "Projets", [HUGO])


def test_a_file_nobody_discussed_yet_shows_an_empty_thread_and_its_sharing(addon, firm):
    _, card = addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA, "drive-items-selected-granted.json")
    text = card_text(card)
    assert card["header"]["title"] == "Compte rendu réunion équipe"
    assert "Restreint" in text
    assert "Aucun commentaire" in text


def test_without_per_file_access_the_card_offers_to_request_it(addon, firm):
    _, card = addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA, "drive-items-selected.json")
    button = find_button(card, "Autoriser l’accès à ce fichier")
    answer, _ = addon.card(path_of(button), LEA, "drive-items-selected.json",
                           parameters=parameters_of(button))
    assert answer == {"renderActions": {"hostAppAction": {"driveAction": {
        "requestFileScope": {"itemId": "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"}}}}}


def test_the_whole_drive_flow_for_two_colleagues_and_nothing_for_another_firm(addon, firm):
    # Léa selects the file and comments, in French, with HTML-looking text.
    answer, card = addon.card(endpoints.DRIVE_COMMENT, LEA, "drive-comment-submit.json")
    assert answer["renderActions"]["action"]["notification"]["text"] == "Commentaire publié."
    raw = json.dumps(card, ensure_ascii=False)
    assert "&lt;b&gt;@Léa&lt;/b&gt; &amp; co" in raw
    assert "<b>@Léa</b>" not in raw

    # Hugo replies to it.
    _, hugo_card = addon.card(endpoints.DRIVE_ITEMS_SELECTED, HUGO,
                              "drive-items-selected-granted.json")
    assert "Très clair, merci" in card_text(hugo_card)
    _, reply_form = click(addon, HUGO, hugo_card, "Répondre")
    answer, refreshed = click(addon, HUGO, reply_form, "Répondre",
                              form={"reply": "Oui, jeudi 10 h, salle Lumière."})
    assert answer["renderActions"]["action"]["navigations"][0] == {"pop": True}
    assert "↳ Hugo Bernard" in card_text(refreshed)

    # Hugo likes, then unlikes; Léa likes.
    _, liked = click(addon, HUGO, refreshed, "J’aime")
    assert "Vous aimez ceci" in card_text(liked)
    _, unliked = click(addon, HUGO, liked, "Je n’aime plus")
    assert "Personne n’a encore aimé" in card_text(unliked)
    _, lea_card = addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA,
                             "drive-items-selected-granted.json")
    _, lea_liked = click(addon, LEA, lea_card, "J’aime")

    # Léa posts the file into the space; Hugo cannot open it, so she is warned first.
    _, composer = click(addon, LEA, lea_liked, "Publier dans un espace")
    form = {"space": str(firm), "body": "Le compte rendu de mardi, à relire #réunion"}
    _, warning = click(addon, LEA, composer, "Publier", form=form)
    assert warning["name"] == "warning"
    assert "Hugo Bernard" in card_text(warning)
    answer, space_card = click(addon, LEA, warning, "Publier quand même", form=form)
    assert answer["renderActions"]["action"]["notification"]["text"] == "Publié dans Projets."
    assert "Le compte rendu de mardi" in card_text(space_card)

    # Hugo sees it all: the thread, the like, where the file was posted.
    _, seen = addon.card(endpoints.DRIVE_ITEMS_SELECTED, HUGO, "drive-items-selected-granted.json")
    text = card_text(seen)
    assert "Très clair, merci" in text and "Oui, jeudi 10 h" in text
    assert "1 personne aime ceci" in text
    assert "Projets" in text

    # Someone of another firm selecting the same file id sees none of it.
    _, outsider = addon.card(endpoints.DRIVE_ITEMS_SELECTED, OTHER_FIRM,
                             "drive-items-selected-granted.json")
    text = card_text(outsider)
    assert "Très clair" not in text and "Projets" not in text
    assert "Aucun commentaire" in text
    placement = find_button(seen, "Publier dans un espace")  # still offered to Hugo
    assert placement


def test_another_firm_gets_not_found_for_every_object_it_names(addon, firm):
    _, card = addon.card(endpoints.DRIVE_COMMENT, LEA, "drive-comment-submit.json")
    post_answer, space_card = addon.card(endpoints.SPACE_OPEN, LEA,
                                         parameters={"spaceId": str(firm)})
    addon.card(endpoints.HOMEPAGE, OTHER_FIRM)
    for path, parameters in [
        (endpoints.SPACE_OPEN, {"spaceId": str(firm)}),
        (endpoints.SPACE_JOIN, {"spaceId": str(firm)}),
        (endpoints.POST_OPEN, {"postId": "1"}),
        (endpoints.POST_LIKE, {"postId": "1"}),
        (endpoints.REPLY_COMPOSE, {"discussionId": "1", "parentId": "1"}),
        (endpoints.REPLY, {"discussionId": "1", "parentId": "1"}),
    ]:
        foreign, _ = addon.card(path, OTHER_FIRM, parameters=parameters, form={"reply": "x"},
                                expect=404)
        missing, _ = addon.card(path, OTHER_FIRM, parameters={k: "999999" for k in parameters},
                                form={"reply": "x"}, expect=404)
        assert card_text(foreign["renderActions"]["action"]["navigations"][0]["pushCard"]) == \
            card_text(missing["renderActions"]["action"]["navigations"][0]["pushCard"])


def test_long_threads_paginate_with_more_comments(addon, firm):
    for number in range(45):
        addon.card(endpoints.DRIVE_COMMENT, LEA, "drive-comment-submit.json",
                   parameters={"fileId": FILE_ID}, form={"comment": f"Remarque n°{number}"})
    _, card = addon.card(endpoints.DRIVE_ITEMS_SELECTED, HUGO, "drive-items-selected-granted.json")
    first = card_text(card)
    assert "Remarque n°0" in first and "Remarque n°19" in first and "Remarque n°20" not in first
    _, second = click(addon, HUGO, card, "Plus de commentaires")
    assert "Remarque n°20" in card_text(second) and "Remarque n°0" not in card_text(second)
    _, third = click(addon, HUGO, second, "Plus de commentaires")
    assert "Remarque n°44" in card_text(third)
    with pytest.raises(AssertionError):
        find_button(third, "Plus de commentaires")
