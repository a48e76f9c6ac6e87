"""Digest generation time for the seeded firm's people: choosing the content and
rendering the e-mail, as the worker's digest job does for each person when due.

Weekly digests, each person in turn, in one read-only transaction rolled back at
the end (nothing recorded in the ledger, so runs repeat). Sending is left out: it
is the mail server's time, not Comptoir's.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from typing import Any, Callable

from sqlalchemy import select

from bench.db import Target
from bench.identity import BASE_URL
from core.clock import utcnow
from core.database import Database
from social.digests.compose import compose_digest
from social.digests.content import Reader
from social.digests.render import Letterhead, build_message
from social.models import User


def measure_digests(target: Target, facts: dict[str, Any],
                    echo: Callable[[str], None]) -> dict[str, Any]:
    database = Database(target.url)
    letterhead = Letterhead(base_url=BASE_URL, mail_from="Comptoir <comptoir@bench.invalid>")
    now = utcnow()
    timings, items = [], []
    started = time.perf_counter()
    try:
        with database.session(facts["tenant_id"]) as db:
            users = db.scalars(select(User).where(User.tenant_id == facts["tenant_id"])
                               .order_by(User.id)).all()
            for user in users:
                began = time.perf_counter()
                digest = compose_digest(db, Reader.of(user), since=now - timedelta(days=7),
                                        now=now)
                build_message(digest, letterhead, f"{BASE_URL}/unsubscribe/bench")
                timings.append((time.perf_counter() - began) * 1000)
                items.append(len(digest.keys()))
            db.rollback()
    finally:
        database.dispose()
    seconds = time.perf_counter() - started
    echo(f"  digests: {len(timings)} people in {seconds:.2f} s")
    return {"people": len(timings), "seconds": round(seconds, 2),
            "median_ms": round(statistics.median(timings), 1) if timings else 0,
            "max_ms": round(max(timings), 1) if timings else 0,
            "median_items": statistics.median(items) if items else 0}
