"""`python main.py tokens rotate`: re-encrypt every stored token under the first key.

Rotating COMPTOIR_TOKEN_KEY: put the new key first and keep the old ones after
it, restart the web and worker processes (so that they encrypt with the new
key), run this command, then remove the old keys. Safe to run while the worker
publishes: each row is rewritten only if its ciphertext has not changed since
it was read (an X refresh rotating the token meanwhile wins, and is already
under the new key), and a second run finishes whatever the first one left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click
from sqlalchemy import select, update

from core.config import load_settings
from core.crypto import TokenCipher, TokenDecryptError
from core.database import Database

BATCH_SIZE = 200


@dataclass
class RotationReport:
    rotated: int = 0
    current: int = 0
    changed_meanwhile: int = 0
    unreadable: list[tuple[str, int, str]] = field(default_factory=list)  # table, id, column


def encrypted_columns():
    """(model, token columns) for every table holding ciphertext."""
    from advocacy.models.accounts import SocialAccount

    return [(SocialAccount, ("access_token", "refresh_token"))]


def rotate_stored_tokens(database: Database, cipher: TokenCipher, *,
                         batch_size: int = BATCH_SIZE) -> RotationReport:
    report = RotationReport()
    for model, columns in encrypted_columns():
        last_id = 0
        while True:
            with database.system_session() as db:
                rows = db.execute(select(model.id, *[getattr(model, c) for c in columns])
                                  .where(model.id > last_id).order_by(model.id)
                                  .limit(batch_size)).all()
                if not rows:
                    break
                for row in rows:
                    _rotate_row(db, model, columns, row, cipher, report)
                db.commit()
                last_id = rows[-1][0]
    return report


def _rotate_row(db, model, columns, row, cipher: TokenCipher, report: RotationReport) -> None:
    for column, ciphertext in zip(columns, row[1:]):
        if ciphertext is None:
            continue
        if cipher.is_current(ciphertext):
            report.current += 1
            continue
        try:
            rotated = cipher.rotate(ciphertext)
        except TokenDecryptError:
            report.unreadable.append((model.__tablename__, row[0], column))
            continue
        # Compare-and-set: never write back over a token changed since it was read.
        changed = db.execute(update(model).where(model.id == row[0],
                                                 getattr(model, column) == ciphertext)
                             .values({column: rotated})).rowcount
        if changed:
            report.rotated += 1
        else:
            report.changed_meanwhile += 1


@click.group(help="X and LinkedIn tokens stored for connected accounts.")
def tokens() -> None:
    pass


@tokens.command(help="Re-encrypt every stored token with the first COMPTOIR_TOKEN_KEY key.")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1))
def rotate(batch_size: int) -> None:
    settings = load_settings()
    database = Database(settings.resolved_database_url)
    try:
        report = rotate_stored_tokens(database, TokenCipher(settings.token_key),
                                      batch_size=batch_size)
    finally:
        database.dispose()
    click.echo(f"{report.rotated} token(s) re-encrypted with the first key; "
               f"{report.current} already were; "
               f"{report.changed_meanwhile} changed meanwhile (left as written).")
    if report.unreadable:
        for table, row_id, column in report.unreadable:
            click.echo(f"  {table} #{row_id} {column}: does not decrypt with any key", err=True)
        raise click.ClickException(
            f"{len(report.unreadable)} token(s) do not decrypt with any COMPTOIR_TOKEN_KEY "
            "key: keep the old keys until these accounts reconnect.")
