"""The web home and search pages are rendered once per person, session and URL while
nothing changed in their firm; never handed to another session, and never past a
message to flash or a change."""

from __future__ import annotations

import re
from contextlib import contextmanager

from flask import template_rendered

from social.services import people
from tests.factories import make_post
from tests.web.conftest import FETCH


@contextmanager
def pages_rendered(app):
    rendered: list[str] = []

    def note(_sender, template, context, **_extra):
        rendered.append(template.name)

    template_rendered.connect(note, app)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(note, app)


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', html))


def test_the_home_served_again_is_not_rendered_again(signed_in, world, web_app):
    client = signed_in(world.hugo)
    first = client.get("/").get_data(True)
    with pages_rendered(web_app) as rendered:
        again = client.get("/").get_data(True)
    assert again == first
    assert rendered == []


def test_a_search_repeated_is_not_rendered_again(signed_in, world, web_app):
    client = signed_in(world.hugo)
    first = client.get("/search?q=CCTP").get_data(True)
    with pages_rendered(web_app) as rendered:
        again = client.get("/search?q=CCTP").get_data(True)
    assert again == first and "CCTP" in again
    assert rendered == []


def test_each_session_gets_its_own_forms_tokens(signed_in, world):
    at_work, at_home = signed_in(world.hugo), signed_in(world.hugo)
    with at_home.session_transaction() as session:
        session["csrf_token"] = "another-browsers-token"
    work_tokens = csrf_tokens(at_work.get("/").get_data(True))
    home_tokens = csrf_tokens(at_home.get("/").get_data(True))
    assert len(work_tokens) == 1 and len(home_tokens) == 1
    assert home_tokens == {"another-browsers-token"} and work_tokens != home_tokens


def test_a_flashed_message_shows_once_on_a_kept_page(signed_in, world):
    client = signed_in(world.hugo)
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Bienvenue dans Comptoir")]
    assert "Bienvenue dans Comptoir" in client.get("/").get_data(True)
    assert "Bienvenue dans Comptoir" not in client.get("/").get_data(True)


def test_the_fragment_and_the_page_are_kept_apart(signed_in, world, db):
    for number in range(20):
        make_post(db, world.lea, world.projets, f"Message numéro {number}")
    client = signed_in(world.hugo)
    page = client.get("/").get_data(True)
    fragment = client.get("/", headers=FETCH).get_data(True)
    assert "<html" in page and "<html" not in fragment
    assert "<html" in client.get("/").get_data(True)


def test_a_new_language_shows_at_once(signed_in, world, db):
    client = signed_in(world.hugo)
    french = client.get("/").get_data(True)
    people.update_preferences(db, world.hugo, language="en")
    english = client.get("/").get_data(True)
    assert 'lang="fr"' in french and 'lang="en"' in english


def test_a_browser_that_keeps_no_new_cookie_is_served_the_kept_page_with_a_token(
        signed_in, world, web_app):
    """Its session never holds a form token: each request makes one, and the page kept
    for the person is served with it."""
    client = signed_in(world.hugo)
    client.get("/")
    with client.session_transaction() as session:
        session.pop("csrf_token")
    with pages_rendered(web_app) as rendered:
        html = client.get("/").get_data(True)
    assert rendered == []
    assert len(csrf_tokens(html)) == 1
