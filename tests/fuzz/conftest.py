"""Fuzz targets: Hypothesis profiles, the add-on and web fixtures, and the tally files.

`pytest tests/fuzz` runs the CI profile; `COMPTOIR_SOAK=1 pytest tests/fuzz` (or
`make fuzz-soak`) runs at least 10,000 cases per target.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy.engine import make_url

from social.services import people, threads
from tests.fuzz.support import PROFILE, TALLIES, Scene

# The add-on's and the web's fixtures, shared rather than copied.
from tests.addon.conftest import (addon, addon_app, addon_settings,  # noqa: F401
                                  google_accepts_the_sample_tokens)
from tests.web.conftest import signed_in, web_app, web_settings, world  # noqa: F401

settings.load_profile(PROFILE)


@pytest.fixture
def scene(world, signed_in, db):
    for actor in (world.hugo, world.lea, world.firm.admin):
        people.update_preferences(db, actor, language="en")
    comment = threads.comment_on_post(db, world.hugo, world.post_id, "Premier commentaire")
    db.commit()
    return Scene(world, signed_in(world.hugo), signed_in(world.lea), signed_in(world.firm.admin),
                 comment.id, db)


ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
_started = time.time()


def pytest_report_header(config) -> str:
    return f"fuzz profile: {PROFILE} ({settings.get_profile(PROFILE).max_examples} examples)"


def pytest_sessionfinish(session, exitstatus) -> None:
    """Writes (or, across xdist workers of one run, adds to) tests/artifacts/fuzz-<target>.json."""
    if not TALLIES:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    for target, tally in TALLIES.items():
        path = ARTIFACTS / f"fuzz-{target}.json"
        with open(ARTIFACTS / ".fuzz.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            report = _merged(path, run, tally.as_dict())
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def _merged(path: Path, run: str, counts: dict) -> dict:
    report = {"profile": PROFILE,
              "examples_per_test": settings.get_profile(PROFILE).max_examples,
              "database": _backend(), "commit": _commit(), "run": run,
              "seconds": round(time.time() - _started, 1), **counts}
    try:
        earlier = json.loads(path.read_text())
    except (OSError, ValueError):
        return report
    if earlier.get("run") != run:
        return report
    for key in ("cases", "server_errors", "uncaught_exceptions", "property_violations"):
        report[key] += earlier.get(key, 0)
    for key in ("statuses", "cases_by_test"):
        for name, count in earlier.get(key, {}).items():
            report[key][name] = report[key].get(name, 0) + count
    report["failing_examples"] = (earlier.get("failing_examples", [])
                                  + report["failing_examples"])[:5]
    report["seconds"] = max(report["seconds"], earlier.get("seconds", 0))
    return report


def _backend() -> str:
    url = os.environ.get("COMPTOIR_TEST_DATABASE_URL", "").strip()
    return make_url(url).get_backend_name() if "://" in url else "sqlite"


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=ARTIFACTS.parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
