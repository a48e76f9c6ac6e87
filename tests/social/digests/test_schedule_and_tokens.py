"""8:00 local time, every day or on Mondays, whatever the season; signed unsubscribe tokens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from social.digests.schedule import first_slot_from, next_slot_after
from social.digests.tokens import read_unsubscribe_token, unsubscribe_token

PARIS, MONTREAL, CAYENNE = (ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal"),
                            ZoneInfo("America/Cayenne"))
SECRET = "a-secret-key-of-some-length-0123456789"


def local(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


@pytest.mark.parametrize("zone,moment,expected", [
    # Winter and summer in Paris: the same 8:00, a different UTC hour.
    (PARIS, local(PARIS, 2026, 1, 14, 6, 0), local(PARIS, 2026, 1, 14, 8, 0)),
    (PARIS, local(PARIS, 2026, 7, 14, 6, 0), local(PARIS, 2026, 7, 14, 8, 0)),
    (PARIS, local(PARIS, 2026, 7, 14, 8, 0), local(PARIS, 2026, 7, 14, 8, 0)),
    (PARIS, local(PARIS, 2026, 7, 14, 8, 1), local(PARIS, 2026, 7, 15, 8, 0)),
    # The night of the change to summer time in Montréal.
    (MONTREAL, local(MONTREAL, 2026, 3, 8, 1, 0), local(MONTREAL, 2026, 3, 8, 8, 0)),
    (CAYENNE, local(CAYENNE, 2026, 12, 31, 23, 0), local(CAYENNE, 2027, 1, 1, 8, 0)),
])
def test_a_daily_digest_is_due_at_the_next_8_in_the_readers_zone(zone, moment, expected):
    slot = first_slot_from(moment.astimezone(timezone.utc), "daily", zone)
    assert slot == expected and slot.tzinfo == timezone.utc
    assert slot.astimezone(zone).hour == 8


def test_summer_time_moves_the_utc_hour_and_never_the_local_one():
    winter = first_slot_from(datetime(2026, 1, 14, tzinfo=timezone.utc), "daily", PARIS)
    summer = first_slot_from(datetime(2026, 7, 14, tzinfo=timezone.utc), "daily", PARIS)
    assert (winter.hour, summer.hour) == (7, 6)


@pytest.mark.parametrize("moment,expected_day", [
    (local(PARIS, 2026, 1, 7, 12, 0), 12),   # a Wednesday: next Monday
    (local(PARIS, 2026, 1, 12, 7, 59), 12),  # Monday before 8:00: that morning
    (local(PARIS, 2026, 1, 12, 8, 30), 19),  # Monday after 8:00: a week later
    (local(PARIS, 2026, 1, 11, 23, 0), 12),  # Sunday night
])
def test_a_weekly_digest_is_due_on_monday_at_8(moment, expected_day):
    slot = first_slot_from(moment, "weekly", PARIS).astimezone(PARIS)
    assert (slot.weekday(), slot.day, slot.hour, slot.minute) == (0, expected_day, 8, 0)


def test_the_next_slot_after_a_send_is_the_next_period_even_after_a_long_outage():
    sent = local(PARIS, 2026, 1, 12, 8, 0)
    assert next_slot_after(sent, "daily", PARIS) == sent + timedelta(days=1)
    assert next_slot_after(sent, "weekly", PARIS) == sent + timedelta(days=7)
    three_days_late = local(PARIS, 2026, 1, 15, 14, 0)
    assert next_slot_after(three_days_late, "daily", PARIS) == local(PARIS, 2026, 1, 16, 8, 0)


def test_there_is_no_slot_for_digests_that_are_off():
    with pytest.raises(ValueError):
        first_slot_from(datetime(2026, 1, 1, tzinfo=timezone.utc), "off", PARIS)


def test_an_unsubscribe_token_names_its_person_and_nobody_else():
    token = unsubscribe_token(SECRET, 3, 42)
    assert read_unsubscribe_token(SECRET, token).user_id == 42
    assert read_unsubscribe_token(SECRET, token).tenant_id == 3

    tenant, user, signature = token.split(".")
    altered = token[:-1] + ("B" if token.endswith("A") else "A")
    forged = [f"{tenant}.43.{signature}", f"4.{user}.{signature}", altered,
              unsubscribe_token("another-secret-key-0123456789abcdef", 3, 42), token + "\n",
              "", "3.42", "3.42." + "A" * 43, f"03.{user}.{signature}", None]
    assert [read_unsubscribe_token(SECRET, candidate) for candidate in forged] == \
        [None] * len(forged)
