"""The soak's report: figures on stdout, the whole result as JSON."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.db import RESULTS


def text(result: dict[str, Any]) -> str:
    a, w, s, f = result["answers"], result["writes"], result["shares"], result["faults"]
    restart = f.get("restart_postgresql", {})
    lines = [
        f"soak: {result['duration_s']:.0f} s of mixed load on {result['dataset']}, "
        f"{result['server']}, {result['load_threads']} clients",
        f"requests: {a['requests']} ({a['acknowledged']} acknowledged); statuses "
        f"{a['statuses']}; no answer {a['no_answer'] or 0}",
        f"500s: {a['status_500']}, tracebacks in bodies: {a['tracebacks_in_bodies']}, "
        f"503s: {a['status_503']} ({a['status_503_without_retry_after']} without Retry-After)",
        f"comments: {w['comments_acknowledged']} acknowledged, {w['comments_found']} found, "
        f"{w['comments_missing']} missing ({w['comments_unanswered']} unanswered, "
        f"{w['comments_unanswered_but_stored']} of them stored anyway)",
        f"likes: {w['reaction_toggles_acknowledged']} acknowledged toggles on "
        f"{w['reaction_pairs']} (person, post) pairs, {w['reaction_pairs_in_wrong_state']} "
        f"in a wrong state, {w['reaction_rows_repeated']} rows repeated",
        f"shares: {s['shares']} {s['statuses']}; {s['ledger_posts']} posts in the ledger, "
        f"{s['published_twice']} published twice, {s['still_open']} still open, "
        f"{s['retried_after_unknown_outcome']} retried after an unknown outcome "
        f"({s['duplicate_answers']} duplicate answers from the network)",
    ]
    for event in result["fault_events"]:
        figures = f.get(event["fault"], {})
        extra = {k: v for k, v in event.items() if k not in ("fault", "at_s", "done_at_s")}
        lines.append(f"fault {event['fault']} at {event['at_s']:.1f} s {extra}: "
                     f"{figures.get('failed', 0)} failed answers after it "
                     f"{figures.get('failed_by_status', {})}")
    lines.append(f"recovery after the PostgreSQL restart (to the first acknowledged write): "
                 f"{restart.get('recovery_s')} s")
    after = f["after_faults"]
    lines.append(f"after the faults (from {after['from_s']} s): {after['requests']} requests, "
                 f"{after['failed']} failed ({after['refused']} refused, the rest timed out); healthy after the run: {result['healthy_after']}")
    lines.append(f"tracebacks in logs: gunicorn {result['gunicorn_log_tracebacks']}, delivery "
                 f"workers {result['delivery_worker_tracebacks']}")
    for verdict, kept in result["verdicts"].items():
        lines.append(f"  [{'ok' if kept else 'FAILED'}] {verdict}")
    if result["fault_errors"]:
        lines.append(f"fault errors: {result['fault_errors']}")
    return "\n".join(lines)


def save(result: dict[str, Any], directory: Path = RESULTS) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = directory / f"soak-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    (directory / "soak-latest.json").write_text(path.read_text())
    return path
