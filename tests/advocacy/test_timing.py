"""Time windows in each person's own time zone (across DST), spacing, caps, spread, slots."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from advocacy.rules import Employee, Load, ShareSource, check, earliest_slot, parse_rules
from advocacy.rules.timing import timing_findings

UTC = timezone.utc
WEEKDAYS = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "19:00"}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rules(**schedule):
    return parse_rules({"schedule": {"windows": [WEEKDAYS], **schedule},
                        "networks": {"x": {"enabled": True, "firm_daily_cap": 2}}})


def blocked_by(at: datetime, zone: str, settings=None, *, times=(), load=Load(),
               expires_at=None) -> list[str]:
    return [f.rule for f in timing_findings(settings or rules(), "x", Employee(1, zone, times),
                                            load, at, expires_at)]


# Europe moves to summer time on Sunday 29 March 2026, North America on Sunday 8 March.
@pytest.mark.parametrize("at,allowed", [
    (utc(2026, 3, 27, 7, 30), True),    # Friday 08:30 CET (UTC+1)
    (utc(2026, 3, 27, 6, 30), False),   # Friday 07:30 CET
    (utc(2026, 3, 30, 6, 30), True),    # Monday 08:30 CEST (UTC+2): same UTC hour, now inside
    (utc(2026, 3, 30, 16, 59), True),   # Monday 18:59 CEST
    (utc(2026, 3, 30, 17, 0), False),   # Monday 19:00 CEST: the end is excluded
    (utc(2026, 3, 28, 10, 0), False),   # Saturday
])
def test_the_window_follows_paris_time_across_the_change_to_summer_time(at, allowed):
    assert (blocked_by(at, "Europe/Paris") == []) is allowed


@pytest.mark.parametrize("at,allowed", [
    (utc(2026, 3, 6, 13, 30), True),    # Friday 08:30 EST (UTC-5)
    (utc(2026, 3, 6, 12, 30), False),   # Friday 07:30 EST
    (utc(2026, 3, 9, 12, 30), True),    # Monday 08:30 EDT (UTC-4): same UTC hour, now inside
    (utc(2026, 3, 9, 23, 30), False),   # Monday 19:30 EDT
    (utc(2026, 3, 7, 15, 0), False),    # Saturday
])
def test_the_window_follows_montreal_time_across_the_change_to_summer_time(at, allowed):
    assert (blocked_by(at, "America/Montreal") == []) is allowed


def test_one_moment_can_be_inside_for_montreal_and_outside_for_paris():
    evening_in_paris = utc(2026, 3, 10, 18, 30)  # 19:30 in Paris, 14:30 in Montréal
    assert blocked_by(evening_in_paris, "Europe/Paris") == ["schedule.windows"]
    assert blocked_by(evening_in_paris, "America/Montreal") == []


def test_the_next_slot_is_the_next_window_start_in_local_time_after_the_change():
    friday_night = utc(2026, 3, 27, 20, 0)  # 21:00 in Paris, before the change
    assert earliest_slot(rules(), "x", Employee(1, "Europe/Paris"), Load(), friday_night,
                         None) == utc(2026, 3, 30, 6, 0)  # Monday 08:00 CEST
    saturday = utc(2026, 3, 7, 20, 0)  # 15:00 in Montréal, before the change
    assert earliest_slot(rules(), "x", Employee(1, "America/Montreal"), Load(), saturday,
                         None) == utc(2026, 3, 9, 12, 0)  # Monday 08:00 EDT


def test_shares_closer_than_the_spacing_block_and_the_slot_waits_for_it():
    settings = rules(min_spacing_minutes=60)
    other = utc(2026, 3, 10, 9, 0)
    assert blocked_by(utc(2026, 3, 10, 9, 30), "Europe/Paris", settings, times=(other,)) == \
        ["schedule.min_spacing_minutes"]
    assert blocked_by(utc(2026, 3, 10, 8, 1), "Europe/Paris", settings, times=(other,)) == \
        ["schedule.min_spacing_minutes"]
    assert blocked_by(utc(2026, 3, 10, 10, 0), "Europe/Paris", settings, times=(other,)) == []
    assert earliest_slot(settings, "x", Employee(1, "Europe/Paris", (other,)), Load(),
                         utc(2026, 3, 10, 9, 10), None) == utc(2026, 3, 10, 10, 0)


def test_the_daily_cap_counts_the_persons_local_day():
    settings = rules(per_person_per_day=2)
    # 23:00 on Monday and 09:00 on Tuesday in Montréal; 03:00 and 13:00 UTC on Tuesday.
    times = (utc(2026, 3, 10, 3, 0), utc(2026, 3, 10, 13, 0))
    tuesday_afternoon = utc(2026, 3, 10, 17, 0)  # 18:00 in Paris, 13:00 in Montréal
    assert blocked_by(tuesday_afternoon, "America/Montreal", settings, times=times) == []
    assert blocked_by(tuesday_afternoon, "Europe/Paris", settings, times=times) == \
        ["schedule.per_person_per_day"]


def test_the_weekly_cap_counts_the_persons_iso_week_and_the_slot_moves_to_monday():
    settings = rules(per_person_per_week=3)
    times = (utc(2026, 3, 9, 9), utc(2026, 3, 10, 9), utc(2026, 3, 11, 9))  # Mon, Tue, Wed
    thursday = utc(2026, 3, 12, 9)
    assert blocked_by(thursday, "Europe/Paris", settings, times=times) == \
        ["schedule.per_person_per_week"]
    assert earliest_slot(settings, "x", Employee(1, "Europe/Paris", times), Load(), thursday,
                         None) == utc(2026, 3, 16, 7, 0)  # Monday 08:00 CET


def test_the_firm_daily_cap_counts_utc_days_per_network():
    tuesday = utc(2026, 3, 10, 9)
    full = Load(firm_per_day={date(2026, 3, 10): 2})
    assert blocked_by(tuesday, "Europe/Paris", load=full) == ["networks.x.firm_daily_cap"]
    assert blocked_by(tuesday, "Europe/Paris", load=Load({date(2026, 3, 10): 1})) == []
    assert earliest_slot(rules(), "x", Employee(1), full, tuesday, None) == \
        utc(2026, 3, 11, 7, 0)  # Wednesday 08:00 in Paris


def test_colleagues_sharing_the_same_post_are_kept_apart_by_the_gap():
    settings = rules(min_gap_minutes=10)
    colleague = Load(post_times=(utc(2026, 3, 10, 9, 0),))
    assert blocked_by(utc(2026, 3, 10, 9, 5), "Europe/Paris", settings, load=colleague) == \
        ["schedule.min_gap_minutes"]
    assert earliest_slot(settings, "x", Employee(1), colleague, utc(2026, 3, 10, 9, 0),
                         None) == utc(2026, 3, 10, 9, 10)


def test_nothing_goes_out_once_the_offer_has_closed():
    end = utc(2026, 3, 10, 12)
    assert blocked_by(utc(2026, 3, 10, 12), "Europe/Paris", expires_at=end) == ["offer_days"]
    assert blocked_by(utc(2026, 3, 10, 11, 59), "Europe/Paris", expires_at=end) == []
    assert earliest_slot(rules(), "x", Employee(1), Load(), utc(2026, 3, 13, 20),
                         utc(2026, 3, 16, 6, 0)) is None  # the weekend runs into the end


def test_the_check_reports_timing_findings_only_for_an_employee():
    source = ShareSource("Bonjour", space_id=1)
    saturday = utc(2026, 3, 14, 10)
    assert check(source, rules(), "x", None, saturday).findings == ()
    decision = check(source, rules(), "x", Employee(1), saturday)
    assert decision.timing_blocked and not decision.content_blocked
    assert decision.blocking[0].params == {"time": "11:00", "zone": "Europe/Paris"}


def test_without_windows_any_moment_is_allowed():
    settings = parse_rules({"networks": {"x": {"enabled": True}}})
    at = utc(2026, 3, 15, 3, 0)  # a Sunday night
    assert timing_findings(settings, "x", Employee(1), Load(), at) == []
    assert earliest_slot(settings, "x", Employee(1), Load(), at + timedelta(seconds=5),
                         None) == at + timedelta(minutes=1)
