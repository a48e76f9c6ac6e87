"""Sharing in real Chromium: the admin's rules page (saved, with its history; refused values
are covered by tests/web/advocacy: their 400 answer is a console error in Chromium), a
proposal previewed as it is typed, the approval queue, and "Ready to share" with a note
and a share. Screenshots go to tests/artifacts; the console stays clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from advocacy.models import Delivery
from core.runtime import Runtime
from tests.browser.conftest import LiveServer, screenshot
from tests.factories import make_post
from tests.web.advocacy.world import build_sharing_world

pytestmark = pytest.mark.browser


@pytest.fixture
def site(make_app, clean_database):
    app = make_app()
    runtime: Runtime = app.extensions["comptoir"]
    with runtime.database.system_session() as db:
        world = build_sharing_world(db, runtime.token_cipher)
        post = make_post(db, world.author, world.space_id,
                         "Le chantier de la médiathèque de Lyon est livré ! #BTP")
        db.commit()
    with LiveServer(app) as server:
        server.runtime, server.world, server.post = runtime, world, post
        yield server


def sign_in(page, site, name: str, next_path: str) -> None:
    page.goto(f"{site.url}/dev/sign-in/?next={next_path}")
    page.get_by_role("button", name=re.compile(name)).click()
    page.wait_for_url(f"{site.url}{next_path}")


def test_the_admin_sets_the_rules_and_reads_their_history(new_page, site):
    page = new_page()
    sign_in(page, site, "Alice Admin", "/admin/sharing/rules")
    assert page.get_by_role("heading", name="Règles de partage").is_visible()

    page.fill("#networks\\.x\\.hashtags", "Comptoir Recrutement")
    page.fill("#networks\\.x\\.forbidden", "gratuit à vie")
    page.check("input[name='schedule.windows.0.days'][value='mon']")
    page.fill("#schedule\\.windows\\.0\\.end", "19:00")
    page.fill("#schedule\\.windows\\.0\\.start", "08:00")
    page.get_by_role("button", name="Enregistrer les règles").click()
    page.wait_for_url(f"{site.url}/admin/sharing/rules")
    assert "la version 2 s’applique désormais" in page.locator(".flashes").inner_text()

    # The window would hold back the next tests' shares: it is removed again (version 3).
    page.uncheck("input[name='schedule.windows.0.days'][value='mon']")
    page.fill("#schedule\\.windows\\.0\\.start", "")
    page.fill("#schedule\\.windows\\.0\\.end", "")
    page.get_by_role("button", name="Enregistrer les règles").click()
    page.wait_for_url(f"{site.url}/admin/sharing/rules")
    history = page.locator("#version-2").inner_text()
    assert "Hashtags obligatoires" in history and "Comptoir, Recrutement" in history
    assert "mon 08:00–19:00" in history
    assert "Heures de partage" in page.locator("#version-3").inner_text()
    screenshot(page, "sharing-rules-history")


def test_a_proposal_is_previewed_as_typed_then_approved_from_the_queue(new_page, site):
    author = new_page()
    sign_in(author, site, "Anne Auteur", f"/posts/{site.post.id}")
    author.get_by_role("link", name=re.compile("Proposer au partage")).click()
    author.wait_for_url(re.compile(r".*/sharing/propose/\d+"))
    preview = author.locator("[data-preview-area]")
    assert "#Comptoir" in preview.inner_text()

    author.fill("#variant_x", "Médiathèque de Lyon : livrée ! https://atelier.fr/lyon")
    # The live preview, through the page's script (a locator: the CSP forbids eval).
    expect(preview).to_contain_text("/l/")
    assert "Paramètres de suivi ajoutés à https://atelier.fr/lyon" in preview.inner_text()
    screenshot(author, "sharing-propose-live-preview")
    author.get_by_role("button", name="Soumettre à l’approbation").click()
    author.wait_for_url(re.compile(r".*/sharing/proposals/\d+"))
    assert "les approbateurs sont prévenus" in author.locator(".flashes").inner_text()

    admin = new_page()
    sign_in(admin, site, "Alice Admin", "/sharing/approvals")
    items = admin.locator("article.proposal")
    assert items.count() == 2
    mine = items.filter(has_text="Le chantier de la médiathèque")
    assert "Médiathèque de Lyon\u00a0: livrée" in mine.inner_text() or \
        "Médiathèque de Lyon : livrée" in mine.inner_text()
    screenshot(admin, "sharing-approval-queue")

    other = items.filter(has_text="Nous recrutons")
    other.locator("textarea[name=reason]").fill("Attendons l’annonce officielle")
    other.get_by_role("button", name=re.compile("Demander des modifications")).click()
    admin.wait_for_url(f"{site.url}/sharing/approvals")
    assert "Modifications demandées" in admin.locator(".flashes").inner_text()

    mine = admin.locator("article.proposal").filter(has_text="Le chantier de la médiathèque")
    mine.get_by_role("button", name=re.compile("Approuver")).click()
    admin.wait_for_url(f"{site.url}/sharing/approvals")
    assert "Approuvée" in admin.locator(".flashes").inner_text()
    assert admin.locator("article.proposal").count() == 0


def test_ready_to_share_with_a_note_then_shared_now(new_page, site):
    page = new_page()
    sign_in(page, site, "Léa Martin", "/sharing")
    offer = page.locator("article.offer").first
    assert "Notre guide de la rénovation est en ligne." in offer.inner_text()
    assert offer.locator("[data-network]").count() == 2

    offer.locator("summary", has_text="Ajouter mes propres mots").click()
    page.fill("textarea[name=note]", "À lire absolument 👇")
    page.get_by_role("button", name="Enregistrer ma note et vérifier à nouveau").click()
    page.wait_for_url(re.compile(r".*/sharing(#offer-\d+)?$"))
    x_preview = page.locator("[data-network=x] .share-text").first.inner_text()
    assert x_preview.startswith("À lire absolument 👇")
    screenshot(page, "sharing-ready-with-note")

    page.get_by_role("button", name="Partager maintenant sur X").click()
    page.wait_for_url(re.compile(r".*/sharing(#offer-\d+)?$"))
    assert "Partagé sur X" in page.locator(".flashes").inner_text()
    assert "Programmé" in page.locator("article.offer").first.inner_text()
    screenshot(page, "sharing-ready-shared")
    with site.runtime.database.system_session() as db:
        [delivery] = db.scalars(select(Delivery)).all()
        assert delivery.text.startswith("À lire absolument 👇\n\nNotre guide")
