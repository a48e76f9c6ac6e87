"""Approval is a state the services enforce: each of these tries to share, and no delivery
is created. A first test shows the same attempt succeeding when everything is in order, so
that the refusals are the gate's doing."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from advocacy.errors import NotShareable
from advocacy.models import SocialAccount
from advocacy.services import approvals, consents, proposals, sharing
from social.errors import Forbidden, NotFound
from social.services import posts
from tests.advocacy.world import BASE_URL, NOW, approved, delivery_count
from tests.factories import make_post


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def share(db, person, proposal_id, network="x", **options):
    return sharing.share_now(db, person, proposal_id, network, base_url=BASE_URL,
                             now=options.pop("now", NOW), **options)


def proposed(db, world, body="Un post à partager"):
    post = make_post(db, world.author, world.space_id, body)
    return proposals.propose_share(db, world.author, post.id, now=NOW)


def test_an_approved_proposal_is_shared_once(db, world):
    proposal = approved(db, world)
    delivery = share(db, world.lea, proposal.id)
    assert delivery.status == "pending" and delivery_count(db) == 1


def test_an_unapproved_proposal_creates_no_delivery(db, world):
    proposal = proposed(db, world)
    with pytest.raises(NotShareable):
        share(db, world.lea, proposal.id)
    with pytest.raises(NotShareable):
        sharing.share_at_slot(db, world.lea, proposal.id, "x", NOW + timedelta(hours=1),
                              base_url=BASE_URL, now=NOW)
    assert delivery_count(db) == 0


def test_a_draft_and_one_sent_back_for_changes_create_no_delivery(db, world):
    post = make_post(db, world.author, world.space_id, "Brouillon")
    draft = proposals.propose_share(db, world.author, post.id, submit=False, now=NOW)
    other = proposed(db, world, "Autre")
    approvals.request_changes(db, world.admin, other.id, "Trop long", now=NOW)
    for proposal_id in (draft.id, other.id):
        with pytest.raises(NotShareable):
            share(db, world.lea, proposal_id)
    assert delivery_count(db) == 0


def test_a_rejected_proposal_creates_no_delivery(db, world):
    proposal = proposed(db, world)
    approvals.reject(db, world.admin, proposal.id, "Hors sujet", now=NOW)
    with pytest.raises(NotShareable):
        share(db, world.lea, proposal.id)
    assert delivery_count(db) == 0


def test_a_retracted_proposal_creates_no_delivery(db, world):
    proposal = approved(db, world)
    approvals.retract(db, world.author, proposal.id, now=NOW)
    with pytest.raises(NotShareable):
        share(db, world.lea, proposal.id)
    assert delivery_count(db) == 0


def test_a_post_edited_after_approval_creates_no_delivery(db, world):
    proposal = approved(db, world)
    posts.edit_post(db, world.author, proposal.post_id, "Le texte a changé")
    with pytest.raises(NotShareable):
        share(db, world.lea, proposal.id, "linkedin")
    assert delivery_count(db) == 0
    assert proposals.get_proposal(db, world.admin, proposal.id, now=NOW).changed_since_approval


def test_variants_edited_after_approval_send_it_back_and_create_no_delivery(db, world):
    proposal = approved(db, world)
    edited = proposals.edit_proposal(db, world.author, proposal.id,
                                     variants={"x": "Version courte"}, now=NOW)
    assert edited.state == "proposed" and edited.approved_at is None
    with pytest.raises(NotShareable):
        share(db, world.lea, proposal.id)
    assert delivery_count(db) == 0


def test_an_expired_offer_creates_no_delivery(db, world):
    proposal = approved(db, world)
    closed = proposal.expires_at
    with pytest.raises(NotShareable):
        share(db, world.lea, proposal.id, now=closed)
    with pytest.raises(NotShareable):
        sharing.share_at_slot(db, world.paul, proposal.id, "x", closed + timedelta(minutes=5),
                              base_url=BASE_URL, now=NOW)
    assert delivery_count(db) == 0


def test_another_firms_proposal_creates_no_delivery(db, world):
    proposal = approved(db, world)
    with pytest.raises(NotFound):
        share(db, world.other_member, proposal.id)
    with pytest.raises(NotFound):
        share(db, world.other_firm.admin, proposal.id)
    assert delivery_count(db) == 0


def test_a_share_on_an_account_that_is_not_mine_creates_no_delivery(db, world):
    proposal = approved(db, world)
    pauls = db.scalar(select(SocialAccount.id).where(
        SocialAccount.user_id == world.paul.user_id, SocialAccount.network == "x"))
    strangers = db.scalar(select(SocialAccount.id).where(
        SocialAccount.user_id == world.other_member.user_id))
    for account_id in (pauls, strangers):
        with pytest.raises(NotFound):
            share(db, world.lea, proposal.id, "x", account_id=account_id)
    assert delivery_count(db) == 0


def test_someone_who_cannot_read_the_post_creates_no_delivery(db, world):
    post = make_post(db, world.author, world.private_space_id, "Projet interne")
    proposal = proposals.propose_share(db, world.author, post.id, now=NOW)
    approvals.approve(db, world.admin, proposal.id, now=NOW)
    with pytest.raises(Forbidden):  # a private space: known to exist, not readable
        share(db, world.outsider, proposal.id)
    assert delivery_count(db) == 0


def test_a_standing_consent_creates_no_delivery_before_approval(db, world):
    consents.give_consent(db, world.paul, world.space_id, "linkedin", now=NOW)
    proposal = proposed(db, world)
    assert delivery_count(db) == 0
    approvals.approve(db, world.admin, proposal.id, base_url=BASE_URL, now=NOW)
    assert delivery_count(db, user_id=world.paul.user_id, origin="consent") == 1


def test_only_the_outbox_module_constructs_deliveries():
    """Every delivery goes through outbox.enqueue_share, where the gate stands."""
    root = Path(__file__).resolve().parents[2] / "advocacy"
    builders = sorted(str(path.relative_to(root)) for path in root.rglob("*.py")
                      if re.search(r"(?<!class )\bDelivery\(|insert\(Delivery\b", path.read_text()))
    assert builders == ["services/outbox.py"]
