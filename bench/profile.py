"""Where one scenario's request spends its time, in-process, with cProfile.

`python -m bench profile --dataset firm --scenario addon_home` replays the
scenario's requests one at a time through an app built as the gunicorn workers
build theirs (sqlcount.InProcess), under cProfile, and sums each function's own
time by area: the database driver and SQLAlchemy, Flask and Werkzeug, token
verification, JSON, Comptoir's own packages. A complement to py-spy on a live
worker: slower (profiling overhead), but exact about who called what.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections import Counter
from typing import Any

AREAS = [("/psycopg", "database driver (psycopg)"), ("sqlite3", "database driver (sqlite3)"),
         ("/sqlalchemy/", "SQLAlchemy"), ("/google/auth", "token verification (google-auth)"),
         ("/cryptography/", "token verification (cryptography)"), ("/jwt", "JWT"),
         ("/werkzeug/", "Werkzeug"), ("/flask/", "Flask"), ("/jinja2/", "Jinja2 templates"),
         ("/markupsafe/", "Jinja2 templates"), ("/babel/", "Babel (i18n)"),
         ("/json/", "JSON"), ("/addon/cards/", "add-on cards"), ("/addon/", "add-on routes"),
         ("/social/", "social services"), ("/web/", "web views"), ("/server/", "server"),
         ("/core/", "core"), ("/advocacy/", "advocacy")]


def area_of(filename: str) -> str:
    for marker, name in AREAS:
        if marker in filename:
            return name
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins and C calls"
    return "other Python"


def profile(app, requests: list, rounds: int = 3) -> dict[str, Any]:
    for request in requests[:3]:  # warm: caches, pool, certificates
        app.send(request)
    profiler = cProfile.Profile()
    sent = 0
    started = time.perf_counter()
    profiler.enable()
    for _ in range(rounds):
        for request in requests[:10]:
            app.send(request)
            sent += 1
    profiler.disable()
    elapsed = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    areas: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for (filename, line, name), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        areas[area_of(filename)] += own
        functions[f"{filename.split('site-packages/')[-1].split('/work/main/')[-1]}:"
                  f"{line}({name})"] += own
    total = sum(areas.values()) or 1.0
    return {"requests": sent, "ms_per_request_profiled": round(elapsed * 1000 / sent, 1),
            "areas": [(name, round(100 * seconds / total, 1))
                      for name, seconds in areas.most_common()],
            "functions": [(name, round(seconds * 1000 / sent, 2))
                          for name, seconds in functions.most_common(15)]}
