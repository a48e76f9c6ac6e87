"""When digests go out: 8:00 in the reader's own time zone, every day or on Mondays.

Pure functions of an instant, a frequency and a zone. A "slot" is one such
8:00, as an aware UTC datetime; wall-clock arithmetic goes through the zone, so
summer time moves the UTC instant and never the local hour.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from social.models import DigestFrequency

SEND_AT = time(8, 0)
MONDAY = 0
PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}


def period(frequency: str) -> timedelta:
    return PERIODS[DigestFrequency(frequency)]


def _slot_on(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, SEND_AT, tzinfo=zone).astimezone(timezone.utc)


def first_slot_from(moment: datetime, frequency: str, zone: tzinfo) -> datetime:
    """The first slot at `moment` or after it."""
    frequency = DigestFrequency(frequency)
    if frequency not in PERIODS:
        raise ValueError(f"no slots for digests that are {frequency}")
    day = moment.astimezone(zone).date()
    if frequency == DigestFrequency.WEEKLY:
        day += timedelta(days=(MONDAY - day.weekday()) % 7)
    slot = _slot_on(day, zone)
    if slot < moment:
        slot = _slot_on(day + PERIODS[frequency], zone)
    return slot


def next_slot_after(moment: datetime, frequency: str, zone: tzinfo) -> datetime:
    """The first slot strictly after `moment`: a worker that was down sends once, not
    once per period it missed."""
    return first_slot_from(moment + timedelta(microseconds=1), frequency, zone)
