"""Cards rendered for one person are served again while nothing changed in their firm,
and never once something did, nor to anyone else, in another language or another firm."""

from __future__ import annotations

from addon import endpoints
from tests.addon.card_schema import card_text
from tests.addon.conftest import HUGO, LEA, OTHER_FIRM
from tests.addon.helpers import space_with_members


def test_a_colleagues_post_shows_at_once(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    space_id = space_with_members(addon, LEA, "Chantier", [HUGO])
    _, before = addon.card(endpoints.HOMEPAGE, LEA)
    assert "Réunion jeudi" not in card_text(before)

    addon.card(endpoints.PUBLISH, HUGO, form={"space": str(space_id),
                                               "body": "Réunion jeudi à 9 h"})
    _, after = addon.card(endpoints.HOMEPAGE, LEA)
    assert "Réunion jeudi" in card_text(after)


def test_a_like_shows_at_once_in_the_drive_card(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    _, before = addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA, "drive-items-selected.json")
    assert "Vous aimez" not in card_text(before)
    addon.card(endpoints.DRIVE_LIKE, LEA, "drive-items-selected.json",
               parameters={"fileId": "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"})
    _, after = addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA, "drive-items-selected.json")
    assert "Vous aimez" in card_text(after)


def test_each_person_gets_their_own_card(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    space_with_members(addon, LEA, "Espace de Léa", [], visibility="secret")
    _, lea = addon.card(endpoints.HOMEPAGE, LEA)
    _, hugo = addon.card(endpoints.HOMEPAGE, HUGO)
    _, zoe = addon.card(endpoints.HOMEPAGE, OTHER_FIRM)
    assert "Espace de Léa" in card_text(lea)
    assert "Espace de Léa" not in card_text(hugo)
    assert "Espace de Léa" not in card_text(zoe)


def test_the_language_of_the_event_is_part_of_the_key(addon):
    _, french = addon.card(endpoints.HOMEPAGE, LEA)
    event = addon.event(LEA)
    event["commonEventObject"]["userLocale"] = "en"
    english = addon.post(endpoints.HOMEPAGE, event).get_json()
    assert "Votre fil" in str(french)
    assert "Your feed" in str(english)
