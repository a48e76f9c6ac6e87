"""Refusals the authorization matrix (tests/test_authorization_matrix.py) found missing:
guests have no part in sharing, even of a post they read, and the proposing form is for
those the rules let propose."""

from __future__ import annotations

from sqlalchemy import func, select

from advocacy.models import Offer, Proposal
from tests.factories import make_guest, make_post
from tests.web.conftest import form


def test_a_guest_who_reads_an_offered_post_can_neither_see_nor_answer_the_offer(
        signed_in, sharing, db):
    guest = make_guest(db, sharing.firm, sharing.author, sharing.space_id, "Claire Cliente")
    db.commit()
    offered_post = db.scalar(select(Proposal.post_id).where(Proposal.id == sharing.approved_id))
    db.commit()
    client = signed_in(guest)
    assert client.get(f"/posts/{offered_post}").status_code == 200  # theirs to read
    assert client.get(f"/sharing/offers/{sharing.approved_id}").status_code == 404
    assert client.get(f"/sharing/proposals/{sharing.proposed_id}").status_code == 404
    for action in ("skip", "note"):
        response = client.post(f"/sharing/offers/{sharing.approved_id}/{action}",
                               data=form(note="Bien"))
        assert response.status_code == 404, action
    db.commit()
    assert db.scalar(select(func.count()).select_from(Offer)
                     .where(Offer.user_id == guest.user_id)) == 0


def test_the_proposing_form_is_refused_to_whom_the_rules_do_not_let_propose(
        signed_in, sharing, db):
    post = make_post(db, sharing.author, sharing.space_id, "Le chantier de Lyon est fini")
    db.commit()
    assert signed_in(sharing.lea).get(f"/sharing/propose/{post.id}").status_code == 403
    assert signed_in(sharing.author).get(f"/sharing/propose/{post.id}").status_code == 200
