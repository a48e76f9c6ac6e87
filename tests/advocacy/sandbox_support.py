"""The gateway as it runs for real, against the sandbox providers.

A `Runtime` aimed at a SandboxServer (its publishers, its OAuth clients, its token
cipher are the production ones), accounts connected through the sandbox's OAuth or
its control API, ledger checks, and `python main.py worker` processes that are always
stopped, whatever the test's outcome.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from advocacy.models import Delivery, SocialAccount
from advocacy.services import accounts
from core.config import PROJECT_ROOT, load_settings
from core.crypto import TokenCipher
from core.database import Database
from core.runtime import Runtime
from integrations.google.oidc import new_pkce_pair
from integrations.oauth import TokenSet
from social.actor import Actor
from tests.conftest import TEST_SECRET_KEY
from tests.fakes.sandbox import SandboxServer, complete_authorization
from tests.support import command_env

BASE_URL = "https://comptoir.example.fr"
TOKEN_KEY = TokenCipher.generate_key()  # this test run's key: the tests and the workers share it
T = TypeVar("T")


def sandbox_runtime(database: Database, sandbox: SandboxServer, **overrides) -> Runtime:
    """The production Runtime, its X and LinkedIn settings aimed at `sandbox`, on the test
    database (its engine is shared: the test sees what the worker commits)."""
    settings = load_settings(environ={}, overrides={
        "database_url": database.url, "secret_key": TEST_SECRET_KEY, "token_key": (TOKEN_KEY,),
        "base_url": BASE_URL, **sandbox.settings(), **overrides})
    return Runtime(settings=settings, database=database)


def connect_through_oauth(db: Session, runtime: Runtime, person: Actor, network: str,
                          handle: str, name: str = "",
                          now: datetime | None = None) -> TokenSet:
    """What connecting an account does: the person authorizes Comptoir at the network,
    the code is exchanged (with PKCE on X), the token tells who it is, all is stored."""
    oauth = runtime.x_oauth if network == "x" else runtime.linkedin_oauth
    pkce = new_pkce_pair()
    redirect_uri = f"{BASE_URL}/accounts/{network}/callback"
    state = f"state-{network}-{person.user_id}-" + "s" * 24
    back = complete_authorization(
        oauth.authorization_url(redirect_uri=redirect_uri, state=state,
                                code_challenge=pkce.challenge), handle, name)
    assert back["state"] == state
    tokens = oauth.exchange_code(redirect_uri=redirect_uri, code=back["code"],
                                 code_verifier=pkce.verifier)
    identity = oauth.identify(tokens.access_token)
    accounts.connect_account(db, person, network, member_id=identity.member_id,
                             display_name=identity.name, access_token=tokens.access_token,
                             refresh_token=tokens.refresh_token, expires_at=tokens.expires_at,
                             cipher=runtime.token_cipher, now=now)
    return tokens


def connect_through_control(db: Session, cipher, sandbox: SandboxServer, person: Actor,
                            network: str, handle: str, now: datetime) -> dict:
    """A sandbox account and its tokens without the OAuth pages (quicker, for many people).
    Returns the sandbox's answer: member_id, access_token, refresh_token, expires_in."""
    account = sandbox.account(network, handle, handle.replace("-", " ").title())
    accounts.connect_account(db, person, network, member_id=account["member_id"],
                             display_name=account["name"], access_token=account["access_token"],
                             refresh_token=account.get("refresh_token"),
                             expires_at=now + timedelta(seconds=account["expires_in"]),
                             cipher=cipher, now=now)
    return account


def stored(db: Session, model, row_id: int):
    """The row as committed now (not a stale copy), the read's transaction ended at once:
    on SQLite an open read would keep the worker's writes from being seen."""
    db.expire_all()
    row = db.scalar(select(model).where(model.id == row_id))
    db.commit()
    return row


