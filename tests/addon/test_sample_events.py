"""Every sample event Google may send, in French and in English, gets a valid card."""

from __future__ import annotations

import pytest

from addon import endpoints
from tests.addon.card_schema import card_text
from tests.addon.conftest import LEA
from tests.fakes.google import DriveFileRecord, GmailMessage

ENDPOINT_OF_SAMPLE = {
    "homepage-drive.json": endpoints.HOMEPAGE,
    "homepage-gmail.json": endpoints.HOMEPAGE,
    "drive-items-selected.json": endpoints.DRIVE_ITEMS_SELECTED,
    "drive-items-selected-granted.json": endpoints.DRIVE_ITEMS_SELECTED,
    "drive-multi-select.json": endpoints.DRIVE_ITEMS_SELECTED,
    "drive-comment-submit.json": endpoints.DRIVE_COMMENT,
    "gmail-message.json": endpoints.GMAIL_MESSAGE,
    "odd-but-valid.json": endpoints.DRIVE_ITEMS_SELECTED,
}

FRENCH_ONLY = {"fr": ["Votre fil", "Qui peut l’ouvrir", "Partager cet e-mail",
                      "fichiers sélectionnés", "Commentaire publié"],
               "en": ["Your feed", "Who can open it", "Share this e-mail", "files selected",
                      "Comment posted"]}


@pytest.fixture
def google_knows_the_samples(addon):
    addon.google.drive_files["1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654"] = DriveFileRecord(
        id="1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654", name="Compte rendu réunion équipe",
        mime_type="application/vnd.google-apps.document", sharing="domain",
        domain="atelier.fr")
    addon.google.messages["18c2f0a1b2c3d4e5"] = GmailMessage(
        id="18c2f0a1b2c3d4e5", thread_id="18c2f0a1b2c3d4e5",
        subject="Devis <urgent> & relance", sender="Client <client@example.com>")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("sample", sorted(ENDPOINT_OF_SAMPLE))
def test_every_sample_event_gets_a_valid_card_in_each_language(addon, google_knows_the_samples,
                                                              sample, language):
    event = addon.event(LEA, sample)
    event["commonEventObject"]["userLocale"] = "fr-FR" if language == "fr" else "en-GB"
    response = addon.post(ENDPOINT_OF_SAMPLE[sample], event)
    from tests.addon.card_schema import validate_answer

    cards = validate_answer(response.get_json())
    assert cards, "no card in the answer"
    text = card_text(cards[0])
    other = "en" if language == "fr" else "fr"
    assert not any(phrase in text for phrase in FRENCH_ONLY[other]), text


def test_the_gmail_card_shows_the_subject_as_text_not_markup(addon, google_knows_the_samples):
    _, card = addon.card(endpoints.GMAIL_MESSAGE, LEA, "gmail-message.json")
    import json

    raw = json.dumps(card, ensure_ascii=False)
    assert "Devis &lt;urgent&gt; &amp; relance" in raw


def test_the_multi_selection_card_lists_every_selected_file(addon, google_knows_the_samples):
    _, card = addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA, "drive-multi-select.json")
    text = card_text(card)
    for title in ("Plan commercial T3.pdf", "Compte rendu réunion équipe", "Budget 2027"):
        assert title in text
    assert card["name"] == "selection"
