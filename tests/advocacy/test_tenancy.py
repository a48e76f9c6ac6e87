"""Firms never see nor touch each other's sharing, whatever ids they send; and the services
work in a session bound to one firm, as the web and the add-on open them.

Firm B's admin and member call every advocacy service with firm A's ids: each answers
NotFound, as for an id that does not exist, and leaves A's rows as they were.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from advocacy.models import Delivery
from advocacy.services import (analytics, approvals, consents, pauses, proposals, published,
                               sharing)
from social.errors import Forbidden, NotFound
from tests.advocacy.world import BASE_URL, NOW, approved, build_world
from tests.factories import make_post
from tests.social.conftest import tenant_rows


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


@pytest.fixture
def firm_a(db, world):
    proposal = approved(db, world, "Post de A https://a.example/x")
    waiting = proposals.propose_share(
        db, world.author, make_post(db, world.author, world.space_id, "En attente").id, now=NOW)
    delivery = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    row = db.scalar(select(Delivery).where(Delivery.id == delivery.id))
    row.status, row.external_id, row.sent_at = "sent", "1", NOW
    consents.give_consent(db, world.paul, world.space_id, "linkedin", now=NOW)
    pauses.pause_network(db, world.firm.tenant_id, "x", "402", NOW)
    db.commit()
    return SimpleNamespace(proposal=proposal, waiting=waiting, delivery=delivery)


def calls_with_a_ids(world, a):
    later = NOW + timedelta(hours=1)
    return {
        "get_proposal": lambda db, b: proposals.get_proposal(db, b, a.proposal.id, now=NOW),
        "edit_proposal": lambda db, b: proposals.edit_proposal(db, b, a.proposal.id,
                                                               variants={"x": "B"}, now=NOW),
        "propose_share": lambda db, b: proposals.propose_share(db, b, a.proposal.post_id,
                                                               now=NOW),
        "approve": lambda db, b: approvals.approve(db, b, a.waiting.id, now=NOW),
        "reject": lambda db, b: approvals.reject(db, b, a.waiting.id, "non", now=NOW),
        "request_changes": lambda db, b: approvals.request_changes(db, b, a.waiting.id, "non",
                                                                   now=NOW),
        "retract": lambda db, b: approvals.retract(db, b, a.proposal.id, now=NOW),
        "share_now": lambda db, b: sharing.share_now(db, b, a.proposal.id, "x", now=NOW),
        "share_at_slot": lambda db, b: sharing.share_at_slot(db, b, a.proposal.id, "x", later,
                                                             now=NOW),
        "suggest_slots": lambda db, b: sharing.suggest_slots(db, b, a.proposal.id, "x",
                                                             now=NOW),
        "skip": lambda db, b: sharing.skip(db, b, a.proposal.id, now=NOW),
        "set_note": lambda db, b: sharing.set_note(db, b, a.proposal.id, "note", now=NOW),
        "delete_my_published_share": lambda db, b: published.delete_my_published_share(
            db, b, a.delivery.id, now=NOW),
        "give_consent": lambda db, b: consents.give_consent(db, b, world.space_id, "x",
                                                            now=NOW),
        "withdraw_consent": lambda db, b: consents.withdraw_consent(db, b, world.space_id,
                                                                    "linkedin", now=NOW),
        "resume_network": lambda db, b: pauses.resume_network(db, b, "x", now=NOW),
    }


@pytest.mark.parametrize("name", sorted(calls_with_a_ids(None, SimpleNamespace(
    proposal=None, waiting=None, delivery=None))))
@pytest.mark.parametrize("who", ["admin", "member"])
def test_another_firm_gets_not_found_and_changes_nothing(db, world, firm_a, name, who):
    b = world.other_firm.admin if who == "admin" else world.other_member
    # A member of B may be refused an admin's verb for being a member, which tells
    # nothing of A; B's admin, who may do everything in B, must meet NotFound.
    expected = NotFound if who == "admin" else (NotFound, Forbidden)
    before = tenant_rows(db, world.firm.tenant_id)
    with pytest.raises(expected):
        calls_with_a_ids(world, firm_a)[name](db, b)
    db.rollback()
    assert tenant_rows(db, world.firm.tenant_id) == before


def test_lists_of_another_firm_hold_none_of_ours(db, world, firm_a):
    admin_b, member_b = world.other_firm.admin, world.other_member
    assert approvals.approvals_queue(db, admin_b, now=NOW).items == []
    assert sharing.ready_to_share(db, member_b, base_url=BASE_URL, now=NOW) == []
    assert published.my_shares(db, member_b).deliveries == ()
    assert published.retracted_shares(db, member_b) == []
    assert consents.my_consents(db, member_b) == []
    assert pauses.active_pauses(db, admin_b) == []
    figures = analytics.firm_analytics(db, admin_b, now=NOW)
    assert figures.shares_per_week == () and figures.top_posts == () and figures.clicks == ()
    consents.mark_reported(db, member_b, [firm_a.delivery.id], now=NOW)
    assert db.scalar(select(Delivery.reported_at).where(
        Delivery.id == firm_a.delivery.id)) is None


def test_the_whole_flow_works_in_sessions_bound_to_the_firm(clean_database):
    with clean_database.system_session() as building:
        world = build_world(building)
        post = make_post(building, world.author, world.space_id, "Guide https://a.example/g")
    a = world.firm.tenant_id
    with clean_database.session(a, write=True) as db:
        proposal = proposals.propose_share(db, world.author, post.id, base_url=BASE_URL,
                                           now=NOW)
        approvals.approve(db, world.admin, proposal.id, base_url=BASE_URL, now=NOW)
        consents.give_consent(db, world.paul, world.space_id, "x", now=NOW)
        [offer] = sharing.ready_to_share(db, world.lea, base_url=BASE_URL, now=NOW)
        shared = sharing.share_now(db, world.lea, proposal.id, "linkedin", base_url=BASE_URL,
                                   now=NOW)
        assert shared.text == offer.networks[1].decision.text
        assert sharing.suggest_slots(db, world.paul, proposal.id, "x", now=NOW)
        assert published.my_shares(db, world.lea).deliveries[0].id == shared.id
        assert analytics.firm_analytics(db, world.admin, now=NOW).participation["shared"] == 1
        approvals.retract(db, world.author, proposal.id, now=NOW)
    with clean_database.session(world.other_firm.tenant_id, write=True) as db:
        with pytest.raises(NotFound):
            proposals.get_proposal(db, world.other_firm.admin, proposal.id, now=NOW)
