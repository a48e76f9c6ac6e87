"""What must hold after the soak: the answers, the writes, the recovery.

- answers: no 500, no traceback in any body, every 503 carries Retry-After;
- writes: every comment acknowledged with a 2xx is in the database (found by its
  token), every (person, post) like is in a state its answers allow, no reaction
  row twice; reaction counts are counted from the rows on every read
  (social/services/reactions.py), so no stored counter can drift from them;
- recovery: from the PostgreSQL restart to the first acknowledged write, and no
  failed answer once the last fault has passed.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sqlalchemy import create_engine, text

from bench.soak.load import Books, Outcome

SETTLED_AFTER_S = 10.0  # after the last fault, the service must answer every request


def answers(outcomes: list[Outcome]) -> dict[str, Any]:
    statuses = Counter(outcome.status for outcome in outcomes)
    server_errors = [o for o in outcomes if o.status >= 500]
    unexpected_4xx = [o for o in outcomes if 400 <= o.status < 500]
    no_answer = Counter(o.error for o in outcomes if o.status == 0)
    return {
        "requests": len(outcomes),
        "acknowledged": sum(1 for o in outcomes if o.ok),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "by_kind": {kind: sum(1 for o in outcomes if o.kind == kind)
                    for kind in ("read", "like", "unlike", "comment")},
        "status_500": statuses.get(500, 0),
        "tracebacks_in_bodies": sum(1 for o in server_errors if o.traceback),
        "status_503": statuses.get(503, 0),
        "status_503_without_retry_after": sum(1 for o in server_errors
                                              if o.status == 503 and not o.retry_after),
        "other_5xx": sum(1 for o in server_errors if o.status not in (500, 503)),
        "status_4xx": len(unexpected_4xx),
        "sample_4xx": sorted({f"{o.status} {o.kind}: {o.error[:120]}"
                              for o in unexpected_4xx})[:5],
        "sample_5xx": sorted({f"{o.status} {o.kind}: {o.error[:120]}"
                              for o in server_errors if o.status != 503})[:5],
        "no_answer": dict(no_answer),
    }


def around_faults(outcomes: list[Outcome], events: list[dict[str, Any]]) -> dict[str, Any]:
    """For each fault, the failed answers that followed it (answered after it and before
    the next fault: a request sent just before a restart fails because of it), and
    for the PostgreSQL restart the recovery time: from the restart's start to the end
    of the first write acknowledged among those sent after it."""
    ordered = sorted(events, key=lambda event: event["at_s"])
    found: dict[str, Any] = {}
    for index, event in enumerate(ordered):
        start = event["at_s"]
        end = ordered[index + 1]["at_s"] if index + 1 < len(ordered) else float("inf")
        window = [o for o in outcomes if start <= o.at + o.ms / 1000 < end]
        failed = [o for o in window if not o.ok]
        figures: dict[str, Any] = {
            "failed": len(failed),
            "failed_by_status": {str(k): v for k, v in
                                 sorted(Counter(o.status for o in failed).items())},
            "failures_span_s": [round(min(o.at for o in failed) - start, 2),
                                round(max(o.at + o.ms / 1000 for o in failed) - start, 2)]
            if failed else None}
        if event["fault"] == "restart_postgresql":
            writes = [o for o in window if o.kind != "read" and o.ok and o.at >= start]
            first = min((o.at + o.ms / 1000 for o in writes), default=None)
            figures["recovery_s"] = round(first - start, 2) if first is not None else None
        found[event["fault"]] = figures
    last = max((event["done_at_s"] for event in events), default=0.0)
    settled = [o for o in outcomes if o.at > last + SETTLED_AFTER_S]
    found["after_faults"] = {
        "from_s": round(last + SETTLED_AFTER_S, 1), "requests": len(settled),
        "failed": sum(1 for o in settled if not o.ok),
        # A request the client gave up on (a busy machine) is slow, not refused.
        "refused": sum(1 for o in settled if not o.ok and o.error != "ReadTimeout"),
        "writes_acknowledged": sum(1 for o in settled if o.ok and o.kind != "read")}
    return found


def timeline(outcomes: list[Outcome]) -> list[list[int]]:
    """[second, acknowledged, failed] for every second of the load."""
    seconds: dict[int, list[int]] = {}
    for outcome in outcomes:
        row = seconds.setdefault(int(outcome.at), [0, 0])
        row[0 if outcome.ok else 1] += 1
    return [[second, *counts] for second, counts in sorted(seconds.items())]


def writes(database_url: str, books: Books, run_id: str) -> dict[str, Any]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            bodies = connection.execute(text("SELECT body_md FROM comments WHERE body_md "
                                             "LIKE :pattern"),
                                        {"pattern": f"%(soak {run_id}-%"}).scalars().all()
            tokens = Counter(match.group(1) for body in bodies
                             for match in [re.search(r"\(soak ([0-9a-f]+-\d+-\d+)\)", body)]
                             if match)
            discussions = dict(connection.execute(text(
                "SELECT id, discussion_id FROM posts WHERE id = ANY(:ids)"),
                {"ids": [pair.post_id for pair in books.pairs]}).all())
            liked = {(row.user_id, row.discussion_id): row.n for row in connection.execute(
                text("SELECT user_id, discussion_id, count(*) AS n FROM reactions "
                     "WHERE kind = 'like' GROUP BY user_id, discussion_id"))}
            repeated = connection.execute(text(
                "SELECT count(*) FROM (SELECT 1 FROM reactions GROUP BY discussion_id, "
                "user_id, kind HAVING count(*) > 1) AS twice")).scalar_one()
    finally:
        engine.dispose()
    acknowledged = books.comments_acknowledged
    missing = [token for token in acknowledged if tokens.get(token, 0) == 0]
    wrong_pairs = []
    for pair in books.pairs:
        state = liked.get((pair.person["id"], discussions[pair.post_id]), 0) > 0
        if state not in pair.possible:
            wrong_pairs.append({"user_id": pair.person["id"], "post_id": pair.post_id,
                                "liked": state, "allowed": sorted(pair.possible)})
    return {
        "comments_acknowledged": len(acknowledged),
        "comments_found": len(acknowledged) - len(missing),
        "comments_missing": len(missing), "missing_sample": missing[:5],
        "comments_stored_twice": sum(1 for count in tokens.values() if count > 1),
        "comments_unanswered": len(books.comments_unanswered),
        "comments_unanswered_but_stored": sum(1 for token in books.comments_unanswered
                                              if tokens.get(token)),
        "reaction_toggles_acknowledged": sum(pair.acknowledged for pair in books.pairs),
        "reaction_toggles_unanswered": sum(pair.unanswered for pair in books.pairs),
        "reaction_pairs": len(books.pairs),
        "reaction_pairs_in_wrong_state": len(wrong_pairs), "wrong_pairs": wrong_pairs[:5],
        "reaction_rows_repeated": repeated,
    }


def verdicts(result: dict[str, Any]) -> dict[str, bool]:
    """Each promise of issue 7's item 4, kept or not."""
    a, w, s, f = result["answers"], result["writes"], result["shares"], result["faults"]
    restart = f.get("restart_postgresql", {})
    return {
        "every fault was injected": len(result["fault_events"]) == 3 and
        not result["fault_errors"],
        "no acknowledged write missing": w["comments_missing"] == 0 and
        w["reaction_pairs_in_wrong_state"] == 0 and w["reaction_rows_repeated"] == 0,
        "no share lost or published twice": s["published_twice"] == 0 and
        s["still_open"] == 0 and s["sent_without_post"] == 0 and
        s["closed_but_published"] == 0 and s["posts_without_share"] == 0 and
        s["failed_without_reason"] == 0,
        "no 500 and no traceback": a["status_500"] == 0 and a["tracebacks_in_bodies"] == 0
        and a["other_5xx"] == 0 and result["gunicorn_log_tracebacks"] == 0,
        "every 503 has Retry-After": a["status_503_without_retry_after"] == 0,
        "recovered by itself": restart.get("recovery_s") is not None and
        f["after_faults"]["refused"] == 0 and f["after_faults"]["writes_acknowledged"] > 0
        and result["healthy_after"],
    }
