"""What the gateway tells people reads in French, with every placeholder filled."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from advocacy.messages import FAILURES
from advocacy.rules import DriveAnswer, Employee, Load, ShareSource, check, parse_rules
from core.i18n import Translator

SATURDAY = datetime(2026, 3, 14, 10, 0, tzinfo=timezone.utc)


def findings_of_every_kind():
    rules = parse_rules({
        "proposal": {"spaces": [2]},
        "schedule": {"windows": [{"days": ["mon"], "start": "08:00", "end": "09:00"}],
                     "min_spacing_minutes": 60, "per_person_per_day": 1,
                     "per_person_per_week": 1, "min_gap_minutes": 10},
        "networks": {"x": {"enabled": True, "hashtags": ["RH"], "disclosure": "Salariée",
                           "forbidden": ["nul"], "utm": {"utm_source": "x"},
                           "drive_links_public": True, "firm_daily_cap": 1}}})
    source = ShareSource("nul @paul " + "a" * 300 + " https://drive.google.com/file/d/"
                         "1AbCdEfGhIjKlMnOp/view", space_id=1, mentions={"paul": "Paul"},
                         drive_files={"1AbCdEfGhIjKlMnOp": DriveAnswer("1AbCdEfGhIjKlMnOp",
                                                                     "Plan", False)},
                         expires_at=SATURDAY)
    load = Load({SATURDAY.date(): 1}, (SATURDAY,))
    found = list(check(source, rules, "x", Employee(1, share_times=(SATURDAY,)), SATURDAY,
                       load).findings)
    found += check(source, rules, "linkedin", None, SATURDAY).findings
    return found


def test_the_check_produces_every_kind_of_finding_here():
    rules = {finding.rule.split(".")[-1] for finding in findings_of_every_kind()}
    assert rules >= {"spaces", "forbidden", "drive_links_public", "utm", "mentions", "hashtags",
                     "disclosure", "length", "offer_days", "windows", "min_spacing_minutes",
                     "per_person_per_day", "per_person_per_week", "firm_daily_cap",
                     "min_gap_minutes", "enabled"}


@pytest.mark.parametrize("finding", findings_of_every_kind(), ids=lambda f: f.rule)
def test_each_finding_reads_in_french(finding):
    french = Translator("fr").gettext(finding.message, **finding.params)
    english = Translator("en").gettext(finding.message, **finding.params)
    assert french != english and "%(" not in french


@pytest.mark.parametrize("code", sorted(FAILURES))
def test_each_failure_reason_reads_in_french(code):
    params = {"detail": "400 Bad Request"} if "%(detail)s" in FAILURES[code] else {}
    french = Translator("fr").gettext(FAILURES[code], **params)
    english = Translator("en").gettext(FAILURES[code], **params)
    assert french != english and "%(" not in french
