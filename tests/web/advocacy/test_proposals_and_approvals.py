"""Proposing a post from its page, with a text per network previewed by the rules before
anything is saved; deciding on it from the queue or its page (a reason is required to
reject or ask for changes); editing an approved proposal sends it back for approval."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from advocacy.models import Proposal
from social.models import AuditEntry
from social.services import posts
from tests.factories import make_post
from tests.web.conftest import form


def proposal_state(db, proposal_id: int) -> str:
    db.expire_all()
    return db.get(Proposal, proposal_id).state


def audit_count(db) -> int:
    return db.scalar(select(func.count()).select_from(AuditEntry))


def test_previewing_saves_nothing_and_shows_the_final_texts(signed_in, sharing, db):
    post = make_post(db, sharing.author, sharing.space_id, "Le chantier de Lyon est fini")
    db.commit()
    client = signed_in(sharing.author)
    page = client.get(f"/sharing/propose/{post.id}").get_data(True)
    assert "Le chantier de Lyon est fini\n#Comptoir" in page  # X, the hashtag added
    before = audit_count(db)

    preview = client.post(f"/sharing/propose/{post.id}", data=form(
        action="preview", variant_x="Chantier fini ! https://atelier.fr/lyon",
        variant_linkedin=""))

    assert preview.status_code == 200
    text = preview.get_data(True)
    assert re.search(r"Chantier fini ! http://localhost/l/[a-z2-7]{12}\n#Comptoir", text)
    assert "Paramètres de suivi ajoutés à https://atelier.fr/lyon." in text
    assert ">Chantier fini ! https://atelier.fr/lyon</textarea>" in text  # kept in the form
    assert audit_count(db) == before
    assert db.scalar(select(Proposal).where(Proposal.post_id == post.id)) is None


def test_submitting_a_proposal_then_approving_it_from_the_queue(signed_in, sharing, db):
    post = make_post(db, sharing.author, sharing.space_id, "Le chantier de Lyon est fini")
    db.commit()
    author = signed_in(sharing.author)

    submitted = author.post(f"/sharing/propose/{post.id}",
                            data=form(action="submit", variant_x="Chantier fini !"))

    assert submitted.status_code == 303
    proposal_id = int(submitted.headers["Location"].rsplit("/", 1)[1])
    assert proposal_state(db, proposal_id) == "proposed"
    page = author.get(f"/sharing/proposals/{proposal_id}").get_data(True)
    assert "Proposée au partage\u00a0: les approbateurs sont prévenus." in page
    assert f'href="/sharing/proposals/{proposal_id}"' in \
        author.get(f"/posts/{post.id}").get_data(True)

    admin = signed_in(sharing.admin)
    approved = admin.post(f"/sharing/proposals/{proposal_id}/approve",
                          data=form(next="/sharing/approvals"))

    assert approved.status_code == 303 and approved.headers["Location"] == "/sharing/approvals"
    assert proposal_state(db, proposal_id) == "approved"
    assert "Chantier fini !" in signed_in(sharing.lea).get("/sharing").get_data(True)


def test_a_draft_is_kept_until_submitted(signed_in, sharing, db):
    post = make_post(db, sharing.author, sharing.space_id, "Brouillon de partage")
    db.commit()
    client = signed_in(sharing.author)
    saved = client.post(f"/sharing/propose/{post.id}", data=form(action="draft"))
    proposal_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    assert proposal_state(db, proposal_id) == "draft"
    assert "Brouillon de partage" not in \
        signed_in(sharing.admin).get("/sharing/approvals").get_data(True)

    client.post(f"/sharing/proposals/{proposal_id}/edit", data=form(action="submit"))

    assert proposal_state(db, proposal_id) == "proposed"


def test_rejecting_needs_a_reason_kept_with_the_error(signed_in, sharing, db):
    admin = signed_in(sharing.admin)
    refused = admin.post(f"/sharing/proposals/{sharing.proposed_id}/reject",
                         data=form(reason=" "))
    assert refused.status_code == 400
    assert "Dites pourquoi" in refused.get_data(True)
    assert proposal_state(db, sharing.proposed_id) == "proposed"

    admin.post(f"/sharing/proposals/{sharing.proposed_id}/reject",
               data=form(reason="Pas avant l’annonce <officielle>"))

    assert proposal_state(db, sharing.proposed_id) == "rejected"
    page = signed_in(sharing.author).get(f"/sharing/proposals/{sharing.proposed_id}") \
        .get_data(True)
    assert "Motif donné\u00a0: Pas avant l’annonce &lt;officielle&gt;" in page


def test_asking_for_changes_then_resubmitting(signed_in, sharing, db):
    signed_in(sharing.admin).post(f"/sharing/proposals/{sharing.proposed_id}/request-changes",
                                  data=form(reason="Ajoutez la ville"))
    assert proposal_state(db, sharing.proposed_id) == "changes_requested"

    signed_in(sharing.author).post(f"/sharing/proposals/{sharing.proposed_id}/edit",
                                   data=form(action="submit", variant_x="On recrute à Lyon"))

    assert proposal_state(db, sharing.proposed_id) == "proposed"


def test_editing_an_approved_proposal_sends_it_back_for_approval(signed_in, sharing, db):
    client = signed_in(sharing.author)
    page = client.get(f"/sharing/proposals/{sharing.approved_id}").get_data(True)
    assert "enregistrer une modification la renvoie à l’approbation" in page

    preview = client.post(f"/sharing/proposals/{sharing.approved_id}/edit",
                          data=form(action="preview", variant_x="Guide en ligne"))
    assert "Guide en ligne\n#Comptoir" in preview.get_data(True)
    assert proposal_state(db, sharing.approved_id) == "approved"  # a preview changes nothing

    client.post(f"/sharing/proposals/{sharing.approved_id}/edit",
                data=form(action="submit", variant_x="Guide en ligne"))

    assert proposal_state(db, sharing.approved_id) == "proposed"


def test_a_too_long_text_is_refused_and_kept(signed_in, sharing, db):
    response = signed_in(sharing.author).post(
        f"/sharing/proposals/{sharing.proposed_id}/edit",
        data=form(action="submit", variant_x="x" * 5001))
    assert response.status_code == 400
    page = response.get_data(True)
    assert "au plus 5000 caractères" in page and "x" * 5001 in page


def test_approving_what_every_rule_blocks_says_which_rule(signed_in, sharing, db):
    post = make_post(db, sharing.author, sharing.space_id, "Une publication")
    db.commit()
    author = signed_in(sharing.author)
    submitted = author.post(f"/sharing/propose/{post.id}", data=form(
        action="submit", variant_x="x" * 300, variant_linkedin="y" * 3100))
    proposal_id = int(submitted.headers["Location"].rsplit("/", 1)[1])

    admin = signed_in(sharing.admin)
    refused = admin.post(f"/sharing/proposals/{proposal_id}/approve", data=form())

    assert refused.status_code == 303
    page = admin.get(refused.headers["Location"]).get_data(True)
    assert "Trop long pour X" in page
    assert proposal_state(db, proposal_id) == "proposed"


def test_someone_who_does_not_approve_cannot_decide(signed_in, sharing, db):
    lea = signed_in(sharing.lea)
    for action in ("approve", "reject", "request-changes"):
        response = lea.post(f"/sharing/proposals/{sharing.proposed_id}/{action}",
                            data=form(reason="non"))
        assert response.status_code == 403, action
    page = lea.get(f"/sharing/proposals/{sharing.proposed_id}").get_data(True)
    assert "Approuver" not in page
    assert proposal_state(db, sharing.proposed_id) == "proposed"


def test_withdrawing_an_approved_proposal(signed_in, sharing, db):
    client = signed_in(sharing.author)
    client.post(f"/sharing/proposals/{sharing.approved_id}/retract", data=form())
    assert proposal_state(db, sharing.approved_id) == "retracted"
    assert "Notre guide" not in signed_in(sharing.lea).get("/sharing").get_data(True)


def test_the_proposal_page_escapes_what_people_wrote(signed_in, sharing, db):
    posts.edit_post(db, sharing.author, 1, "Nous <script>alert(1)</script> recrutons")
    db.commit()
    page = signed_in(sharing.admin).get(f"/sharing/proposals/{sharing.proposed_id}") \
        .get_data(True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
