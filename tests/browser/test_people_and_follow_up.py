"""People and follow-up in real Chromium: the notification badge, a profile found by skill,
the interface in English, and a report handled by a moderator."""

from __future__ import annotations

import re

import pytest

from core.runtime import Runtime
from social.services import comments, posts
from tests.browser.conftest import LiveServer, screenshot
from tests.factories import make_firm, make_person, make_post, make_space
from tests.web.test_people_and_follow_up_xss import plant

pytestmark = pytest.mark.browser


@pytest.fixture
def site(make_app, clean_database):
    app = make_app()
    runtime: Runtime = app.extensions["comptoir"]
    with runtime.database.system_session() as db:
        firm = make_firm(db, "atelier-lumiere.fr", "Alice Admin")
        lea = make_person(db, firm, "Léa Martin")
        hugo = make_person(db, firm, "Hugo Bernard")
        make_person(db, firm, "Nina Petit")
        projets = make_space(db, lea, "Projets", members=(hugo,))
        post = make_post(db, lea, projets, "Le CCTP du lot 3 est prêt pour la réunion")
        db.commit()
    with LiveServer(app) as server:
        server.runtime, server.firm, server.post = runtime, firm, post
        server.lea, server.hugo = lea, hugo
        yield server


def sign_in(page, site, name: str, next_path: str) -> None:
    """The development sign-in: one click on the person, then where they were going."""
    page.goto(f"{site.url}/dev/sign-in/?next={next_path}")
    page.get_by_role("button", name=re.compile(name)).click()
    page.wait_for_url(f"{site.url}{next_path}")


def bell_badge(page):
    return page.locator("[data-notification-bell] [data-badge]")


def test_the_badge_counts_what_a_colleague_did_until_it_is_read(new_page, site):
    page = new_page()
    sign_in(page, site, "Léa Martin", "/people")
    assert bell_badge(page).is_hidden()

    # Hugo, elsewhere, mentions Léa in a post and answers hers.
    with site.runtime.database.system_session() as db:
        make_post(db, site.hugo, site.post.space.id, "@lea.martin, peux-tu relire le planning ?")
        comments.add_comment(db, site.hugo, site.post.discussion_id, "Merci, je regarde ce soir")

    page.reload()
    assert bell_badge(page).is_visible() and bell_badge(page).inner_text() == "2"
    counted = page.request.get(f"{site.url}/notifications/count")
    assert counted.ok and counted.json() == {"unread": 2}

    page.locator("[data-notification-bell]").click()
    page.wait_for_url(f"{site.url}/notifications")
    items = page.locator(".notification.unread")
    assert items.count() == 2
    text = page.locator(".notification-list").inner_text()
    assert "Hugo Bernard vous a mentionné dans une publication de Projets" in text
    assert "Hugo Bernard a commenté votre publication dans Projets" in text
    screenshot(page, "notifications-unread")

    page.get_by_role("button", name="Tout marquer comme lu").click()
    page.wait_for_url(f"{site.url}/notifications")
    assert bell_badge(page).is_hidden() and page.locator(".notification.unread").count() == 0
    assert page.request.get(f"{site.url}/notifications/count").json() == {"unread": 0}


def test_editing_a_profile_with_skills_then_finding_that_person_by_one(new_page, site):
    page = new_page()
    sign_in(page, site, "Nina Petit", "/me/profile")
    page.fill("#job_title", "Économiste de la construction")
    page.fill("#team", "Études")
    page.fill("#skills", "Métrés, DPGF, Chiffrage")
    page.fill("#passions", "Escalade")
    page.fill("#bio", "Je chiffre les lots techniques.")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_url(f"{site.url}/people/nina.petit")
    assert "Votre profil est enregistré." in page.locator(".flashes").inner_text()
    assert page.get_by_role("link", name="DPGF").is_visible()

    other = new_page()
    sign_in(other, site, "Léa Martin", "/people")
    other.fill("#directory-q", "metres")  # typed without the accent
    other.get_by_role("button", name="Rechercher").click()
    other.wait_for_url(re.compile(r".*/people\?q=metres.*"))
    cards = other.locator(".person-card")
    assert cards.count() == 1 and "Nina Petit" in cards.first.inner_text()
    assert "Économiste de la construction" in cards.first.inner_text()
    screenshot(other, "directory-found-by-skill")
    cards.first.get_by_role("link", name="Escalade").click()
    other.wait_for_url(re.compile(r".*/people\?passion=Escalade"))
    assert other.locator(".person-card").count() == 1


