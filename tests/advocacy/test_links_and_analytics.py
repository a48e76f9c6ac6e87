"""Tracked links resolve only when a delivery wrote them; analytics count what happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.models import Delivery, TrackedLink
from advocacy.services import analytics, links, published, sharing
from social.errors import Forbidden, NotFound
from social.models import Tenant
from tests.advocacy.world import BASE_URL, NOW, approved


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def send(db, delivery_id, at=NOW):
    """What the worker records once the network published."""
    delivery = db.scalar(select(Delivery).where(Delivery.id == delivery_id))
    delivery.status, delivery.sent_at, delivery.external_id = "sent", at, f"ext-{delivery_id}"
    db.commit()


def test_a_tracked_link_counts_the_click_and_answers_the_tagged_target(db, world):
    proposal = approved(db, world, "Le guide : https://comptoir.fr/guide")
    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    link = db.scalar(select(TrackedLink).where(TrackedLink.delivery_id == shared.id))
    assert f"{BASE_URL}/l/{link.code}" in shared.text

    assert links.resolve_link(db, link.code, now=NOW) == \
        "https://comptoir.fr/guide?utm_source=x"
    links.resolve_link(db, link.code, now=NOW)
    db.expire_all()
    assert db.scalar(select(TrackedLink.clicks).where(TrackedLink.id == link.id)) == 2


def test_a_click_leaves_the_firms_cached_cards_alone(db, world):
    proposal = approved(db, world, "Le guide : https://comptoir.fr/guide")
    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    link = db.scalar(select(TrackedLink).where(TrackedLink.delivery_id == shared.id))
    version = select(Tenant.content_version).where(Tenant.id == link.tenant_id)
    before = db.scalar(version)

    links.resolve_link(db, link.code, now=NOW)

    assert db.scalar(version) == before


@pytest.mark.parametrize("code", ["", "aaaaaaaaaaaa", "https://evil.example", "../../etc",
                                  "AAAAAAAAAAAA", "a" * 40])
def test_an_unknown_code_is_not_found_never_redirected(db, world, code):
    with pytest.raises(NotFound):
        links.resolve_link(db, code, now=NOW)


def test_the_admin_sees_shares_per_week_participation_clicks_and_top_posts(db, world):
    popular = approved(db, world, "Populaire https://comptoir.fr/a")
    quiet = approved(db, world, "Discret")
    deliveries = [
        sharing.share_now(db, world.lea, popular.id, "x", base_url=BASE_URL, now=NOW),
        sharing.share_now(db, world.lea, popular.id, "linkedin", base_url=BASE_URL, now=NOW),
        sharing.share_now(db, world.paul, popular.id, "linkedin", base_url=BASE_URL, now=NOW),
        sharing.share_now(db, world.paul, quiet.id, "x", base_url=BASE_URL, now=NOW)]
    sharing.skip(db, world.author, quiet.id, now=NOW)
    for view in deliveries[:3]:
        send(db, view.id)
    send(db, deliveries[3].id, NOW + timedelta(days=7))
    code = db.scalar(select(TrackedLink.code).where(TrackedLink.delivery_id == deliveries[2].id))
    for _ in range(3):
        links.resolve_link(db, code, now=NOW)

    figures = analytics.firm_analytics(db, world.admin, now=NOW + timedelta(days=8))

    monday = NOW.date() - timedelta(days=1)
    assert [(w.week_start, w.network, w.count) for w in figures.shares_per_week] == [
        (monday, "linkedin", 2), (monday, "x", 1), (monday + timedelta(days=7), "x", 1)]
    assert figures.participation["shared"] == 3  # Léa and Paul on one, Paul on the other
    assert figures.participation["skipped"] == 1
    assert figures.participation["offered"] > 0
    assert [(c.proposal_id, c.network, c.clicks) for c in figures.clicks if c.clicks] == \
        [(popular.id, "linkedin", 3)]
    assert [(t.proposal_id, t.shares, t.clicks) for t in figures.top_posts] == \
        [(popular.id, 3, 3), (quiet.id, 1, 0)]
    with pytest.raises(Forbidden):
        analytics.firm_analytics(db, world.lea)


def test_each_person_sees_their_own_shares_and_clicks(db, world):
    proposal = approved(db, world, "Lien https://comptoir.fr/b")
    mine = sharing.share_now(db, world.lea, proposal.id, "linkedin", base_url=BASE_URL, now=NOW)
    sharing.share_now(db, world.paul, proposal.id, "linkedin", base_url=BASE_URL, now=NOW)
    send(db, mine.id)
    code = db.scalar(select(TrackedLink.code).where(TrackedLink.delivery_id == mine.id))
    links.resolve_link(db, code, now=NOW)

    shares = published.my_shares(db, world.lea)

    assert [(d.id, d.clicks) for d in shares.deliveries] == [(mine.id, 1)]
    assert shares.total_clicks == 1 and shares.shares_by_network == {"linkedin": 1}
