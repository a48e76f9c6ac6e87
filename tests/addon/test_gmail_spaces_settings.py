"""Gmail, spaces and settings from the add-on."""

from __future__ import annotations

from addon import endpoints
from tests.addon.card_schema import card_text
from tests.addon.conftest import HUGO, LEA
from tests.addon.helpers import space_with_members
from tests.addon.test_drive_flow import click, find_button
from tests.fakes.google import GmailMessage

MESSAGE_ID = "18c2f0a1b2c3d4e5"


def test_an_email_is_posted_into_a_space_with_its_subject_a_link_and_my_words(addon):
    addon.google.messages[MESSAGE_ID] = GmailMessage(MESSAGE_ID, MESSAGE_ID,
                                                     "Devis *urgent* #42 pour @lea")
    addon.card(endpoints.HOMEPAGE, LEA)
    space_id = space_with_members(addon, LEA, "Clients", [])
    _, card = addon.card(endpoints.GMAIL_MESSAGE, LEA, "gmail-message.json")
    form = {"space": str(space_id), "body": "À traiter avant **vendredi**."}
    answer, space_card = click(addon, LEA, card, "Publier dans l’espace", form=form,
                               name="gmail-message.json")
    assert answer["renderActions"]["action"]["notification"]["text"] == "Publié dans Clients."
    _, thread = click(addon, LEA, space_card, find_post_label(space_card))
    text = card_text(thread)
    assert "Devis *urgent* #42 pour @lea" in text  # the subject, as written, not formatted
    assert "À traiter avant vendredi." in text


def find_post_label(card: dict) -> str:
    """Posts open from their decorated text; return a label our click helper can use."""
    for section in card["sections"]:
        for widget in section["widgets"]:
            decorated = widget.get("decoratedText", {})
            if decorated.get("onClick", {}).get("action", {}).get("function", "").endswith(
                    endpoints.POST_OPEN):
                decorated["button"] = {"text": "__open__", "onClick": decorated["onClick"]}
                return "__open__"
    raise AssertionError("no post in card")


def test_when_gmail_will_not_say_the_subject_the_post_still_links_the_thread(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    space_id = space_with_members(addon, LEA, "Clients", [])
    event = addon.event(LEA, "gmail-message.json", form={"space": str(space_id), "body": "Vu"},
                        parameters={"messageId": "unknown", "threadId": "t-1"})
    event["gmail"]["messageId"] = "unknown"
    answer = addon.post(endpoints.GMAIL_PUBLISH, event).get_json()
    assert answer["renderActions"]["action"]["notification"]["text"] == "Publié dans Clients."


def test_joining_a_public_space_from_its_card(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    space_id = space_with_members(addon, LEA, "Club théâtre", [])
    _, card = addon.card(endpoints.SPACE_OPEN, HUGO, parameters={"spaceId": str(space_id)})
    answer, joined = click(addon, HUGO, card, "Rejoindre", name="homepage-drive.json")
    assert answer["renderActions"]["action"]["notification"]["text"] == \
        "Bienvenue dans Club théâtre\u00a0!"
    assert "2 membres" in joined["header"]["subtitle"]


def test_asking_to_join_a_private_space_says_the_request_was_sent(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.HOMEPAGE, HUGO)
    space_id = space_with_members(addon, LEA, "Direction", [], visibility="private")
    _, card = addon.card(endpoints.SPACE_OPEN, HUGO, parameters={"spaceId": str(space_id)})
    _, asked = click(addon, HUGO, card, "Demander à rejoindre", name="homepage-drive.json")
    assert "Votre demande a été envoyée" in card_text(asked)


def test_posting_from_the_homepage_composer_lands_in_the_space_feed(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    space_id = space_with_members(addon, LEA, "Général", [])
    _, home = addon.card(endpoints.HOMEPAGE, LEA)
    _, space_card = click(addon, LEA, home, "Publier", name="homepage-drive.json",
                          form={"space": str(space_id), "body": "Café à 10 h #pause"})
    assert "Café à 10 h" in card_text(space_card)
    _, home_again = addon.card(endpoints.HOMEPAGE, LEA)
    assert "Café à 10 h" in card_text(home_again)


def test_choosing_english_in_settings_switches_every_card(addon):
    _, settings = addon.card(endpoints.SETTINGS, LEA)
    assert settings["header"]["title"] == "Paramètres"
    answer, saved = click(addon, LEA, settings, "Enregistrer", name="homepage-drive.json",
                          form={"language": "en", "digest": "daily"})
    assert answer["renderActions"]["action"]["notification"]["text"] == "Settings saved."
    assert saved["header"]["title"] == "Settings"
    _, home = addon.card(endpoints.HOMEPAGE, LEA)  # Google still says French
    assert "Your feed" in card_text(home)
    click(addon, LEA, saved, "Save", name="homepage-drive.json",
          form={"language": "auto", "digest": "daily"})
    _, home = addon.card(endpoints.HOMEPAGE, LEA)
    assert "Votre fil" in card_text(home)


def test_an_unknown_language_or_digest_choice_is_a_400_card(addon):
    addon.card(endpoints.HOMEPAGE, LEA)
    addon.card(endpoints.SETTINGS_SAVE, LEA, form={"language": "de", "digest": "daily"},
               expect=400)
    addon.card(endpoints.SETTINGS_SAVE, LEA, form={"language": "fr", "digest": "hourly"},
               expect=400)


def test_the_profile_card_shows_what_the_person_wrote(addon, database):
    from tests.addon.helpers import actor_of
    from social.services import profiles

    addon.card(endpoints.HOMEPAGE, LEA)
    with database.system_session() as db:
        profiles.update_profile(db, actor_of(database, LEA), job_title="Architecte",
                                skills=["BIM"], passions=["théâtre"])
    _, card = addon.card(endpoints.PROFILE, LEA)
    text = card_text(card)
    assert "Architecte" in text and "BIM" in text and "théâtre" in text