def test_switching_the_interface_to_english(new_page, site):
    page = new_page()
    sign_in(page, site, "Hugo Bernard", "/me/settings")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Paramètres").is_visible()

    page.select_option("#language", "en")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(f"{site.url}/me/settings")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Settings", exact=True).is_visible()
    assert "Your settings are saved." in page.locator(".flashes").inner_text()
    assert page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="People").is_visible()
    screenshot(page, "settings-in-english")

    page.goto(f"{site.url}/people")
    assert page.get_by_role("heading", name="People of the firm").is_visible()


def test_a_report_is_hidden_by_the_spaces_owner_and_the_author_is_told(new_page, site):
    with site.runtime.database.system_session() as db:
        rude = posts.create_post(db, site.hugo, site.post.space.id, "Franchement, nul.")
    reporter = new_page()
    sign_in(reporter, site, "Nina Petit", f"/report?post={rude.id}")
    reporter.get_by_label("Propos offensants ou blessants").check()
    reporter.fill("#details", "Pas très confraternel")
    reporter.get_by_role("button", name="Envoyer le signalement").click()
    assert reporter.get_by_role("heading", name="Merci, les modérateurs vont y regarder.") \
        .is_visible()

    owner = new_page()
    sign_in(owner, site, "Léa Martin", "/moderation")
    case = owner.locator(".case")
    assert case.count() == 1 and "Pas très confraternel" in case.inner_text()
    screenshot(owner, "moderation-queue")
    case.get_by_role("button", name="Masquer").click()
    owner.wait_for_url(f"{site.url}/moderation?tab=open")
    assert "Son auteur en a été informé" in owner.locator(".flashes").inner_text()

    author = new_page()
    sign_in(author, site, "Hugo Bernard", "/notifications")
    assert "Un modérateur a masqué votre publication dans Projets" in \
        author.locator(".notification-list").inner_text()


def test_the_admin_page_shows_people_roles_and_the_firms_activity(new_page, site):
    page = new_page()
    sign_in(page, site, "Alice Admin", "/admin")
    row = page.locator("tr", has_text="Hugo Bernard")
    row.get_by_role("button", name="Nommer administrateur").click()
    page.wait_for_url(re.compile(rf"{site.url}/admin.*"))
    assert "Hugo Bernard est maintenant administrateur." in page.locator(".flashes").inner_text()
    assert page.get_by_role("img", name="Publications par semaine").is_visible()
    screenshot(page, "admin-people-and-activity")
    page.get_by_role("link", name="Journal d’audit").first.click()
    page.wait_for_url(f"{site.url}/admin/audit")
    assert "user.role_changed" in page.locator(".audit-table").inner_text()


def test_payloads_written_by_a_colleague_never_run_on_these_pages(new_page, site):
    """A listener in Chromium, not string matching: no dialog may open, no script may run."""
    payload = '<img src=x onerror=alert(1)><script>alert(2)</script>"><svg onload=alert(3)>'
    with site.runtime.database.system_session() as db:
        post_id, _ = plant(db, site.firm, site.lea, payload)
    page = new_page()
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    sign_in(page, site, "Léa Martin", "/notifications")
    for path in ("/notifications", "/people", "/people/mallory", "/moderation",
                 f"/report?post={post_id}", "/me/settings", "/contributions"):
        page.goto(f"{site.url}{path}")
        page.wait_for_load_state("load")
        assert page.locator("img[src=x], svg[onload]").count() == 0, path
    assert fired == []
