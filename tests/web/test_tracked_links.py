"""/l/<code>: a shared post's short link counts the click and redirects to its target.

Anyone may follow it, signed in or not. Only codes a delivery wrote resolve; nothing
else redirects anywhere (no open redirect), and a click is never answered from a cache.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from advocacy.models import TrackedLink
from advocacy.services import sharing
from tests.advocacy.world import BASE_URL, NOW, approved, build_world
from tests.social.conftest import building_session


@pytest.fixture
def link(db, clean_database) -> TrackedLink:
    """Léa's shared post on X, with its tracked link to the guide."""
    with building_session(clean_database) as building:
        world = build_world(building)
    proposal = approved(db, world, "Le guide : https://comptoir.fr/guide", now=NOW)
    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    row = db.scalar(select(TrackedLink).where(TrackedLink.delivery_id == shared.id))
    db.commit()
    return row


def clicks(db, link) -> int:
    count = db.scalar(select(TrackedLink.clicks).where(TrackedLink.id == link.id))
    db.commit()
    return count


def test_a_click_is_counted_and_sent_to_the_tagged_target(client, db, link):
    answer = client.get(f"/l/{link.code}")

    assert answer.status_code == 302
    assert answer.headers["Location"] == "https://comptoir.fr/guide?utm_source=x"
    assert answer.headers["Cache-Control"] == "no-store"
    assert clicks(db, link) == 1


@pytest.mark.parametrize("path", ["/l/aaaaaaaaaaaa", "/l/AAAAAAAAAAAA", "/l/evil.example",
                                  "/l/https:%2F%2Fevil.example", "/l/%2F%2Fevil.example",
                                  "/l/"])
def test_anything_but_a_delivery_s_code_is_not_found(client, db, link, path):
    answer = client.get(path, follow_redirects=True)

    assert answer.status_code == 404
    # Werkzeug merges "//" in a path with a redirect on this same site: never elsewhere.
    assert all(hop.headers["Location"].startswith("http://localhost/l/")
               for hop in answer.history)
    assert clicks(db, link) == 0


def test_a_stored_target_that_is_not_a_web_address_is_not_followed(client, db, link):
    db.execute(update(TrackedLink).where(TrackedLink.id == link.id)
               .values(target="javascript:alert(1)"))
    db.commit()

    answer = client.get(f"/l/{link.code}")

    assert answer.status_code == 404 and "Location" not in answer.headers
