"""Fuzzing the sharing gateway's rule check with generated rules, proposals, employees
and moments: it never raises, every finding names a rule of the document (or one of
the few the check adds), its message formats with its parameters, and the text is
within the network's length unless a finding says it is too long."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from advocacy.rules import (DriveAnswer, Employee, LinkTracking, Load, ShareSource, check,
                            parse_rules, to_document)
from advocacy.rules.document import DAY_NAMES
from advocacy.rules.x_length import weighted_length
from social.errors import InvalidInput
from tests.fuzz.strategies import MARKUP, any_text, markdown_text
from tests.fuzz.support import case, examples

TARGET = "rule-check"
NETWORKS = ["x", "linkedin"]
DRIVE_IDS = ["1AbCdEfGhIjKlMnOp", "1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654"]
LINKS = [f"https://drive.google.com/file/d/{DRIVE_IDS[0]}/view", "https://example.fr/a?b=c",
         "http://x.co", f"https://docs.google.com/document/d/{DRIVE_IDS[1]}/edit"]
ZONES = ["Europe/Paris", "UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kathmandu"]
# Rules the check adds to the document's keys: what it fixes or measures itself.
ADDED_RULES = {"networks.x.mentions", "networks.x.length", "networks.linkedin.length",
               "networks.x", "networks.linkedin"}

words = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)
clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
small = st.one_of(st.none(), st.integers(0, 50))
window = st.fixed_dictionaries({"days": st.lists(st.sampled_from(DAY_NAMES), min_size=1,
                                                 max_size=7, unique=True),
                                "start": clock, "end": clock})
network_rules = st.fixed_dictionaries({}, optional={
    "enabled": st.booleans(),
    "hashtags": st.lists(words, max_size=3),
    "disclosure": st.one_of(st.just(""), words, st.text(max_size=300)),
    "forbidden": st.lists(st.one_of(words, st.sampled_from(["con", "gratuit à vie", "#tag"])),
                          max_size=4),
    "utm": st.dictionaries(st.sampled_from(["utm_source", "utm_medium", "utm_campaign"]), words,
                           max_size=2),
    "drive_links_public": st.booleans(),
    "firm_daily_cap": small,
})
documents = st.fixed_dictionaries({
    "proposal": st.fixed_dictionaries({}, optional={"spaces": st.none()
                                                    | st.lists(st.integers(1, 5), max_size=3)}),
    "offer_days": st.integers(1, 90),
    "schedule": st.fixed_dictionaries({}, optional={
        "windows": st.lists(window, max_size=3),
        "min_spacing_minutes": st.integers(0, 24 * 60),
        "per_person_per_day": small, "per_person_per_week": small,
        "spread_minutes": st.integers(0, 600), "min_gap_minutes": st.integers(0, 600)}),
    "networks": st.fixed_dictionaries({}, optional={n: network_rules for n in NETWORKS}),
})
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                       timezones=st.just(timezone.utc))
body = st.one_of(markdown_text, st.lists(st.one_of(words, st.sampled_from(LINKS + MARKUP
                                                                          + [" ", "\n"])),
                                         max_size=60).map(" ".join), any_text)
sources = st.builds(
    ShareSource, body=body,
    variants=st.dictionaries(st.sampled_from(NETWORKS), body, max_size=2),
    note=st.one_of(st.just(""), body), space_id=st.none() | st.integers(1, 5),
    drive_files=st.dictionaries(st.sampled_from(DRIVE_IDS), st.builds(
        DriveAnswer, google_id=st.sampled_from(DRIVE_IDS), title=st.text(max_size=30),
        public=st.none() | st.booleans()), max_size=2),
    mentions=st.dictionaries(st.from_regex(r"[a-z][a-z.]{0,8}[a-z]", fullmatch=True),
                             st.text(max_size=20), max_size=2),
    tracking=st.none() | st.builds(LinkTracking, base_url=st.just("https://comptoir.example.fr"),
                                   salt=st.text(min_size=1, max_size=8)),
    expires_at=st.none() | moments)


def employees(now: datetime):
    times = st.lists(st.integers(-14 * 24 * 60, 14 * 24 * 60).map(
        lambda minutes: now + timedelta(minutes=minutes)), max_size=6).map(tuple)
    return st.none() | st.builds(Employee, user_id=st.integers(1, 10**6),
                                 time_zone=st.sampled_from(ZONES), share_times=times)


def loads(now: datetime):
    days = st.dictionaries(st.integers(-3, 3).map(lambda d: (now + timedelta(days=d)).date()),
                           st.integers(0, 100), max_size=4)
    times = st.lists(st.integers(-600, 600).map(lambda m: now + timedelta(minutes=m)),
                     max_size=4).map(tuple)
    return st.none() | st.builds(Load, firm_per_day=days, post_times=times)


def leaf_paths(document, prefix: str = "") -> set[str]:
    paths = set()
    for key, value in document.items():
        path = f"{prefix}{key}"
        paths.add(path)
        if isinstance(value, dict):
            paths |= leaf_paths(value, path + ".")
    return paths


@examples(ci=200)
@given(data=st.data(), document=documents, source=sources, network=st.sampled_from(NETWORKS),
       now=moments)
def test_the_check_explains_every_decision_and_never_raises(data, document, source, network,
                                                             now):
    employee = data.draw(employees(now), label="employee")
    load = data.draw(loads(now), label="load")
    with case(TARGET, "check", (document, source, network, employee, now)):
        try:
            rules = parse_rules(document, version=1)
        except InvalidInput:  # e.g. a window ending before it starts: refused, named
            return
        decision = check(source, rules, network, employee, now, load)
        named = leaf_paths(to_document(rules)) | ADDED_RULES
        for finding in decision.findings:
            assert finding.rule in named, finding.rule
            assert finding.message and (finding.message % finding.params if finding.params
                                        else finding.message)
        if employee is None:
            assert all(f.scope == "content" for f in decision.findings)
        too_long = decision.length > decision.limit
        assert too_long == (f"networks.{network}.length" in decision.rules())
        if network == "x":
            assert decision.limit == 280 and decision.length == weighted_length(decision.text)
        else:
            assert decision.limit == 3000 and decision.length == len(decision.text)
        if not decision.blocked:
            assert decision.text and decision.length <= decision.limit


@examples(ci=200)
@given(document=st.dictionaries(st.sampled_from(["proposal", "approval", "schedule", "networks",
                                                 "offer_days", "other"]),
                                st.recursive(st.none() | st.booleans() | st.integers()
                                             | st.text(max_size=10),
                                             lambda c: st.lists(c, max_size=3)
                                             | st.dictionaries(st.text(max_size=10), c,
                                                               max_size=3), max_leaves=8)))
def test_any_rules_document_parses_or_is_refused_with_its_field(document):
    with case(TARGET, "parse_rules: any document", document):
        try:
            rules = parse_rules(document)
        except InvalidInput as refused:
            assert refused.message
            return
        assert parse_rules(to_document(rules)) == rules
