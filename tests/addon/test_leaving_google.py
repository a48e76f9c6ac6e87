"""The add-on and Google's Directory: a person suspended in Google still holds an ID token
that verifies; the Directory says otherwise, and the panel shuts. Asked at most every few
minutes per person, not at every click."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from addon import endpoints
from social.models import User
from tests.addon.card_schema import card_text
from tests.addon.conftest import HUGO, LEA, AddonClient

DEACTIVATED = "Votre compte Comptoir a été désactivé par l’administrateur de votre entreprise."


@pytest.fixture
def addon(make_app, addon_settings, google, clean_database, tmp_path):
    key_file = google.directory.key_file(tmp_path, "admin@atelier.fr")
    for kept in (google.directory.users, google.directory.lookups, google.directory.fail_next):
        kept.clear()
    app = make_app(**addon_settings, google_directory_credentials=str(key_file),
                   google_directory_admin="admin@atelier.fr")
    return AddonClient(app, google)


def test_a_person_suspended_in_google_gets_the_deactivated_card(addon, google, database):
    google.directory.add_user(LEA.email, user_id=LEA.subject, suspended=True)
    _, card = addon.card(endpoints.HOMEPAGE, LEA)
    assert DEACTIVATED in card_text(card)
    with database.system_session() as db:
        assert db.scalar(select(User.is_active).where(User.google_sub == LEA.subject)) is False


def test_an_active_person_is_asked_about_once_for_many_requests(addon, google):
    google.directory.add_user(LEA.email, user_id=LEA.subject)
    for _ in range(5):
        _, card = addon.card(endpoints.HOMEPAGE, LEA)
        assert card["name"] == "home"
    assert google.directory.lookups == [LEA.subject]


def test_when_the_directory_cannot_answer_the_panel_opens(addon, google):
    google.directory.add_user(HUGO.email, user_id=HUGO.subject, suspended=True)
    google.directory.fail_next.append(500)
    _, card = addon.card(endpoints.HOMEPAGE, HUGO)
    assert card["name"] == "home"
