"""Each sharing page opens for the people it is for, in French, and refuses the others:
403 for someone of the firm who may not, 404 for another firm's things."""

from __future__ import annotations

import pytest

from tests.factories import make_guest, make_post

MEMBER_PAGES = ("/sharing", "/sharing/shares", "/sharing/consents", "/sharing/accounts")
ADMIN_PAGES = ("/admin/sharing/rules", "/admin/sharing", "/admin/audit")


def body(response) -> str:
    text = response.get_data(True)
    response.close()
    return text


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_each_member_page_opens_for_someone_of_the_firm(signed_in, sharing, path):
    response = signed_in(sharing.nina).get(path)
    assert response.status_code == 200, path
    assert "Prêt à partager" in body(response)


@pytest.mark.parametrize("path", ADMIN_PAGES + ("/sharing/approvals",))
def test_admin_pages_are_the_admins(signed_in, sharing, path):
    assert signed_in(sharing.admin).get(path).status_code == 200
    assert signed_in(sharing.lea).get(path).status_code == 403


def test_the_csv_export_is_the_admins(signed_in, sharing):
    refused = signed_in(sharing.lea).get("/admin/audit.csv")
    assert refused.status_code == 403 and body(refused)
    allowed = signed_in(sharing.admin).get("/admin/audit.csv")
    assert allowed.status_code == 200 and allowed.mimetype == "text/csv"
    body(allowed)


def test_pages_ask_to_sign_in_first(web, sharing):
    for path in MEMBER_PAGES + ADMIN_PAGES:
        response = web.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_ready_to_share_lists_the_approved_post_with_a_preview_per_network(signed_in, sharing):
    page = body(signed_in(sharing.lea).get("/sharing"))
    assert "Notre guide de la rénovation est en ligne." in page
    assert "Nous recrutons" not in page  # proposed, not approved yet
    assert "Partager maintenant sur X" in page and "Partager maintenant sur LinkedIn" in page
    assert "Hashtag #Comptoir ajouté." in page
    nina = body(signed_in(sharing.nina).get("/sharing"))
    assert "Connecter X pour partager" in nina  # no account yet


def test_another_firms_proposal_and_offer_are_not_found(signed_in, sharing):
    client = signed_in(sharing.lea)
    assert client.get(f"/sharing/proposals/{sharing.foreign_proposal_id}").status_code == 404
    assert client.get(f"/sharing/offers/{sharing.foreign_proposal_id}").status_code == 404
    admin = signed_in(sharing.admin)
    assert admin.get(f"/sharing/proposals/{sharing.foreign_proposal_id}").status_code == 404
    response = admin.post(f"/sharing/proposals/{sharing.foreign_proposal_id}/approve",
                          data={"csrf_token": "test-csrf-token-for-signed-in-clients"})
    assert response.status_code == 404
    zoe = signed_in(sharing.zoe)
    assert zoe.get(f"/sharing/offers/{sharing.approved_id}").status_code == 404
    assert "Notre guide" not in body(zoe.get("/sharing"))


def test_the_approval_queue_shows_the_waiting_post_with_its_previews(signed_in, sharing):
    page = body(signed_in(sharing.admin).get("/sharing/approvals"))
    assert "Nous recrutons une cheffe de projet à Lyon !" in page
    assert "Proposée par Anne Auteur" in page
    assert page.count('data-network="') == 2
    assert "Approuver" in page and "Rejeter" in page and "Demander des modifications" in page


def test_a_guest_sees_no_sharing(signed_in, sharing, db):
    guest = make_guest(db, sharing.firm, sharing.author, sharing.space_id, "Claire Cliente")
    db.commit()
    client = signed_in(guest)
    page = body(client.get("/sharing"))
    assert "Notre guide" not in page and 'href="/sharing/accounts"' not in page
    assert 'href="/sharing"' not in body(client.get(f"/spaces/{sharing.space_id}"))


def test_the_post_page_offers_to_propose_it_or_says_where_it_stands(signed_in, sharing, db):
    post = make_post(db, sharing.author, sharing.space_id, "Le chantier de Lyon est fini")
    db.commit()
    author = signed_in(sharing.author)
    assert "Proposer au partage" in body(author.get(f"/posts/{post.id}"))
    assert "Proposer au partage" not in body(signed_in(sharing.lea).get(f"/posts/{post.id}"))
    waiting = body(author.get("/sharing/proposals/" + str(sharing.proposed_id)))
    assert "En attente d’approbation" in waiting
    assert "Partage\u00a0: Approuvée" in body(signed_in(sharing.lea).get("/posts/2"))
