"""The employee's side: previews, sharing now or at a slot, skipping, notes, consents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.errors import RuleBlocked
from advocacy.models import Delivery, Offer
from advocacy.services import consents, rules as rule_service, sharing
from social.errors import Conflict, NotFound
from tests.advocacy.world import BASE_URL, NOW, approved, connect, delivery_count, rules_document

WEEKDAYS = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "19:00"}


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def offer_for(db, person, proposal_id):
    return next(o for o in sharing.ready_to_share(db, person, base_url=BASE_URL, now=NOW)
                if o.proposal.id == proposal_id)


def test_ready_to_share_previews_exactly_what_will_be_published(db, world):
    proposal = approved(db, world, "Merci @paul.petit ! Lisez https://comptoir.fr/guide")
    offer = offer_for(db, world.lea, proposal.id)
    assert offer.status == "offered" and offer.note == ""
    x, linkedin = offer.networks
    assert (x.network, x.account_status, x.delivery) == ("x", "connected", None)
    assert x.decision.text.startswith("Merci Paul Petit ! Lisez " + BASE_URL + "/l/")
    assert linkedin.decision.text.startswith("Merci \\@paul.petit ! Lisez ")

    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)

    assert shared.text == x.decision.text and shared.scheduled_at == NOW
    assert offer_for(db, world.lea, proposal.id).networks[0].delivery.id == shared.id


def test_sharing_twice_on_one_network_is_refused(db, world):
    proposal = approved(db, world)
    sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    with pytest.raises(Conflict):
        sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    sharing.share_now(db, world.lea, proposal.id, "linkedin", base_url=BASE_URL, now=NOW)
    assert delivery_count(db, user_id=world.lea.user_id) == 2


def test_sharing_needs_a_connected_account(db, world):
    proposal = approved(db, world)
    with pytest.raises(Conflict):
        sharing.share_now(db, world.moderator, proposal.id, "x", base_url=BASE_URL, now=NOW)
    assert delivery_count(db) == 0


def test_outside_the_window_share_now_is_refused_with_the_decision_and_slots_are_offered(
        db, world):
    rule_service.set_rules(db, world.admin, rules_document(schedule={"windows": [WEEKDAYS]}))
    proposal = approved(db, world)
    evening = NOW.replace(hour=19)  # 20:00 in Paris
    with pytest.raises(RuleBlocked) as blocked:
        sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=evening)
    assert [f.rule for f in blocked.value.decision.blocking] == ["schedule.windows"]

    slots = sharing.suggest_slots(db, world.lea, proposal.id, "x", now=evening)
    assert slots == [NOW.replace(day=11, hour=7), NOW.replace(day=12, hour=7),
                     NOW.replace(day=13, hour=7)]  # 08:00 in Paris, Wednesday to Friday
    scheduled = sharing.share_at_slot(db, world.lea, proposal.id, "x", slots[0],
                                      base_url=BASE_URL, now=evening)
    assert scheduled.scheduled_at == slots[0]
    offer = db.scalar(select(Offer).where(Offer.proposal_id == proposal.id,
                                          Offer.user_id == world.lea.user_id))
    assert offer.status == "scheduled"


def test_a_slot_the_rules_refuse_is_refused(db, world):
    rule_service.set_rules(db, world.admin, rules_document(schedule={"windows": [WEEKDAYS]}))
    proposal = approved(db, world)
    saturday = NOW + timedelta(days=4)
    with pytest.raises(RuleBlocked):
        sharing.share_at_slot(db, world.lea, proposal.id, "x", saturday, base_url=BASE_URL,
                              now=NOW)
    assert delivery_count(db) == 0


def test_the_daily_cap_and_spacing_count_the_persons_other_shares(db, world):
    rule_service.set_rules(db, world.admin, rules_document(
        schedule={"per_person_per_day": 1, "min_spacing_minutes": 30}))
    first = approved(db, world, "Premier")
    second = approved(db, world, "Second")
    sharing.share_now(db, world.lea, first.id, "x", base_url=BASE_URL, now=NOW)
    with pytest.raises(RuleBlocked) as blocked:
        sharing.share_now(db, world.lea, second.id, "x", base_url=BASE_URL,
                          now=NOW + timedelta(minutes=10))
    assert [f.rule for f in blocked.value.decision.blocking] == [
        "schedule.min_spacing_minutes", "schedule.per_person_per_day"]
    [slot, *_] = sharing.suggest_slots(db, world.lea, second.id, "x", now=NOW)
    assert slot == NOW.replace(day=10, hour=23)  # midnight in Paris: the next local day


def test_colleagues_sharing_now_are_spread_by_the_gap(db, world):
    rule_service.set_rules(db, world.admin, rules_document(schedule={"min_gap_minutes": 5}))
    proposal = approved(db, world)
    lea = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    paul = sharing.share_now(db, world.paul, proposal.id, "x", base_url=BASE_URL, now=NOW)
    assert (lea.scheduled_at, paul.scheduled_at) == (NOW, NOW + timedelta(minutes=5))


def test_skipping_is_recorded_and_the_offer_stays_listed(db, world):
    proposal = approved(db, world)
    sharing.skip(db, world.lea, proposal.id, now=NOW)
    assert offer_for(db, world.lea, proposal.id).status == "skipped"
    assert delivery_count(db) == 0


def test_a_personal_note_comes_first_and_is_checked_by_the_rules(db, world):
    document = rules_document()
    document["networks"]["x"]["forbidden"] = ["nul"]
    rule_service.set_rules(db, world.admin, document)
    proposal = approved(db, world, "Le guide")
    offer = sharing.set_note(db, world.lea, proposal.id, "C'est nul de le rater",
                             base_url=BASE_URL, now=NOW)
    x, linkedin = offer.networks
    assert [f.rule for f in x.decision.blocking] == ["networks.x.forbidden"]
    assert linkedin.decision.display_text.startswith("C'est nul de le rater\n\nLe guide")
    with pytest.raises(RuleBlocked):
        sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    sharing.set_note(db, world.lea, proposal.id, "À lire !", base_url=BASE_URL, now=NOW)
    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    assert shared.text == "À lire !\n\nLe guide\n#Comptoir"


def test_a_standing_consent_schedules_shares_at_approval_and_can_be_withdrawn(db, world):
    rule_service.set_rules(db, world.admin, rules_document(
        schedule={"spread_minutes": 60, "windows": [WEEKDAYS]}))
    consents.give_consent(db, world.paul, world.space_id, "linkedin", now=NOW)
    consents.give_consent(db, world.lea, world.space_id, "linkedin", now=NOW)
    with pytest.raises(Conflict):
        consents.give_consent(db, world.lea, world.space_id, "linkedin", now=NOW)
    proposal = approved(db, world)
    scheduled = db.scalars(select(Delivery).where(Delivery.proposal_id == proposal.id)
                           .order_by(Delivery.user_id)).all()
    assert [(d.user_id, d.origin, d.network) for d in scheduled] == [
        (world.lea.user_id, "consent", "linkedin"), (world.paul.user_id, "consent", "linkedin")]
    assert all(NOW <= d.scheduled_at <= NOW + timedelta(minutes=60) for d in scheduled)
    assert offer_for(db, world.paul, proposal.id).status == "scheduled"

    assert consents.withdraw_consent(db, world.paul, world.space_id, "linkedin", now=NOW) == 1
    assert [c.network for c in consents.my_consents(db, world.paul)] == []
    assert db.scalar(select(Delivery.status).where(
        Delivery.user_id == world.paul.user_id)) == "cancelled"
    assert len(consents.my_consents(db, world.lea)) == 1


def test_a_consent_is_bounded_by_the_rules_and_caps(db, world):
    rule_service.set_rules(db, world.admin, rules_document(schedule={"per_person_per_week": 1}))
    consents.give_consent(db, world.paul, world.space_id, "x", now=NOW)
    first = approved(db, world, "Un")
    second = approved(db, world, "Deux")
    times = {p.id: db.scalar(select(Delivery.scheduled_at).where(Delivery.proposal_id == p.id))
             for p in (first, second)}
    assert times[first.id] == NOW
    assert times[second.id] == NOW.replace(day=15, hour=23)  # Monday 00:00 in Paris


def test_consent_shares_are_reported_once_they_went_out(db, world):
    consents.give_consent(db, world.paul, world.space_id, "x", now=NOW)
    proposal = approved(db, world)
    delivery = db.scalar(select(Delivery).where(Delivery.proposal_id == proposal.id))
    assert consents.consent_shares_to_report(db, world.paul) == []
    delivery.status, delivery.sent_at = "sent", NOW
    db.commit()
    [told] = consents.consent_shares_to_report(db, world.paul)
    assert told.id == delivery.id
    consents.mark_reported(db, world.paul, [delivery.id], now=NOW)
    assert consents.consent_shares_to_report(db, world.paul) == []


def test_offers_and_consents_are_for_posts_and_spaces_one_reads(db, world):
    with pytest.raises(NotFound):
        consents.give_consent(db, world.other_member, world.space_id, "x", now=NOW)
    private = approved(db, world, "Projet interne", space_id=world.private_space_id)
    public = approved(db, world, "Pour tous")
    listed = lambda person: [o.proposal.id for o in sharing.ready_to_share(
        db, person, base_url=BASE_URL, now=NOW)]
    assert listed(world.lea) == [public.id, private.id]
    assert listed(world.outsider) == [public.id]
    assert listed(world.other_member) == []


def test_an_account_reconnected_later_can_share(db, world):
    proposal = approved(db, world)
    with pytest.raises(Conflict):
        sharing.share_now(db, world.moderator, proposal.id, "linkedin", base_url=BASE_URL,
                          now=NOW)
    connect(db, world.moderator, "linkedin")
    assert sharing.share_now(db, world.moderator, proposal.id, "linkedin", base_url=BASE_URL,
                             now=NOW).status == "pending"
