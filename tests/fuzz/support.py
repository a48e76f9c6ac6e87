"""What every fuzz target shares: the two Hypothesis profiles, and a tally of the cases run.

Profiles (chosen once, in tests/fuzz/conftest.py):
- `ci` (the default): few examples per test, derandomized, so that all the fuzz
  targets together run in well under a minute and fail the same way twice;
- `soak` (COMPTOIR_SOAK=1, or HYPOTHESIS_PROFILE=soak): SOAK_EXAMPLES examples per
  test, hence at least that many per target, with a fresh random seed each run.

Each test counts its cases in the tally of its target: how many ran, how many got a
5xx answer, how many raised out of the code under test. The counts are written to
tests/artifacts/fuzz-<target>.json at the end of the run, for RELIABILITY.md.
"""

from __future__ import annotations

import os
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from hypothesis import HealthCheck, settings

SOAK_EXAMPLES = 10_000

_COMMON = dict(
    deadline=None,  # timings vary with the machine's load: never a reason to fail
    database=None,  # nothing written into the shared checkout (.hypothesis/)
    print_blob=True,  # a failure prints the @reproduce_failure line to keep it
    # The fixtures (a firm, signed-in browsers) are built once per test, on purpose:
    # every example runs against the same firm, which only grows.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.large_base_example],
)
settings.register_profile("ci", max_examples=30, derandomize=True, **_COMMON)
settings.register_profile("soak", max_examples=SOAK_EXAMPLES, **_COMMON)


def chosen_profile() -> str:
    if os.environ.get("COMPTOIR_SOAK", "").strip() in ("1", "true", "yes"):
        return "soak"
    return os.environ.get("HYPOTHESIS_PROFILE", "").strip() or "ci"


PROFILE = chosen_profile()


def examples(ci: int) -> settings:
    """`@examples(ci=N)`: N examples in CI (cheap targets afford more), the profile's
    count otherwise (the soak's 10,000). COMPTOIR_FUZZ_EXAMPLES sets one count for all."""
    chosen = os.environ.get("COMPTOIR_FUZZ_EXAMPLES", "").strip()
    if chosen.isascii() and chosen.isdigit():
        return settings(max_examples=int(chosen))
    if PROFILE == "ci":
        return settings(max_examples=ci)
    return settings()


@dataclass
class Tally:
    target: str
    cases: int = 0
    server_errors: int = 0       # answers with a 5xx status
    uncaught_exceptions: int = 0  # exceptions out of the code under test
    property_violations: int = 0  # other broken expectations (an assert)
    statuses: Counter = field(default_factory=Counter)
    cases_by_test: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)  # the first failing inputs, short

    def answered(self, status: int) -> None:
        self.statuses[str(status)] += 1
        if status >= 500:
            self.server_errors += 1

    def as_dict(self) -> dict:
        return {"target": self.target, "cases": self.cases,
                "server_errors": self.server_errors,
                "uncaught_exceptions": self.uncaught_exceptions,
                "property_violations": self.property_violations,
                "statuses": dict(sorted(self.statuses.items())),
                "cases_by_test": dict(sorted(self.cases_by_test.items())),
                "failing_examples": self.examples}


TALLIES: dict[str, Tally] = {}


def tally_of(target: str) -> Tally:
    return TALLIES.setdefault(target, Tally(target))


@contextmanager
def case(target: str, test: str, described: object = "") -> Iterator[Tally]:
    """One generated case: counted, and its failure (if any) classified."""
    tally = tally_of(target)
    tally.cases += 1
    tally.cases_by_test[test] += 1
    try:
        yield tally
    except AssertionError:
        tally.property_violations += 1
        _keep(tally, test, described)
        raise
    except Exception:
        tally.uncaught_exceptions += 1
        _keep(tally, test, described)
        raise


def _keep(tally: Tally, test: str, described: object) -> None:
    if len(tally.examples) < 5:
        tally.examples.append(f"{test}: {str(described)[:300]}")


@dataclass
class Scene:
    """Hugo (member of "Projets", reading in English), Léa (its owner, in English too)
    and the firm's admin, each in their own signed-in browser."""

    world: object
    hugo: object
    lea: object
    admin: object
    comment_id: int
    db: object
