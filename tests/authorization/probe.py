"""Sending one request as one actor, and reading what came back.

Web actors carry a session cookie written the way the sign-in callback writes it (with a
known CSRF token, so that a refusal is the app's authorization, not its CSRF check);
anonymous has the CSRF token and no person. Add-on actors send Google's verified system
token and their own minted ID token; anonymous sends none.
"""

from __future__ import annotations

import hashlib
from functools import cache
from dataclasses import dataclass

from sqlalchemy import String, cast, func, literal, select

from core.database import Base
from tests.addon.conftest import AddonClient
from tests.web.conftest import TEST_CSRF, enter_as
from integrations.google.local_keys import user_claims

# What a request may change without being a write of the route: counters of the rate
# limiter, a person's last visit, a feed token's last use, a click on a public link.
IGNORED_TABLES = frozenset({"rate_limit_counters", "advocacy_link_clicks"})
IGNORED_COLUMNS = frozenset({("users", "last_seen_at"), ("feed_tokens", "last_used_at"),
                             ("advocacy_links", "clicks"),
                             ("users", "directory_checked_at")})


@dataclass(frozen=True)
class Answer:
    outcome: str      # "ok", "sign_in", "error_card", or the status code
    status: int
    body: str


def web_client(app, person):
    """A browser signed in as `person` (tests/web's `enter_as`), or anonymous with only
    a CSRF token."""
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # the cookie is Secure in production
    if person is not None:
        return enter_as(client, person)
    with client.session_transaction() as session:
        session["csrf_token"] = TEST_CSRF
    return client


def web_answer(response) -> Answer:
    body = response.get_data().decode("utf-8", "replace")
    status = response.status_code
    location = response.headers.get("Location", "")
    response.close()
    if status in (301, 302, 303) and "/sign-in" in location:
        return Answer("sign_in", status, body + location)
    if status < 400:
        return Answer("ok", status, body + location)
    return Answer(str(status), status, body)


class AddonCaller(AddonClient):
    """The add-on client of tests/addon, minting tokens for people of the world."""

    def __init__(self, app, google, client_id: str):
        super().__init__(app, google)
        self.client_id = client_id

    def user_token(self, subject: tuple[str, str, str]) -> str:
        sub, email, domain = subject
        return self.google.key.mint(user_claims(audience=self.client_id, subject=sub,
                                                email=email, domain=domain, name="X"))

    def send(self, path: str, subject: tuple[str, str, str] | None, parameters: dict,
             form: dict, event_name: str = "homepage-drive.json") -> Answer:
        if subject is None:  # anonymous: no token, and an event nobody signed
            response = self.post(path, {"commonEventObject": {"parameters": parameters}},
                                 token=None, expect=None)
        else:
            event = self.event(None, event_name, parameters=parameters, form=form,
                               user_token=self.user_token(subject))
            response = self.post(path, event, expect=None)
        body = response.get_data(as_text=True)
        status = response.status_code
        if status >= 400:
            return Answer(str(status), status, body)
        return Answer("error_card" if _has_error_card(response.get_json()) else "ok", status,
                      body)


def _has_error_card(answer) -> bool:
    if isinstance(answer, dict):
        if answer.get("name") == "error" and "sections" in answer:
            return True
        return any(_has_error_card(value) for value in answer.values())
    if isinstance(answer, list):
        return any(_has_error_card(value) for value in answer)
    return False


def fingerprint(database) -> dict[str, str]:
    """A digest of every table's rows, less what a mere visit may change: one statement
    (it runs after every refused write), each table's rows as text, sorted here."""
    tables, statement = _fingerprint_statement(database.dialect)
    with database.engine.connect() as connection:
        texts = connection.execute(statement).one()
    return {table.name: hashlib.sha256("\n".join(sorted((text or "").split(ROW_END)))
                                       .encode()).hexdigest()
            for table, text in zip(tables, texts)}


ROW_END = "\x1e"  # the ASCII record separator: no text of the world contains it


@cache
def _fingerprint_statement(dialect: str):
    tables = [table for table in Base.metadata.sorted_tables if table.name not in IGNORED_TABLES]
    aggregate = func.string_agg if dialect == "postgresql" else func.group_concat
    return tables, select(*[_rows_as_text(table, aggregate).label(table.name)
                            for table in tables])


def _rows_as_text(table, aggregate):
    def shown(column):
        return func.coalesce(cast(column, String), literal("\x1d"))

    columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
    row = shown(columns[0])
    for column in columns[1:]:
        row = row.op("||")(literal("\x1f")).op("||")(shown(column))
    rows = select(row.label("row")).select_from(table).subquery()
    return select(aggregate(rows.c.row, literal(ROW_END))).scalar_subquery()


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def snapshot(database) -> dict[str, list[dict]]:
    """Every row of every table: the world as built, to come back to."""
    with database.engine.connect() as connection:
        return {table.name: [dict(row._mapping) for row in connection.execute(table.select())]
                for table in Base.metadata.sorted_tables}


def restore(database, rows: dict[str, list[dict]], tables: list[str]) -> None:
    """These tables as the world was built: a write an allowed actor made is undone before
    the next request, so every route meets the same objects. Only the changed tables are
    rewritten, foreign keys unchecked meanwhile (the end state is the snapshot's, which
    satisfies them); sequences move on, so new rows never reuse a snapshot id."""
    chosen = [table for table in Base.metadata.sorted_tables if table.name in tables]
    # Foreign keys (and their cascades) off for this connection, outside any transaction.
    off, on = (("SET session_replication_role = replica", "SET session_replication_role = DEFAULT")
               if database.dialect == "postgresql" else
               ("PRAGMA foreign_keys=OFF", "PRAGMA foreign_keys=ON"))
    with database.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        _run_outside_transactions(raw, off)
        try:
            with connection.begin():
                for table in chosen:
                    connection.execute(table.delete())
                    if rows[table.name]:
                        connection.execute(table.insert(), rows[table.name])
        finally:
            _run_outside_transactions(raw, on)


def _run_outside_transactions(raw, statement: str) -> None:
    cursor = raw.cursor()
    cursor.execute(statement)
    cursor.close()
    raw.commit()  # psycopg opened a transaction for it; SQLite is in autocommit
