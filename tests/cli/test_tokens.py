"""`tokens rotate`: every stored token ends under the first key, none is lost or clobbered."""

from __future__ import annotations

from sqlalchemy import select

from advocacy.models import SocialAccount
from cli.tokens import RotationReport, _rotate_row, rotate_stored_tokens
from core.crypto import TokenCipher
from tests.factories import make_firm, make_person
from tests.support import command_env, run_main

OLD_KEY = TokenCipher.generate_key()
NEW_KEY = TokenCipher.generate_key()


def store_accounts(db, cipher: TokenCipher, count: int) -> dict[int, tuple[str, str | None]]:
    """Connected accounts with encrypted tokens; returns id -> the plaintext pair."""
    firm = make_firm(db)
    plaintexts = {}
    for number in range(count):
        person = make_person(db, firm, f"Personne {number}")
        access, refresh = f"access-{number}-secret", f"refresh-{number}-secret" \
            if number % 2 == 0 else None
        account = SocialAccount(
            tenant_id=firm.tenant_id, user_id=person.user_id, network="x",
            member_id=str(1000 + number), access_token=cipher.encrypt(access),
            refresh_token=cipher.encrypt(refresh) if refresh else None)
        db.add(account)
        db.flush()
        plaintexts[account.id] = (access, refresh)
    db.commit()
    return plaintexts


def stored(database) -> dict[int, tuple[str, str | None]]:
    with database.system_session() as db:
        return {row.id: (row.access_token, row.refresh_token)
                for row in db.execute(select(SocialAccount.id, SocialAccount.access_token,
                                             SocialAccount.refresh_token))}


def test_rotation_moves_every_token_to_the_new_key_in_batches(db, clean_database):
    plaintexts = store_accounts(db, TokenCipher([OLD_KEY]), 5)

    report = rotate_stored_tokens(clean_database, TokenCipher([NEW_KEY, OLD_KEY]),
                                  batch_size=2)

    assert (report.rotated, report.current, report.unreadable) == (8, 0, [])
    only_new = TokenCipher([NEW_KEY])
    for account_id, (access, refresh) in stored(clean_database).items():
        assert only_new.decrypt(access) == plaintexts[account_id][0]
        assert (only_new.decrypt(refresh) if refresh else None) == plaintexts[account_id][1]


def test_a_second_run_has_nothing_left_to_do(db, clean_database):
    store_accounts(db, TokenCipher([OLD_KEY]), 3)
    cipher = TokenCipher([NEW_KEY, OLD_KEY])
    rotate_stored_tokens(clean_database, cipher)
    after_first = stored(clean_database)

    again = rotate_stored_tokens(clean_database, cipher)

    assert (again.rotated, again.current) == (0, 5)
    assert stored(clean_database) == after_first


def test_a_token_changed_since_it_was_read_is_left_as_written(db, clean_database):
    store_accounts(db, TokenCipher([OLD_KEY]), 1)
    cipher = TokenCipher([NEW_KEY, OLD_KEY])
    [(account_id, (stale_access, _))] = stored(clean_database).items()
    # Meanwhile the worker refreshed the account and stored a new token.
    account = db.get(SocialAccount, account_id)
    account.access_token = cipher.encrypt("refreshed-access")
    db.commit()
    report = RotationReport()

    with clean_database.system_session() as session:
        _rotate_row(session, SocialAccount, ("access_token",), (account_id, stale_access),
                    cipher, report)
        session.commit()

    assert (report.rotated, report.changed_meanwhile) == (0, 1)
    assert cipher.decrypt(stored(clean_database)[account_id][0]) == "refreshed-access"


def test_the_command_reports_and_fails_on_a_token_no_key_decrypts(db, clean_database,
                                                                   database_url):
    store_accounts(db, TokenCipher([OLD_KEY]), 2)
    lost = TokenCipher([TokenCipher.generate_key()]).encrypt("lost-token-secret")
    account = db.scalars(select(SocialAccount)).first()
    account.access_token = lost
    db.commit()
    env = command_env(COMPTOIR_DATABASE_URL=database_url,
                      COMPTOIR_TOKEN_KEY=f"{NEW_KEY},{OLD_KEY}")

    result = run_main("tokens", "rotate", env=env)

    assert result.returncode == 1
    assert "2 token(s) re-encrypted" in result.stdout
    assert f"advocacy_accounts #{account.id} access_token" in result.stderr
    assert "secret" not in result.stdout + result.stderr
    assert NEW_KEY not in result.stdout + result.stderr
    assert stored(clean_database)[account.id][0] == lost
