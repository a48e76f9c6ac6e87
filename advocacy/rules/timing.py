"""When a share may go out: time windows in the sharer's own time zone, spacing, caps.

Pure functions of the rules, the moment and the counts gathered beforehand. Days
and weeks of the per-person caps are the sharer's local calendar days and ISO
weeks; the firm's daily cap per network counts UTC days (when the networks reset
their own quotas).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from core.i18n import N_, safe_zone
from advocacy.rules.document import Rules
from advocacy.rules.findings import Effect, Finding, Scope
from advocacy.rules.inputs import Employee, Load

NETWORK_NAMES = {"x": "X", "linkedin": "LinkedIn"}


def timing_findings(rules: Rules, network: str, employee: Employee, load: Load,
                    at: datetime, expires_at: datetime | None = None) -> list[Finding]:
    found: list[Finding] = []
    zone = safe_zone(employee.time_zone)
    local = at.astimezone(zone)
    if expires_at is not None and at >= expires_at:
        found.append(_block("offer_days", N_("The offer has closed: it can no longer be "
                                             "shared.")))
    if rules.windows and not any(w.contains(local.isoweekday(), local.time())
                                 for w in rules.windows):
        found.append(_block("schedule.windows",
                            N_("Outside the sharing hours (%(time)s in your time zone, "
                               "%(zone)s)."), time=local.strftime("%H:%M"),
                            zone=employee.time_zone))
    spacing = timedelta(minutes=rules.min_spacing_minutes)
    if spacing and any(abs(t - at) < spacing for t in employee.share_times):
        found.append(_block("schedule.min_spacing_minutes",
                            N_("Another of your shares is less than %(minutes)s minutes "
                               "away."), minutes=rules.min_spacing_minutes))
    day_cap, week_cap = rules.per_person_per_day, rules.per_person_per_week
    if day_cap is not None:
        same_day = sum(1 for t in employee.share_times
                       if t.astimezone(zone).date() == local.date())
        if same_day >= day_cap:
            found.append(_block("schedule.per_person_per_day",
                                N_("You already have %(count)s shares that day on "
                                   "%(network)s (at most %(limit)s)."),
                                count=same_day, limit=day_cap, network=NETWORK_NAMES[network]))
    if week_cap is not None:
        week = local.isocalendar()[:2]
        same_week = sum(1 for t in employee.share_times
                        if t.astimezone(zone).isocalendar()[:2] == week)
        if same_week >= week_cap:
            found.append(_block("schedule.per_person_per_week",
                                N_("You already have %(count)s shares that week on "
                                   "%(network)s (at most %(limit)s)."),
                                count=same_week, limit=week_cap,
                                network=NETWORK_NAMES[network]))
    firm_cap = rules.network(network).firm_daily_cap
    if firm_cap is not None and load.firm_per_day.get(utc_day(at), 0) >= firm_cap:
        found.append(_block(f"networks.{network}.firm_daily_cap",
                            N_("The firm has reached its %(limit)s posts a day on "
                               "%(network)s."), limit=firm_cap, network=NETWORK_NAMES[network]))
    gap = timedelta(minutes=rules.min_gap_minutes)
    if gap and any(abs(t - at) < gap for t in load.post_times):
        found.append(_block("schedule.min_gap_minutes",
                            N_("A colleague shares this post less than %(minutes)s minutes "
                               "away."), minutes=rules.min_gap_minutes))
    return found


def utc_day(moment: datetime) -> date:
    return moment.astimezone(timezone.utc).date()


def earliest_slot(rules: Rules, network: str, employee: Employee, load: Load,
                  start: datetime, until: datetime | None) -> datetime | None:
    """The first moment at or after `start` (to the minute) when every timing rule
    allows the share, before `until`; None if there is none."""
    at = _ceil_minute(start)
    for _ in range(5000):
        if until is not None and at >= until:
            return None
        blocked = timing_findings(rules, network, employee, load, at)
        if not blocked:
            return at
        later = max(_next_try(rules, network, employee, load, at, f.rule) for f in blocked)
        at = max(_ceil_minute(later), at + timedelta(minutes=1))
    return None


def _next_try(rules: Rules, network: str, employee: Employee, load: Load, at: datetime,
              rule: str) -> datetime:
    """The earliest moment the rule named by `rule` could stop blocking."""
    zone = safe_zone(employee.time_zone)
    local = at.astimezone(zone)
    if rule == "schedule.windows":
        return _next_window_start(rules, local)
    if rule == "schedule.min_spacing_minutes":
        spacing = timedelta(minutes=rules.min_spacing_minutes)
        return max(t + spacing for t in employee.share_times if abs(t - at) < spacing)
    if rule == "schedule.min_gap_minutes":
        gap = timedelta(minutes=rules.min_gap_minutes)
        return max(t + gap for t in load.post_times if abs(t - at) < gap)
    if rule == "schedule.per_person_per_day":
        return _local_midnight(local.date() + timedelta(days=1), zone)
    if rule == "schedule.per_person_per_week":
        monday = local.date() + timedelta(days=8 - local.isoweekday())
        return _local_midnight(monday, zone)
    if rule.endswith("firm_daily_cap"):
        return datetime.combine(utc_day(at) + timedelta(days=1), time(0), timezone.utc)
    return at + timedelta(minutes=1)


def _next_window_start(rules: Rules, local: datetime) -> datetime:
    zone = local.tzinfo
    for offset in range(0, 8):
        day = local.date() + timedelta(days=offset)
        starts = sorted(datetime.combine(day, w.start, zone) for w in rules.windows
                        if day.isoweekday() in w.days)
        for start in starts:
            # A start that falls in a DST gap (02:30 on the spring-forward night) reads
            # as the hour after it; comparing in UTC keeps that consistent.
            if start.astimezone(timezone.utc) > local.astimezone(timezone.utc):
                return start.astimezone(timezone.utc)
    return local.astimezone(timezone.utc) + timedelta(days=7)


def _local_midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(timezone.utc)


def _ceil_minute(moment: datetime) -> datetime:
    floor = moment.replace(second=0, microsecond=0)
    return floor if floor == moment else floor + timedelta(minutes=1)


def _block(rule: str, message: str, **params) -> Finding:
    return Finding(rule, Effect.BLOCK, Scope.TIMING, message, params)
