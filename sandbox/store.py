"""What the sandbox remembers: accounts, codes, tokens and the ledger of published posts.

SQLite from the standard library: in memory for tests; a file in development so
that connected accounts and the timeline survive a restart of the server. One
connection behind a lock: every check-then-write (a duplicate check and the
publish it guards, a refresh token and its rotation) is atomic.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from contextlib import contextmanager
from typing import Any, Callable, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    network TEXT NOT NULL, id TEXT NOT NULL, handle TEXT NOT NULL, name TEXT NOT NULL,
    email TEXT NOT NULL, PRIMARY KEY (network, id), UNIQUE (network, handle));
CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY, network TEXT NOT NULL, account_id TEXT NOT NULL,
    client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL,
    challenge TEXT, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, network TEXT NOT NULL, kind TEXT NOT NULL, grant_id TEXT NOT NULL,
    account_id TEXT NOT NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL,
    expires_at REAL, spent INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS grants (
    id TEXT PRIMARY KEY, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS posts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, network TEXT NOT NULL, id TEXT NOT NULL,
    author TEXT NOT NULL, text TEXT NOT NULL, link TEXT, created_at REAL NOT NULL,
    deleted_at REAL, duplicate_attempts INTEGER NOT NULL DEFAULT 0, UNIQUE (network, id));
CREATE INDEX IF NOT EXISTS posts_by_author ON posts (network, author, created_at);
"""
CODE_LIFETIME = 600.0
DUPLICATE_WINDOW = 24 * 3600.0


@dataclass(frozen=True)
class Account:
    network: str
    id: str
    handle: str
    name: str
    email: str


@dataclass(frozen=True)
class Code:
    account: Account
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    challenge: str | None


@dataclass(frozen=True)
class Grant:
    """What a valid token stands for."""

    account: Account
    grant_id: str
    client_id: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class Post:
    network: str
    id: str
    author: str
    text: str
    link: dict[str, str] | None
    created_at: float
    deleted_at: float | None
    # Publishes of the same text refused since: a double publish that the network's
    # duplicate check hid still shows here.
    duplicate_attempts: int = 0


