"""The rules document: parsed and checked, stored canonical, compared key by key."""

from __future__ import annotations

from datetime import time

import pytest

from advocacy.rules import canonical, default_document, diff_documents, parse_rules
from social.errors import InvalidInput


def test_by_default_nothing_is_shared():
    rules = parse_rules(default_document())
    assert rules.enabled_networks() == ()
    assert rules.approval_by == "admins" and rules.offer_days == 7


def test_a_full_document_is_read_into_typed_rules():
    rules = parse_rules({
        "proposal": {"spaces": [3, 1], "proposers": ["author"]},
        "approval": {"by": "approvers", "approvers": [12]},
        "offer_days": 3,
        "schedule": {"windows": [{"days": ["mon", "fri"], "start": "08:00", "end": "19:00"}],
                     "min_spacing_minutes": 90, "per_person_per_day": 2,
                     "per_person_per_week": 5, "spread_minutes": 120, "min_gap_minutes": 10},
        "networks": {"x": {"enabled": True, "hashtags": ["#Comptoir"], "forbidden": ["con"],
                           "utm": {"utm_source": "x"}, "drive_links_public": True,
                           "firm_daily_cap": 20, "disclosure": " Salariée "}},
    }, version=9)
    assert rules.version == 9 and rules.proposal_spaces == {1, 3}
    assert rules.proposers == {"author"} and rules.approvers == {12}
    [window] = rules.windows
    assert window.days == {1, 5} and (window.start, window.end) == (time(8), time(19))
    x = rules.network("x")
    assert x.hashtags == ("Comptoir",) and x.disclosure == "Salariée"
    assert x.utm == (("utm_source", "x"),) and x.firm_daily_cap == 20
    assert rules.enabled_networks() == ("x",)


@pytest.mark.parametrize("document,field", [
    ({"approval": {"by": "everyone"}}, "approval.by"),
    ({"proposal": {"proposers": ["interns"]}}, "proposal.proposers"),
    ({"offer_days": 0}, "offer_days"),
    ({"offer_days": "7"}, "offer_days"),
    ({"schedule": {"windows": [{"days": ["lun"], "start": "08:00", "end": "19:00"}]}},
     "schedule.windows.0.days"),
    ({"schedule": {"windows": [{"days": ["mon"], "start": "19:00", "end": "08:00"}]}},
     "schedule.windows.0"),
    ({"schedule": {"windows": [{"days": ["mon"], "start": "8h", "end": "19:00"}]}},
     "schedule.windows.0.start"),
    ({"schedule": {"per_person_per_day": -1}}, "schedule.per_person_per_day"),
    ({"networks": {"mastodon": {}}}, "networks"),
    ({"networks": {"x": {"enabled": "yes"}}}, "networks.x.enabled"),
    ({"networks": {"x": {"hashtags": ["two words"]}}}, "networks.x.hashtags"),
    ({"networks": {"x": {"utm": {"source": "x"}}}}, "networks.x.utm"),
    ({"networks": {"x": {"forbidden": [""]}}}, "networks.x.forbidden"),
    ({"proposal": {"spaces": ["general"]}}, "proposal.spaces"),
])
def test_a_wrong_key_is_refused_and_named(document, field):
    with pytest.raises(InvalidInput) as refused:
        parse_rules(document)
    assert refused.value.field == field


def test_the_canonical_form_writes_every_default_and_is_stable():
    document = canonical({"networks": {"x": {"enabled": True, "hashtags": ["A", "A"]}}})
    assert document["networks"]["x"]["hashtags"] == ["A"]
    assert document["networks"]["linkedin"]["enabled"] is False
    assert document["schedule"]["per_person_per_day"] is None
    assert canonical(document) == document


def test_the_diff_names_each_changed_leaf():
    before = canonical({"networks": {"x": {"enabled": True}}})
    after = canonical({"offer_days": 3, "networks": {"x": {"enabled": True,
                                                            "hashtags": ["RH"]}}})
    assert diff_documents(before, after) == {"networks.x.hashtags": [[], ["RH"]],
                                             "offer_days": [7, 3]}
    assert diff_documents(after, after) == {}
