"""Abuse limits hold across gunicorn processes: three workers, one counter.

Gunicorn serves the app as in production; eight clients post comments at once as the
same person. Whichever process answers, exactly the limit is let through, the rest get
429 with Retry-After, and the database holds exactly the comments acknowledged. Run with
the counters in the database (SQLite's single writer, PostgreSQL's upsert) and in Redis.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from core.config import PROJECT_ROOT
from core.rate_limits.redis import PREFIX
from social.models import Comment
from tests.conftest import TEST_SECRET_KEY
from tests.factories import make_firm, make_person, make_post, make_space
from tests.rate_limit_support import REDIS_URL, drop_prefix, redis_client
from tests.web.conftest import TEST_CSRF

LIMIT = 7
ATTEMPTS = 40


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, environment: dict[str, str], workers: int = 3):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "main:create_app()", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=PROJECT_ROOT, env={**os.environ, **environment},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read().decode()[-3000:])
            try:
                if requests.get(f"{self.url}/healthz", timeout=10).ok:
                    return self
            except requests.RequestException:  # still starting
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def _session_cookie(app, person) -> str:
    """The cookie the sign-in callback would set (the processes share the secret key)."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"uid": person.user_id, "tid": person.tenant_id,
                             "csrf_token": TEST_CSRF, "_permanent": True})


@pytest.fixture(params=["database", "redis"])
def counters(request):
    """Gunicorn's processes keep Redis's default key prefix: this is the one test that
    uses it, and it starts and ends with it empty."""
    if request.param == "database":
        yield {}
        return
    client = redis_client()
    drop_prefix(client, PREFIX)
    yield {"COMPTOIR_REDIS_URL": REDIS_URL}
    drop_prefix(client, PREFIX)


def test_a_person_gets_exactly_the_limit_whichever_process_answers(make_app, db, database_url,
                                                                   counters):
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    lea = make_person(db, firm, "Léa Martin")
    post = make_post(db, lea, make_space(db, lea, "Projets"), "Le CCTP est prêt")
    db.commit()
    app = make_app(secret_key=TEST_SECRET_KEY)
    cookie = _session_cookie(app, lea)
    environment = {"COMPTOIR_DATABASE_URL": database_url, "COMPTOIR_SECRET_KEY": TEST_SECRET_KEY,
                   "COMPTOIR_RATE_LIMITS": f"comment={LIMIT}/1d",
                   "COMPTOIR_TENANT_RATE_LIMITS": "comment=1000/1d",
                   "COMPTOIR_LOG_LEVEL": "WARNING", **counters}

    def post_comment(number: int) -> requests.Response:
        return requests.post(f"{server.url}/posts/{post.id}/comments",
                             data={"csrf_token": TEST_CSRF, "body": f"Commentaire {number}"},
                             cookies={"comptoir_session": cookie},
                             headers={"X-Requested-With": "fetch"}, timeout=30)

    with Gunicorn(environment) as server, ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post_comment, range(ATTEMPTS)))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(200) == LIMIT and statuses.count(429) == ATTEMPTS - LIMIT, statuses
    assert all(0 < int(answer.headers["Retry-After"]) <= 86400
               for answer in answers if answer.status_code == 429)
    db.commit()
    assert db.scalar(select(func.count()).select_from(Comment)) == LIMIT
