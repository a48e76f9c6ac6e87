"""Who calls is remembered while their firm is unchanged, and never past a change that
concerns them: a deactivation, a new role or language, a new name at Google."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from addon import endpoints
from social.actor import Actor
from social.models import User
from social.services import people
from tests.addon.card_schema import card_text
from tests.addon.conftest import HUGO, LEA, AddonClient
from tests.conftest import counting_statements


def engine_of(addon: AddonClient):
    return addon.http.application.extensions["comptoir"].database.engine


def listening(addon: AddonClient):
    board = addon.http.application.extensions["comptoir"].database.versions
    if board is None:
        pytest.skip("only PostgreSQL announces firms' versions")
    assert board.wait_until_live(10)
    return board


def actor_of(db, person) -> Actor:
    return Actor.of(db.scalar(select(User).where(User.email == person.email)))


def remembered(addon: AddonClient, person) -> None:
    """Enrolled (a commit: not remembered yet), then read once more and remembered."""
    addon.card(endpoints.HOMEPAGE, person)
    addon.card(endpoints.HOMEPAGE, person)


def test_a_card_served_again_reads_no_database_once_the_process_listens(addon):
    listening(addon)
    remembered(addon, LEA)
    _, first = addon.card(endpoints.HOMEPAGE, LEA)
    with counting_statements(engine_of(addon)) as counter:
        _, again = addon.card(endpoints.HOMEPAGE, LEA)
    assert again == first
    assert counter.count == 0, counter.statements


def test_a_write_from_a_remembered_caller_reads_no_caller_row(addon):
    listening(addon)
    for _ in range(2):  # the file is written the first time: read and remembered the second
        addon.card(endpoints.DRIVE_ITEMS_SELECTED, LEA, "drive-items-selected.json")
    with counting_statements(engine_of(addon)) as counter:
        addon.card(endpoints.DRIVE_LIKE, LEA, "drive-items-selected.json",
                   parameters={"fileId": "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"})
    assert not any("tenants.domain" in statement for statement in counter.statements), \
        counter.statements


def test_without_announcements_each_request_reads_who_calls(make_app, addon_settings, google,
                                                             clean_database):
    addon = AddonClient(make_app(**addon_settings, version_announcements=False), google)
    remembered(addon, LEA)
    with counting_statements(engine_of(addon)) as counter:
        addon.card(endpoints.HOMEPAGE, LEA)
    assert counter.count == 1, counter.statements  # who calls, their firm and its version


def test_a_deactivated_colleague_is_refused_at_their_next_click(addon, db):
    remembered(addon, LEA)
    remembered(addon, HUGO)
    people.deactivate_user(db, actor_of(db, LEA), actor_of(db, HUGO).user_id)

    _, card = addon.card(endpoints.HOMEPAGE, HUGO)
    assert "désactivé" in card_text(card)


def test_a_new_language_shows_at_the_next_click(addon, db):
    remembered(addon, HUGO)
    _, french = addon.card(endpoints.HOMEPAGE, HUGO)
    people.update_preferences(db, actor_of(db, HUGO), language="en")

    _, english = addon.card(endpoints.HOMEPAGE, HUGO)
    assert card_text(english) != card_text(french)
    assert "Share" in card_text(english) or "Post" in card_text(english)


def test_someone_made_admin_is_remembered_as_admin_at_the_next_click(addon, db):
    listening(addon)
    remembered(addon, LEA)
    remembered(addon, HUGO)
    people.set_tenant_role(db, actor_of(db, LEA), actor_of(db, HUGO).user_id, "admin")
    addon.card(endpoints.HOMEPAGE, HUGO)

    known = addon.http.application.extensions["comptoir"].known_callers
    assert known.get(("addon", "atelier.fr", HUGO.subject)).role == "admin"


def test_a_new_name_at_google_is_written_at_the_next_click(addon, db):
    remembered(addon, HUGO)
    renamed = addon.google.key.mint(replace(HUGO, name="Hugo Bernard-Petit").claims())
    addon.card(endpoints.HOMEPAGE, HUGO, user_token=renamed)

    db.expire_all()
    assert db.scalar(select(User.name).where(User.email == HUGO.email)) == "Hugo Bernard-Petit"
