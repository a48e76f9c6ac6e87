"""Setting the rules: the admin only, a new version per change, audited with its diff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from advocacy.models import RuleVersion
from advocacy.services import rules as rule_service
from social.errors import Forbidden, InvalidInput
from social.models import AuditEntry
from tests.advocacy.world import rules_document


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def test_each_change_is_a_new_version_with_the_whole_document(db, world):
    before = rule_service.get_rules(db, world.lea)
    changed = rule_service.set_rules(db, world.admin, rules_document(offer_days=3))
    assert changed.version == before.version + 1
    assert changed.document["offer_days"] == 3
    assert changed.created_by.id == world.admin.user_id
    assert rule_service.current_rules(db, world.firm.tenant_id).offer_days == 3
    versions = db.scalars(select(RuleVersion.version).where(
        RuleVersion.tenant_id == world.firm.tenant_id).order_by(RuleVersion.version)).all()
    assert versions == list(range(1, changed.version + 1))


def test_a_change_is_audited_with_the_diff(db, world):
    document = rules_document()
    document["networks"]["x"]["forbidden"] = ["con"]
    rule_service.set_rules(db, world.admin, document)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "advocacy.rules.changed")
                      .order_by(AuditEntry.id.desc()))
    assert entry.actor_id == world.admin.user_id
    assert entry.details == {"changes": {"networks.x.forbidden": [[], ["con"]]}}
    [latest, *_] = rule_service.rules_history(db, world.admin)
    assert latest.changes == {"networks.x.forbidden": [[], ["con"]]}


def test_saving_the_same_rules_adds_no_version(db, world):
    current = rule_service.get_rules(db, world.admin)
    again = rule_service.set_rules(db, world.admin, current.document)
    assert again.version == current.version


@pytest.mark.parametrize("who", ["lea", "moderator", "author"])
def test_only_the_admin_sets_the_rules(db, world, who):
    with pytest.raises(Forbidden):
        rule_service.set_rules(db, getattr(world, who), rules_document(offer_days=2))
    with pytest.raises(Forbidden):
        rule_service.rules_history(db, getattr(world, who))


def test_approvers_and_spaces_must_be_the_firms_own(db, world):
    with pytest.raises(InvalidInput) as refused:
        rule_service.set_rules(db, world.admin, rules_document(
            approval={"by": "approvers", "approvers": [world.other_member.user_id]}))
    assert refused.value.field == "approval.approvers"
    with pytest.raises(InvalidInput):
        rule_service.set_rules(db, world.admin, rules_document(
            proposal={"spaces": [999999]}))


def test_each_firm_has_its_own_rules(db, world):
    rule_service.set_rules(db, world.admin, rules_document(offer_days=2))
    assert rule_service.current_rules(db, world.other_firm.tenant_id).offer_days == 7
