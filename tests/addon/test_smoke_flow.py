from addon import endpoints
from tests.addon.card_schema import card_text
from tests.addon.conftest import LEA


def test_the_homepage_answers_a_verified_request_with_a_valid_card(addon):
    answer, card = addon.card(endpoints.HOMEPAGE, LEA)
    assert card["header"]["title"] == "Comptoir"
    assert "Votre fil" in card_text(card) or "Your feed" in card_text(card)
