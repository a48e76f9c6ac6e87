"""The whole XSS corpus (tests/xss_corpus.py), written by a colleague into every field they
control, never runs in Chromium: on the pages, in the notifications, in a digest's HTML
and in what a feed reader shows.

Chromium is the judge, not string matching: a dialog listener catches any payload that
runs, a selector finds any element or attribute that only an injection could have left,
and the console watch of `new_page` fails the test on a script the CSP had to refuse.
"""

from __future__ import annotations

import re
from html import escape as html_escape
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from core.clock import utcnow
from core.runtime import Runtime
from social.digests.compose import compose_digest
from social.digests.content import Reader
from social.digests.render import Letterhead, render_parts
from social.models import User
from social.services import comments, profiles, reactions, spaces
from social.services.feed_tokens import create_feed_token
from tests.browser.conftest import LiveServer
from tests.browser.test_people_and_follow_up import sign_in
from tests.factories import make_firm, make_person, make_post, make_space
from tests.xss_corpus import INJECTED, PAYLOADS

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(make_app, clean_database):
    """Léa's firm, where one colleague per payload wrote it in every field they own."""
    app = make_app()
    runtime: Runtime = app.extensions["comptoir"]
    with runtime.database.system_session() as db:
        firm = make_firm(db, "atelier-lumiere.fr", "Alice Admin")
        lea = make_person(db, firm, "Léa Martin")
        question = make_post(db, lea, make_space(db, lea, "Projets"), "Ma question")
        planted = [_plant(db, firm, lea, question, number, payload)
                   for number, payload in enumerate(PAYLOADS, start=1)]
        db.commit()
    with LiveServer(app) as server:
        server.runtime, server.lea, server.planted = runtime, lea, planted
        yield server


def _plant(db, firm, lea, question, number: int, payload: str) -> dict:
    author = make_person(db, firm, f"Auteur {number}")
    user = db.scalar(select(User).where(User.id == author.user_id))
    user.name = f"Auteur {number} {payload}"[:120]
    db.flush()
    profiles.update_profile(db, author, job_title=f"Poste {payload}"[:120],
                            bio=f"Bio {payload}", team=f"Équipe {payload}"[:120],
                            site=f"Site {payload}"[:120], skills=[f"S{number} {payload}"[:40]],
                            passions=[f"P{number} {payload}"[:40]])
    space = spaces.create_space(db, author, name=f"Espace {number} {payload}"[:80],
                                description=f"Description {payload}")
    spaces.invite_member(db, author, space.id, lea.user_id)
    post = make_post(db, author, space.id, f"Texte {payload} #xss{number} @lea.martin")
    comments.add_comment(db, author, post.discussion_id, f"Avis {payload}")
    comments.add_comment(db, author, question.discussion_id, f"Réponse {payload}")
    reactions.react(db, author, question.discussion_id, "like")
    return {"post": post.id, "space": space.id, "handle": user.handle, "number": number}


def _watch_dialogs(page) -> list[str]:
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return fired


def _assert_inert(page, where: str) -> None:
    injected = page.locator(INJECTED)
    assert injected.count() == 0, (where, injected.first.evaluate("e => e.outerHTML"))


def test_no_payload_runs_on_any_page(new_page, site):
    page = new_page()
    fired = _watch_dialogs(page)
    sign_in(page, site, "Léa Martin", "/notifications")
    paths = ["/notifications", "/", "/?order=recent", "/spaces", "/people", "/contributions",
             "/search?q=Texte", "/search?q=Avis", "/me/settings"]
    for planted in site.planted:
        paths += [f"/posts/{planted['post']}", f"/spaces/{planted['space']}",
                  f"/people/{planted['handle']}", f"/tags/xss{planted['number']}"]
    for path in paths:
        page.goto(f"{site.url}{path}")
        page.wait_for_load_state("load")
        _assert_inert(page, path)
    assert fired == []
    notifications = page.request.get(f"{site.url}/notifications").text()
    assert "&lt;script&gt;alert" in notifications, "the names are shown, as text"


def test_no_payload_runs_in_a_digest(browser, site):
    now = utcnow()
    with site.runtime.database.system_session() as db:
        reader = Reader.of(db.scalar(select(User).where(User.id == site.lea.user_id)))
        digest = compose_digest(db, reader, since=now - timedelta(days=7), now=now)
    _, text, html = render_parts(digest, Letterhead(site.url, "Comptoir <d@example.fr>"),
                                 f"{site.url}/unsubscribe/x")
    assert "<script>alert" in text  # plain text shows people's words as they wrote them
    assert "<script>alert" not in html
    _assert_inert_document(browser, html, "digest")


def test_no_payload_runs_in_what_a_feed_reader_shows(browser, site):
    with site.runtime.database.system_session() as db:
        actor = site.lea
        token, _ = create_feed_token(db, actor, "lecteur")
    answer = requests.get(f"{site.url}/feeds/{token}/home.atom", timeout=10)
    assert answer.ok
    entries = ElementTree.fromstring(answer.content).findall(f"{ATOM}entry")
    assert len(entries) >= 20
    shown = "".join(f"<h2>{_text(entry, 'title')}</h2>{_text(entry, 'content')}"
                    f"<p>{_text(entry, 'author/' + ATOM + 'name')}</p>" for entry in entries)
    _assert_inert_document(browser, shown, "atom")


def _text(entry, path: str) -> str:
    """An element as a reader displays it: HTML when its type says so, else text."""
    parts = path.split("/")
    found = entry.find("/".join(ATOM + part if not part.startswith("{") else part
                                for part in parts))
    if found is None:
        return ""
    return found.text or "" if found.get("type") in ("html", "xhtml") else \
        html_escape(found.text or "")


def _assert_inert_document(browser, html: str, where: str) -> None:
    """What a mail client or a feed reader with no sanitizer of its own would display."""
    context = browser.new_context()
    page = context.new_page()
    fired = _watch_dialogs(page)
    page.route(re.compile(".*"), lambda route: route.abort())  # nothing leaves the page
    page.set_content(html, wait_until="load")
    page.wait_for_timeout(200)  # autofocus and load handlers get their turn
    _assert_inert(page, where)
    context.close()
    assert fired == [], where