class Store:
    def __init__(self, path: str | None = None, *, clock: Callable[[], float] = time.time):
        self.clock = clock
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False,
                                   isolation_level=None)
        self._db.row_factory = sqlite3.Row
        # executescript commits on its own: it runs outside _transaction.
        self._db.executescript(SCHEMA)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # accounts -----------------------------------------------------------------------------

    def account(self, network: str, handle: str, name: str = "", email: str = "") -> Account:
        """The account with this handle, created on first use (the sandbox's sign-up)."""
        with self._transaction() as db:
            row = db.execute("SELECT * FROM accounts WHERE network = ? AND handle = ?",
                             (network, handle)).fetchone()
            if row is None:
                count = db.execute("SELECT COUNT(*) FROM accounts WHERE network = ?",
                                   (network,)).fetchone()[0]
                # X user ids are numeric strings; LinkedIn subs are short opaque strings.
                new_id = str(1_500_000_000_000_000_000 + count + 1) if network == "x" \
                    else secrets.token_urlsafe(8)
                db.execute("INSERT INTO accounts VALUES (?, ?, ?, ?, ?)",
                           (network, new_id, handle, name or handle,
                            email or f"{handle}@example.com"))
                row = db.execute("SELECT * FROM accounts WHERE network = ? AND id = ?",
                                 (network, new_id)).fetchone()
            return _account(row)

    # authorization codes ------------------------------------------------------------------

    def issue_code(self, account: Account, client_id: str, redirect_uri: str,
                   scopes: tuple[str, ...], challenge: str | None) -> str:
        code = secrets.token_urlsafe(24)
        with self._transaction() as db:
            db.execute("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (code, account.network, account.id, client_id, redirect_uri,
                        " ".join(scopes), challenge, self.clock() + CODE_LIFETIME))
        return code

    def take_code(self, network: str, code: str) -> Code | None:
        """The code's grant, consumed: a code works once."""
        with self._transaction() as db:
            row = db.execute("SELECT * FROM codes WHERE code = ? AND network = ?",
                             (code, network)).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM codes WHERE code = ?", (code,))
            if row["expires_at"] < self.clock():
                return None
            account = _account(db.execute(
                "SELECT * FROM accounts WHERE network = ? AND id = ?",
                (network, row["account_id"])).fetchone())
            return Code(account, row["client_id"], row["redirect_uri"],
                        tuple(row["scopes"].split()), row["challenge"])

    # tokens -------------------------------------------------------------------------------

    def issue_tokens(self, account: Account, client_id: str, scopes: tuple[str, ...], *,
                     access_lifetime: float, refresh: bool,
                     grant_id: str | None = None) -> tuple[str, str | None]:
        """A new access token (and refresh token) in a new grant, or in `grant_id`."""
        prefix = "AQ" if account.network == "linkedin" else ""
        access = prefix + secrets.token_urlsafe(40)
        refresh_token = prefix + secrets.token_urlsafe(40) if refresh else None
        with self._transaction() as db:
            if grant_id is None:
                grant_id = secrets.token_hex(8)
                db.execute("INSERT INTO grants (id) VALUES (?)", (grant_id,))
            rows = [(access, "access", self.clock() + access_lifetime)]
            if refresh_token:
                rows.append((refresh_token, "refresh", None))
            for token, kind, expires_at in rows:
                db.execute("INSERT INTO tokens (token, network, kind, grant_id, account_id, "
                           "client_id, scopes, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (token, account.network, kind, grant_id, account.id, client_id,
                            " ".join(scopes), expires_at))
        return access, refresh_token

    def grant_of(self, network: str, token: str, kind: str = "access") -> Grant | None:
        """Who a live token stands for; None if unknown, expired, spent or revoked."""
        with self._transaction() as db:
            row = _live_token(db, network, token, kind, self.clock())
            return _grant(db, row) if row else None

    def spend_refresh_token(self, network: str, token: str, client_id: str) -> Grant | None:
        """The grant of a live refresh token, which stops working now (rotation)."""
        with self._transaction() as db:
            row = _live_token(db, network, token, "refresh", self.clock())
            if row is None or row["client_id"] != client_id:
                return None
            db.execute("UPDATE tokens SET spent = 1 WHERE token = ?", (token,))
            return _grant(db, row)

    def revoke(self, network: str, token: str, client_id: str) -> bool:
        """Revokes the whole grant the token belongs to (every token of that connection)."""
        with self._transaction() as db:
            row = db.execute("SELECT grant_id, client_id FROM tokens WHERE token = ? AND "
                             "network = ?", (token, network)).fetchone()
            if row is None or row["client_id"] != client_id:
                return False
            db.execute("UPDATE grants SET revoked = 1 WHERE id = ?", (row["grant_id"],))
            return True

    def token_state(self, network: str, token: str) -> str:
        """unknown | expired | revoked | spent | live: what error a network answers."""
        with self._transaction() as db:
            row = db.execute("SELECT t.*, g.revoked FROM tokens t JOIN grants g ON "
                             "g.id = t.grant_id WHERE t.token = ? AND t.network = ?",
                             (token, network)).fetchone()
        if row is None:
            return "unknown"
        if row["revoked"]:
            return "revoked"
        if row["spent"]:
            return "spent"
        if row["expires_at"] is not None and row["expires_at"] <= self.clock():
            return "expired"
        return "live"

    def expire_access_tokens(self, network: str) -> int:
        with self._transaction() as db:
            return db.execute("UPDATE tokens SET expires_at = ? WHERE network = ? AND "
                              "kind = 'access' AND expires_at > ?",
                              (self.clock() - 1, network, self.clock())).rowcount

    # the ledger ---------------------------------------------------------------------------

    def publish(self, network: str, author: str, text: str, link: dict[str, str] | None,
                new_id: Callable[[int], str]) -> tuple[Post, Post | None]:
        """(the new post, None), or (the earlier identical post, itself) when the same
        author published the same text within 24 hours and it is still there."""
        now = self.clock()
        with self._transaction() as db:
            earlier = db.execute(
                "SELECT * FROM posts WHERE network = ? AND author = ? AND text = ? AND "
                "created_at > ? AND deleted_at IS NULL ORDER BY seq DESC LIMIT 1",
                (network, author, text, now - DUPLICATE_WINDOW)).fetchone()
            if earlier is not None:
                db.execute("UPDATE posts SET duplicate_attempts = duplicate_attempts + 1 "
                           "WHERE seq = ?", (earlier["seq"],))
                post = _post(earlier)
                return post, post
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM posts").fetchone()[0]
            post_id = new_id(seq)
            db.execute("INSERT INTO posts (seq, network, id, author, text, link, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (seq, network, post_id, author, text,
                        json.dumps(link) if link else None, now))
            return Post(network, post_id, author, text, link, now, None), None

    def latest_post(self, network: str, author: str) -> Post | None:
        with self._transaction() as db:
            row = db.execute("SELECT * FROM posts WHERE network = ? AND author = ? "
                             "ORDER BY seq DESC LIMIT 1", (network, author)).fetchone()
        return _post(row) if row else None

    def delete_post(self, network: str, post_id: str, author: str) -> str:
        """deleted | missing (unknown or already deleted) | forbidden (someone else's)."""
        with self._transaction() as db:
            row = db.execute("SELECT * FROM posts WHERE network = ? AND id = ?",
                             (network, post_id)).fetchone()
            if row is None or row["deleted_at"] is not None:
                return "missing"
            if row["author"] != author:
                return "forbidden"
            db.execute("UPDATE posts SET deleted_at = ? WHERE seq = ?",
                       (self.clock(), row["seq"]))
            return "deleted"

    def posts(self, network: str | None = None) -> list[Post]:
        """The ledger, oldest first, deleted posts included (marked)."""
        with self._transaction() as db:
            rows = db.execute("SELECT * FROM posts WHERE ? IS NULL OR network = ? ORDER BY seq",
                              (network, network)).fetchall()
        return [_post(row) for row in rows]

    def accounts(self, network: str) -> dict[str, Account]:
        with self._transaction() as db:
            rows = db.execute("SELECT * FROM accounts WHERE network = ?", (network,)).fetchall()
        return {row["id"]: _account(row) for row in rows}

    def reset(self) -> None:
        with self._transaction() as db:
            for table in ("posts", "tokens", "grants", "codes", "accounts"):
                db.execute(f"DELETE FROM {table}")


