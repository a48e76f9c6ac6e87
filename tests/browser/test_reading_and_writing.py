"""Reading and writing in real Chromium: signing in with (fake) Google, creating a space,
posting with a mention and a hashtag chosen from the suggestions, a colleague replying
and reacting without a page reload, the same without JavaScript, and searching in French."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from core.runtime import Runtime
from social.models import Space
from social.services import comments
from tests.browser.conftest import LiveServer, screenshot
from tests.factories import make_firm, make_person, make_post, make_space
from tests.support import free_port

pytestmark = pytest.mark.browser

CLIENT_ID, CLIENT_SECRET = "reading-client.apps.googleusercontent.com", "reading-secret"
DOMAIN = "atelier-lumiere.fr"


class LiveServerAt(LiveServer):
    """The live server on a port chosen beforehand: Google redirects back to the base URL
    the app was configured with, so the app must know its address before it starts."""

    def __init__(self, app, port: int):  # not super().__init__: it binds a port of its own
        self._server = make_server("127.0.0.1", port, app, threaded=True)
        self.url = f"http://127.0.0.1:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)


@pytest.fixture
def site(make_app, google, clean_database):
    google.sign_in.client_secrets[CLIENT_ID] = CLIENT_SECRET
    google.sign_in.add_account(f"lea.martin@{DOMAIN}", "Léa Martin", domain=DOMAIN)
    port = free_port()
    app = make_app(google_client_id=CLIENT_ID, google_client_secret=CLIENT_SECRET,
                   google_oidc_issuer_url=google.url, google_certs_url=google.certs_url,
                   google_api_url=google.url, base_url=f"http://127.0.0.1:{port}")
    runtime: Runtime = app.extensions["comptoir"]
    with runtime.database.system_session() as db:
        firm = make_firm(db, DOMAIN, "Alice Admin")
        hugo = make_person(db, firm, "Hugo Bernard")
        vie = make_space(db, firm.admin, "Vie du cabinet", members=(hugo,))
        make_post(db, firm.admin, vie, "Compte rendu de la #réunion d’équipe de lundi")
    with LiveServerAt(app, port) as server:
        server.runtime, server.firm, server.hugo = runtime, firm, hugo
        yield server


def sign_in_with_google(page, site, email: str) -> None:
    page.goto(f"{site.url}/")
    page.click("#sign-in-google")
    page.wait_for_url(re.compile(r".*/o/oauth2/v2/auth.*"))  # the fake's account chooser
    page.get_by_role("button", name=re.compile(re.escape(email))).click()
    page.wait_for_url(f"{site.url}/")


def sign_in_as_demo(page, site, name: str, next_path: str) -> None:
    page.goto(f"{site.url}/dev/sign-in/?next={next_path}")
    page.get_by_role("button", name=re.compile(name)).click()
    page.wait_for_url(f"{site.url}{next_path}")


def db_space(db, site) -> int:
    return db.scalar(select(Space.id).where(Space.name == "Vie du cabinet"))


def suggestion(page, text: str):
    return page.locator("#autocomplete-list [role=option]", has_text=text)


def test_creating_a_space_and_posting_with_a_mention_and_a_hashtag(new_page, site):
    page = new_page()
    sign_in_with_google(page, site, f"lea.martin@{DOMAIN}")
    assert page.locator(".menu-name").text_content() == "Léa Martin"

    page.goto(f"{site.url}/spaces")
    page.fill("#space-name", "Chantier de Bron")
    page.fill("#space-description", "Suivi du chantier T3 : planning, réunions, photos.")
    page.check("input[name=visibility][value=public]")
    page.get_by_role("button", name="Créer l’espace").click()
    assert page.locator("h1").inner_text() == "Chantier de Bron"
    assert "Invitez vos collègues" in page.locator(".flashes").inner_text()
    screenshot(page, "reading-space-created")

    page.evaluate("window.sameDocument = true")  # gone if anything reloads the page
    body = page.locator("#composer-body")
    body.click()
    body.press_sequentially("Point sur le planning avec @hug")
    suggestion(page, "Hugo Bernard").wait_for()
    assert body.get_attribute("aria-expanded") == "true"
    body.press("Enter")
    assert body.input_value() == "Point sur le planning avec @hugo.bernard "
    body.press_sequentially("avant la #reu")
    suggestion(page, "#réunion").wait_for()
    body.press("ArrowDown")  # one suggestion: the arrow wraps around to it
    body.press("Tab")
    assert body.input_value().endswith("avant la #réunion ")
    body.press_sequentially("de **jeudi**")

    page.click("[data-preview]")
    preview = page.locator("[data-preview-slot]")
    preview.locator("strong").wait_for()
    assert preview.locator("a.mention").get_attribute("href") == "/people/hugo.bernard"
    assert page.evaluate("window.sameDocument") is True  # the preview reloaded nothing
    screenshot(page, "reading-composer-preview")

    page.click("[data-publish]")
    page.wait_for_url(re.compile(r".*/posts/\d+$"))
    post = page.locator("article.post")
    assert post.locator("a.mention").inner_text() == "@hugo.bernard"
    assert post.locator("a.hashtag").get_attribute("href") == "/tags/reunion"
    screenshot(page, "reading-post-published")

    post.locator("a.hashtag").click()
    assert page.locator("h1").inner_text() == "#réunion"
    assert page.locator("article.post").count() == 2


def test_a_colleague_replies_and_reacts_without_a_reload(new_page, site):
    with site.runtime.database.system_session() as db:
        lea = make_person(db, site.firm, "Léa Martin")
        space = make_space(db, lea, "Chantier de Bron", members=(site.hugo,))
        post = make_post(db, lea, space, "Le planning du lot 3 est en ligne, vos remarques ?")
        comments.add_comment(db, lea, post.discussion_id, "Surtout sur la semaine 12.")
    page = new_page()
    sign_in_as_demo(page, site, "Hugo Bernard", "/")
    page.click(f"#post-{post.id} .comments-link")
    page.wait_for_url(re.compile(rf".*/posts/{post.id}#comments$"))
    page.evaluate("window.sameDocument = true")  # gone if anything reloads the page

    heart = page.locator("article.post button[data-reaction=heart]")
    heart.click()
    page.wait_for_selector("article.post button[data-reaction=heart][aria-pressed=true]")
    assert page.locator("article.post button[data-reaction=heart] .count").inner_text() == "1"

    page.fill("#comment-new-body", "Je regarde ce soir et je reviens vers toi.")
    page.click(".comment-new button[type=submit]")
    page.locator(".commented", has_text="Je regarde ce soir").wait_for()

    first = page.locator("article.comment", has_text="Surtout sur la semaine 12.").first
    first.locator("details.reply > summary").click()
    first.locator("textarea[name=body]").fill("Semaine 12 : la livraison des poutres glisse.")
    first.locator("details.reply button[type=submit]").click()
    reply = page.locator(".replied article.comment", has_text="livraison des poutres")
    reply.wait_for()
    assert page.evaluate("window.sameDocument") is True
    screenshot(page, "reading-reply-and-reaction")

    page.reload()
    assert page.locator("article.post button[data-reaction=heart]").get_attribute(
        "aria-pressed") == "true"
    replied = page.locator("article.comment.depth-1", has_text="livraison des poutres")
    assert replied.count() == 1


def test_without_javascript_reacting_and_commenting_still_work(browser, site):
    with site.runtime.database.system_session() as db:
        post = make_post(db, site.firm.admin, db_space(db, site), "Sans JavaScript aussi")
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        sign_in_as_demo(page, site, "Hugo Bernard", f"/posts/{post.id}")
        page.click("article.post button[data-reaction=idea]")
        page.wait_for_url(f"{site.url}/posts/{post.id}#post-{post.id}")
        assert page.locator("article.post button[data-reaction=idea]").get_attribute(
            "aria-pressed") == "true"
        page.fill("#comment-new-body", "Ça marche aussi sans script.")
        page.click(".comment-new button[type=submit]")
        page.wait_for_url(re.compile(rf".*/posts/{post.id}#comment-\d+$"))
        assert page.locator("article.comment", has_text="sans script").count() == 1
    finally:
        context.close()


def test_searching_in_french_with_and_without_accents(new_page, site):
    with site.runtime.database.system_session() as db:
        space = db_space(db, site)
        make_post(db, site.hugo, space, "Réunion annuelle : le bilan de l’année à l’atelier")
    page = new_page()
    sign_in_as_demo(page, site, "Hugo Bernard", "/")
    page.fill("#top-search", "reunion")
    page.press("#top-search", "Enter")
    page.wait_for_url(re.compile(r".*/search\?q=reunion$"))
    results = page.locator(".result")
    assert results.count() == 2
    marked = page.locator(".result mark").all_inner_texts()
    assert "Réunion" in marked and "réunion" in marked
    screenshot(page, "reading-search-without-accents")

    page.fill("#search-q", "réunion annuelle")
    page.click(".search-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/search\?q=.*"))
    assert page.locator(".result").count() == 1
    assert "bilan" in page.locator(".result").inner_text()
