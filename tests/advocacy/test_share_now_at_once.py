"""Sharing now means now, to the second, when no rule holds the share back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from advocacy.services import rules as rule_service, sharing
from tests.advocacy.world import BASE_URL, NOW, approved, rules_document


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def test_a_share_made_in_the_middle_of_a_minute_is_due_at_once(db, world):
    proposal = approved(db, world)
    moment = NOW + timedelta(seconds=30)

    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL, now=moment)

    assert shared.scheduled_at == moment  # not 10:01: a worker may publish it right away


def test_a_colleague_too_close_still_moves_it_to_the_first_free_minute(db, world):
    rule_service.set_rules(db, world.admin, rules_document(schedule={"min_gap_minutes": 10}))
    proposal = approved(db, world)
    sharing.share_now(db, world.paul, proposal.id, "x", base_url=BASE_URL, now=NOW)

    shared = sharing.share_now(db, world.lea, proposal.id, "x", base_url=BASE_URL,
                               now=NOW + timedelta(seconds=30))

    assert shared.scheduled_at == NOW + timedelta(minutes=10)
