"""The employee's pages: sharing now, at a suggested moment, skipping, a personal note the
rules check; standing consents given and withdrawn; my shares with their clicks and why one
failed; deleting a published share after a retraction, only when asked."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from advocacy.models import DeletionRequest, Delivery, Offer, StandingConsent, TrackedLink
from advocacy.services import approvals, rules, sharing as sharing_service
from tests.web.advocacy.world import BASE_URL, rules_document
from tests.web.conftest import form


def deliveries(db, person) -> list[Delivery]:
    db.expire_all()
    return list(db.scalars(select(Delivery).where(Delivery.user_id == person.user_id)
                           .order_by(Delivery.id)))


def test_sharing_now_puts_the_previewed_text_in_the_outbox(signed_in, sharing, db):
    client = signed_in(sharing.lea)
    page = client.get("/sharing").get_data(True)
    assert "Notre guide de la rénovation est en ligne.\n#Comptoir" in page

    response = client.post(f"/sharing/offers/{sharing.approved_id}/share-now",
                           data=form(network="x"))

    assert response.status_code == 303
    [delivery] = deliveries(db, sharing.lea)
    assert (delivery.network, delivery.status) == ("x", "pending")
    assert delivery.text == "Notre guide de la rénovation est en ligne.\n#Comptoir"
    after = client.get("/sharing").get_data(True)
    assert "Partagé sur X\u00a0: il part à" in after and "Programmé" in after


def test_choosing_a_suggested_moment(signed_in, sharing, db):
    client = signed_in(sharing.lea)
    page = client.get(f"/sharing/offers/{sharing.approved_id}").get_data(True)
    moments = re.findall(r'name="at" value="([^"]+)"', page)
    assert len(moments) == 6  # three per network
    chosen = moments[1]

    client.post(f"/sharing/offers/{sharing.approved_id}/schedule",
                data=form(network="x", at=chosen))

    [delivery] = deliveries(db, sharing.lea)
    assert delivery.scheduled_at == datetime.fromisoformat(chosen)
    db.expire_all()
    assert db.scalar(select(Offer.status).where(Offer.user_id == sharing.lea.user_id)) == \
        "scheduled"


def test_a_moment_that_is_not_one_is_refused(signed_in, sharing, db):
    client = signed_in(sharing.lea)
    response = client.post(f"/sharing/offers/{sharing.approved_id}/schedule",
                           data=form(network="x", at="demain matin"))
    assert response.status_code == 303
    assert "Cette saisie n’est pas valide." in client.get("/sharing").get_data(True)
    assert deliveries(db, sharing.lea) == []


def test_a_share_the_rules_refuse_now_says_which_rule(signed_in, sharing, db):
    document = rules_document(schedule={"windows": [{"days": ["sun"], "start": "00:00",
                                                     "end": "00:01"}]})
    rules.set_rules(db, sharing.admin, document)
    db.commit()
    client = signed_in(sharing.lea)

    client.post(f"/sharing/offers/{sharing.approved_id}/share-now", data=form(network="x"))

    page = client.get("/sharing").get_data(True)
    assert "Les règles de publication n’autorisent pas ce partage." in page
    assert "En dehors des heures de partage" in page
    assert deliveries(db, sharing.lea) == []


def test_a_note_is_checked_by_the_rules(signed_in, sharing, db):
    rules.set_rules(db, sharing.admin, rules_document(networks={
        "x": {"enabled": True, "forbidden": ["gratuit"]}, "linkedin": {"enabled": True}}))
    db.commit()
    client = signed_in(sharing.lea)

    client.post(f"/sharing/offers/{sharing.approved_id}/note",
                data=form(note="C’est GRATUIT, foncez"))

    page = client.get("/sharing").get_data(True)
    assert "Votre note est enregistrée" in page
    assert "C’est GRATUIT, foncez\n\nNotre guide" in page
    assert "«\u00a0gratuit\u00a0» ne peut pas être publié." in page
    assert "Partager maintenant sur X" not in page and "Partager maintenant sur LinkedIn" in page


def test_a_note_too_long_comes_back_as_typed(signed_in, sharing, db):
    response = signed_in(sharing.lea).post(f"/sharing/offers/{sharing.approved_id}/note",
                                           data=form(note="é" * 1001))
    assert response.status_code == 400
    assert "é" * 1001 in response.get_data(True)


def test_skipping_an_offer(signed_in, sharing, db):
    client = signed_in(sharing.lea)
    client.post(f"/sharing/offers/{sharing.approved_id}/skip", data=form())
    db.expire_all()
    assert db.scalar(select(Offer.status).where(Offer.user_id == sharing.lea.user_id)) == \
        "skipped"
    assert "Passée" in client.get("/sharing").get_data(True)


def test_giving_and_withdrawing_a_standing_consent(signed_in, sharing, db):
    client = signed_in(sharing.lea)
    page = client.get("/sharing/consents").get_data(True)
    assert "Aucun\u00a0: rien ne part sans que vous le partagiez vous-même." in page

    client.post("/sharing/consents", data=form(space_id=str(sharing.space_id),
                                               network="linkedin"))

    page = client.get("/sharing/consents").get_data(True)
    assert "Publications approuvées de Communication sur mon LinkedIn" in page
    again = client.post("/sharing/consents", data=form(space_id=str(sharing.space_id),
                                                       network="linkedin"))
    assert "Vous avez déjà donné ce consentement." in client.get(again.headers["Location"]) \
        .get_data(True)

    client.post("/sharing/consents/withdraw", data=form(space_id=str(sharing.space_id),
                                                        network="linkedin"))

    db.expire_all()
    [consent] = db.scalars(select(StandingConsent)).all()
    assert consent.withdrawn_at is not None
    assert "Consentement retiré." in client.get("/sharing/consents").get_data(True)


def test_a_consent_for_a_space_i_do_not_read_is_not_found(signed_in, sharing, db):
    response = signed_in(sharing.zoe).post("/sharing/consents", data=form(
        space_id=str(sharing.space_id), network="x"))
    assert response.status_code == 404


def test_my_shares_show_their_clicks_and_why_one_failed(signed_in, sharing, db):
    sharing_service.share_now(db, sharing.lea, sharing.approved_id, "x", base_url=BASE_URL)
    sharing_service.share_now(db, sharing.lea, sharing.approved_id, "linkedin",
                              base_url=BASE_URL)
    x, linkedin = deliveries(db, sharing.lea)
    now = datetime.now(timezone.utc)
    db.execute(update(Delivery).where(Delivery.id == x.id).values(
        status="sent", sent_at=now, external_id="1234", external_url="https://x.com/i/1234"))
    db.execute(update(Delivery).where(Delivery.id == linkedin.id).values(
        status="failed", failure_code="rejected", closed_at=now,
        last_error="LinkedIn refused the post (HTTP 400): commentary too long"))
    db.add(TrackedLink(tenant_id=sharing.firm.tenant_id, code="abcdefghijkl", delivery_id=x.id,
                       target="https://atelier.fr", clicks=3))
    db.commit()

    page = signed_in(sharing.lea).get("/sharing/shares").get_data(True)

    assert "3 clics sur les liens de mes partages." in page
    assert "Le réseau a refusé cette publication\u00a0: LinkedIn refused the post (HTTP 400): " \
           "commentary too long." in page
    assert 'href="https://x.com/i/1234"' in page and "Publié" in page and "Échec" in page


def test_after_a_retraction_i_am_offered_to_delete_and_it_is_done_only_when_asked(
        signed_in, sharing, db):
    sharing_service.share_now(db, sharing.lea, sharing.approved_id, "x", base_url=BASE_URL)
    [delivery] = deliveries(db, sharing.lea)
    db.execute(update(Delivery).where(Delivery.id == delivery.id).values(
        status="sent", sent_at=datetime.now(timezone.utc), external_id="1234",
        external_url="https://x.com/i/1234"))
    db.commit()
    approvals.retract(db, sharing.admin, sharing.approved_id)
    db.commit()
    client = signed_in(sharing.lea)
    page = client.get("/sharing/shares").get_data(True)
    assert "Retirées après que vous les avez partagées" in page
    assert db.scalar(select(DeletionRequest)) is None  # never on its own

    client.post(f"/sharing/shares/{delivery.id}/delete", data=form())

    db.expire_all()
    request = db.scalar(select(DeletionRequest))
    assert request.delivery_id == delivery.id and request.requested_by_id == sharing.lea.user_id
    page = client.get("/sharing/shares").get_data(True)
    assert "Suppression demandée" in page
    assert "Retirées après que vous les avez partagées" not in page


def test_nobody_deletes_someone_elses_share(signed_in, sharing, db):
    sharing_service.share_now(db, sharing.lea, sharing.approved_id, "x", base_url=BASE_URL)
    [delivery] = deliveries(db, sharing.lea)
    db.commit()
    for person in (sharing.nina, sharing.admin, sharing.zoe):
        response = signed_in(person).post(f"/sharing/shares/{delivery.id}/delete", data=form())
        assert response.status_code == 404
    assert db.scalar(select(DeletionRequest)) is None


def test_offers_close_with_their_offer(signed_in, sharing, db):
    from advocacy.models import Proposal

    db.execute(update(Proposal).where(Proposal.id == sharing.approved_id).values(
        expires_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
    db.commit()
    client = signed_in(sharing.lea)
    assert "Notre guide" not in client.get("/sharing").get_data(True)
    assert client.get(f"/sharing/offers/{sharing.approved_id}").status_code == 404