def account_of(db: Session, person: Actor, network: str) -> SocialAccount:
    db.expire_all()
    row = db.scalar(select(SocialAccount).where(SocialAccount.user_id == person.user_id,
                                                SocialAccount.network == network))
    db.commit()
    return row


def posts_of(sandbox: SandboxServer, delivery: Delivery, member_id: str) -> list[dict]:
    """The ledger's posts that are this delivery: its frozen text, by its account."""
    return [post for post in sandbox.ledger(delivery.network)
            if post["text"] == delivery.text and post["author"] == member_id]


def assert_at_most_one_post_each(db: Session, sandbox: SandboxServer,
                                 delivery_ids: list[int]) -> None:
    """What the outcomes table promises whatever happened: never two posts for a delivery
    (a retry the network refused as a duplicate shows in `duplicate_attempts`, not here)."""
    for delivery_id in delivery_ids:
        delivery = stored(db, Delivery, delivery_id)
        member_id = db.scalar(select(SocialAccount.member_id).where(
            SocialAccount.user_id == delivery.user_id, SocialAccount.network == delivery.network))
        db.commit()
        assert len(posts_of(sandbox, delivery, member_id)) <= 1, delivery.text


def drain(db: Session, job, runtime, at: datetime, *, rounds: int = 100) -> None:
    """Runs the delivery job at `at` until it has nothing left to do. A job that never
    runs out of work (a delivery put back and taken again forever) fails the test
    instead of hanging it."""
    for _ in range(rounds):
        db.commit()  # the test's session must not hold SQLite's write lock
        if not job.run_due(runtime, at):
            return
    raise AssertionError(f"the delivery job still had work after {rounds} rounds at {at}")


def utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc)


def wait_for(condition: Callable[[], T], what: str, *, timeout: float = 90.0,
             interval: float = 0.05) -> T:
    """Polls until `condition()` is truthy; a generous deadline, never a timing claim."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting, after {timeout:.0f}s, for {what}")
        time.sleep(interval)


def worker_environment(database_url: str, sandbox: SandboxServer, instance: Path,
                       **extra: str) -> dict[str, str]:
    """What a `python main.py worker` process is started with: the test database, the
    sandbox as X and LinkedIn, this run's token key, nothing of the developer's own."""
    return command_env(**sandbox.environment(), COMPTOIR_DATABASE_URL=database_url,
                       COMPTOIR_TOKEN_KEY=TOKEN_KEY, COMPTOIR_SECRET_KEY=TEST_SECRET_KEY,
                       COMPTOIR_INSTANCE_PATH=str(instance), COMPTOIR_BASE_URL=BASE_URL,
                       PYTHONUNBUFFERED="1", **extra)


class Workers:
    """Worker processes started by a test; `stop_all` ends every one still running."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env = env
        self.logs = logs
        self.processes: list[subprocess.Popen] = []
        self._log_of: dict[int, Path] = {}  # pid -> its output (kept for the failure report)

    def start(self, *args: str) -> subprocess.Popen:
        log = self.logs / f"worker-{len(self.processes) + 1}.log"
        with log.open("w") as output:
            process = subprocess.Popen([sys.executable, "main.py", "worker", *args],
                                       cwd=PROJECT_ROOT, env=self.env, stdout=output,
                                       stderr=subprocess.STDOUT)
        self._log_of[process.pid] = log
        self.processes.append(process)
        return process

    def output(self, process: subprocess.Popen) -> str:
        return self._log_of[process.pid].read_text()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # the worker finishes its item and exits
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextmanager
def worker_processes(env: dict[str, str], logs: Path) -> Iterator[Workers]:
    workers = Workers(env, logs)
    try:
        yield workers
    except BaseException:
        workers.stop_all()
        for process in workers.processes:  # shown with the failure: what each worker said
            print(f"--- worker {process.pid} (exit {process.returncode}):\n"
                  f"{workers.output(process)}")
        raise
    finally:
        workers.stop_all()