def _live_token(db: sqlite3.Connection, network: str, token: str, kind: str,
                now: float) -> sqlite3.Row | None:
    return db.execute(
        "SELECT t.* FROM tokens t JOIN grants g ON g.id = t.grant_id WHERE t.token = ? AND "
        "t.network = ? AND t.kind = ? AND t.spent = 0 AND g.revoked = 0 AND "
        "(t.expires_at IS NULL OR t.expires_at > ?)", (token, network, kind, now)).fetchone()


def _grant(db: sqlite3.Connection, row: sqlite3.Row) -> Grant:
    account = db.execute("SELECT * FROM accounts WHERE network = ? AND id = ?",
                         (row["network"], row["account_id"])).fetchone()
    return Grant(_account(account), row["grant_id"], row["client_id"],
                 tuple(row["scopes"].split()))


def _account(row: sqlite3.Row) -> Account:
    return Account(row["network"], row["id"], row["handle"], row["name"], row["email"])


def _post(row: sqlite3.Row) -> Post:
    return Post(row["network"], row["id"], row["author"], row["text"],
                json.loads(row["link"]) if row["link"] else None, row["created_at"],
                row["deleted_at"], row["duplicate_attempts"])


def post_json(post: Post, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": post.id, "author": post.author, "text": post.text, "link": post.link,
            "created_at": post.created_at, "deleted": post.deleted_at is not None,
            "duplicate_attempts": post.duplicate_attempts, **(extra or {})}
