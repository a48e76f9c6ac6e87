"""The add-on, used through the card preview in headless Chromium, as a person would."""

from __future__ import annotations

import pytest

from cli.demo import seed
from core.runtime import Runtime
from social.services import people
from tests.addon.conftest import CLIENT_ID, SERVICE_ACCOUNT
from tests.browser.conftest import LiveServer, screenshot
from tests.fakes.google import DriveFileRecord
from web.dev.events import PREVIEW_OAUTH_TOKEN

pytestmark = pytest.mark.browser

CCTP = "1cctp-ecole-villeurbanne"


@pytest.fixture
def demo_site(make_app, google, clean_database, database_url):
    google.oauth_tokens.add(PREVIEW_OAUTH_TOKEN)
    google.drive_files[CCTP] = DriveFileRecord(
        id=CCTP, name="CCTP lot 03 — École de Villeurbanne.pdf", sharing="restricted",
        domain="atelier-lumiere.fr", owners=["hugo.bernard@atelier-lumiere.fr"],
        shared_with=["lea.martin@atelier-lumiere.fr"])
    app = make_app(google_certs_url=google.certs_url, google_api_url=google.url,
                   addon_service_account=SERVICE_ACCOUNT, google_client_id=CLIENT_ID,
                   base_url="https://comptoir.example.fr")
    runtime: Runtime = app.extensions["comptoir"]
    seed(runtime)
    with runtime.database.session(write=True) as db:
        people.enroll_user(db, people.Identity("sub-zoe", "zoe@autre-firme.fr", "autre-firme.fr",
                                               "Zoé Autre"))
    with LiveServer(app) as server:
        yield server


def open_as(page, site, person: str, where: str, file_title: str | None = None,
            granted: bool = False):
    page.goto(f"{site.url}/dev/addon/")
    page.select_option("#user", label=person)
    page.select_option("#context", where)
    if file_title:
        page.select_option("#file", label=file_title)
    if granted:
        page.check("input[name=granted]")
    page.click("#open")


def press(page, label: str):
    page.locator("#card").get_by_role("button", name=label, exact=True).first.click()


def test_a_file_discussed_liked_and_posted_through_the_preview(new_page, demo_site):
    page = new_page()
    cctp = "CCTP lot 03 — École de Villeurbanne.pdf"
    open_as(page, demo_site, "Léa Martin — Atelier Lumière", "drive-file", cctp, granted=True)
    assert page.locator("#card-title").inner_text() == cctp
    assert "Restreint" in page.locator("#card").inner_text()

    page.fill("textarea[name=comment]", "Relu : l’article 3.4 <b>doit</b> préciser la classe AEV")
    press(page, "Commenter")
    assert page.locator("#notification").inner_text() == "Commentaire publié."
    assert "<b>doit</b> préciser" in page.locator("#card").inner_text()
    screenshot(page, "addon-preview-comment")

    press(page, "Répondre")
    page.fill("textarea[name=reply]", "Et la classe A*3 E*7B V*A2, d’après Bron.")
    press(page, "Répondre")
    assert page.locator("#notification").inner_text() == "Réponse publiée."
    assert "Et la classe A*3" in page.locator("#card").inner_text()

    press(page, "J’aime")
    assert "Vous et 3 autres personnes aimez ceci" not in page.locator("#card").inner_text()
    assert "Vous" in page.locator("#card").inner_text()
    press(page, "Je n’aime plus")
    press(page, "J’aime")

    page.locator(".footer button").click()  # Publier dans un espace
    page.select_option("select[name=space]", label="Projets & chantiers")
    page.fill("textarea[name=body]", "Le CCTP relu, à valider #villeurbanne")
    press(page, "Publier")
    assert "ne peuvent pas ouvrir ce fichier" in page.locator("#card").inner_text()
    screenshot(page, "addon-preview-restricted-warning")
    press(page, "Publier quand même")
    assert page.locator("#notification").inner_text() == "Publié dans Projets & chantiers."
    assert "Le CCTP relu, à valider" in page.locator("#card").inner_text()
    screenshot(page, "addon-preview-space-feed")

    colleague = new_page()
    open_as(colleague, demo_site, "Hugo Bernard — Atelier Lumière", "drive-file", cctp,
            granted=True)
    text = colleague.locator("#card").inner_text()
    assert "Relu : l’article 3.4" in text and "Et la classe A*3" in text
    assert "Projets & chantiers" in text

    outsider = new_page()
    open_as(outsider, demo_site, "Zoé Autre — autre-firme.fr", "drive-file", cctp, granted=True)
    text = outsider.locator("#card").inner_text()
    assert "Relu" not in text and "Projets & chantiers" not in text


def test_the_preview_answers_404_in_production(make_app):
    from tests.conftest import PRODUCTION_SETTINGS

    app = make_app(**PRODUCTION_SETTINGS)
    assert app.test_client().get("/dev/addon/").status_code == 404


def test_the_preview_answers_only_loopback_clients(make_app, clean_database):
    app = make_app()
    client = app.test_client()
    assert client.get("/dev/addon/", environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code == 404
    assert client.get("/dev/addon/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
