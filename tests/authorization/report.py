"""The matrix's figures: tests/artifacts/authorization-matrix.json, and one line at the
end of the test run (RELIABILITY.md quotes it)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

from tests.authorization.runner import Pair
from tests.authorization.table import TABLE

ARTIFACT = Path(__file__).resolve().parents[1] / "artifacts" / "authorization-matrix.json"


def write_summary(pairs: list[Pair], seconds: float) -> dict:
    rows: dict[str, dict] = {}
    for pair in pairs:
        name = f"{pair.method} {pair.rule}" + (f" [{pair.variant}]" if pair.variant else "")
        row = rows.setdefault(name, {"policy": pair.policy,
                                     "note": TABLE[(pair.rule, pair.method)].note,
                                     "actors": {}})
        row["actors"][pair.actor] = {"allowed": pair.allowed, "outcome": pair.outcome,
                                     "status": pair.status, "problems": pair.problems}
    summary = {
        "database": os.environ.get("COMPTOIR_TEST_DATABASE_URL", "sqlite").split(":")[0]
        .split("+")[0] or "sqlite",
        "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(seconds, 1),
        "routes": len({(pair.rule, pair.method) for pair in pairs}),
        "rows_tried": len(rows),
        "actors": len({pair.actor for pair in pairs}),
        "pairs_tried": len(pairs),
        "allowed_pairs": sum(pair.allowed for pair in pairs),
        "refused_pairs": sum(not pair.allowed for pair in pairs),
        "leaks": sum(pair.leak for pair in pairs),
        "mismatches": sum(bool(pair.problems) and not pair.leak for pair in pairs),
        "outcomes": dict(sorted(Counter(pair.outcome for pair in pairs).items())),
        "rows": rows,
    }
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    return summary


def summary_line(summary: dict) -> str:
    return (f"authorization matrix ({summary['database']}): {summary['routes']} (route, "
            f"method) rules, {summary['rows_tried']} with variants, x {summary['actors']} "
            f"actors = {summary['pairs_tried']} pairs "
            f"tried ({summary['allowed_pairs']} allowed, {summary['refused_pairs']} refused), "
            f"{summary['leaks']} leaks, {summary['mismatches']} mismatches, "
            f"{summary['seconds']} s; outcomes {summary['outcomes']}")


def line_if_written_since(started: float) -> str | None:
    """For the run's terminal summary (xdist workers write the file, the controller
    reports): the line, when this run wrote the artifact."""
    try:
        if ARTIFACT.stat().st_mtime < started:
            return None
        return summary_line(json.loads(ARTIFACT.read_text()))
    except (OSError, ValueError, KeyError):
        return None
