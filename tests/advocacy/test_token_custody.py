"""X and LinkedIn tokens in Comptoir's keeping: never stored in clear, re-encrypted when
the keys rotate, revoked at the network and forgotten when the person disconnects.

Tokens come from the sandbox providers through the real OAuth adapters, are stored by
the services with the runtime's cipher (COMPTOIR_TOKEN_KEY), and are refreshed by the
delivery worker, as in production.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import MetaData, select
from sqlalchemy.engine import make_url

from advocacy.models import Delivery, SocialAccount
from advocacy.services import accounts, rules as rule_service, sharing
from advocacy.worker import DeliveryJob
from core.clock import utcnow
from core.crypto import TokenCipher, TokenDecryptError
from integrations.oauth import OAuthError
from social.models import AuditEntry
from tests.advocacy.sandbox_support import (BASE_URL, account_of, connect_through_oauth,
                                            drain, sandbox_runtime, stored)
from tests.advocacy.world import approved, rules_document
from tests.factories import make_firm, make_person, make_space
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures
from tests.support import command_env, run_main


@dataclass
class Firm:
    admin: object
    author: object
    lea: object
    paul: object
    space_id: int  # with author and admin, what tests.advocacy.world.approved reads


def a_firm(db) -> Firm:
    firm = make_firm(db, "atelier-lumiere.fr", "Alice Admin")
    author = make_person(db, firm, "Anne Auteur")
    lea, paul = make_person(db, firm, "Léa Martin"), make_person(db, firm, "Paul Petit")
    space_id = make_space(db, author, "Communication", members=(lea, paul))
    rule_service.set_rules(db, firm.admin, rules_document())
    return Firm(firm.admin, author, lea, paul, space_id)


def connect_everyone(db, runtime, firm: Firm) -> list[str]:
    """Léa on X and LinkedIn, Paul on X, through OAuth; the plaintext tokens received."""
    received = []
    for person, network, handle in ((firm.lea, "x", "lea_x"), (firm.lea, "linkedin", "lea-in"),
                                    (firm.paul, "x", "paul_x")):
        tokens = connect_through_oauth(db, runtime, person, network, handle)
        received += [tokens.access_token] + ([tokens.refresh_token] if tokens.refresh_token
                                             else [])
    return received


def plaintexts_held(db, cipher) -> list[str]:
    rows = db.execute(select(SocialAccount.access_token, SocialAccount.refresh_token)).all()
    db.commit()
    return [cipher.decrypt(value) for row in rows for value in row if value]


def connected_and_refreshed(db, runtime, sandbox) -> tuple[list[str], list[str]]:
    """Accounts connected, then every X token refreshed by the worker (X answered 401).
    Returns (every plaintext token ever received, the stored ciphertexts)."""
    firm = a_firm(db)
    received = connect_everyone(db, runtime, firm)
    now = utcnow()
    proposal = approved(db, firm, "Le rapport annuel est en ligne", now=now)
    for person in (firm.lea, firm.paul):
        sharing.share_now(db, person, proposal.id, "x", base_url=BASE_URL, now=now)
    sandbox.expire_tokens("x")
    drain(db, DeliveryJob(), runtime, now)
    assert len(sandbox.ledger("x")) == 2 and sandbox.hits["/x/2/oauth2/token"] == 2 + 2
    fresh = plaintexts_held(db, runtime.token_cipher)
    assert len(set(fresh) - set(received)) == 4  # both X pairs were replaced
    ciphertexts = [value for row in db.execute(
        select(SocialAccount.access_token, SocialAccount.refresh_token)) for value in row if value]
    db.commit()
    return received + fresh, ciphertexts


def reflected_dump(database) -> str:
    """Every value of every column of every table, as the database holds them, found
    by reflection (so a table or column added later is searched too)."""
    metadata = MetaData()
    metadata.reflect(database.engine)
    assert "advocacy_accounts" in metadata.tables
    lines = []
    with database.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(table.select()):
                lines.append(" | ".join(_text(value) for value in row))
    return "\n".join(lines)


def _text(value) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def test_a_dump_of_the_database_holds_no_plaintext_token(
        db, clean_database, sandbox_server):  # noqa: F811
    runtime = sandbox_runtime(clean_database, sandbox_server)
    plaintexts, ciphertexts = connected_and_refreshed(db, runtime, sandbox_server)

    dump = reflected_dump(clean_database)

    assert all(ciphertext in dump for ciphertext in ciphertexts)  # the dump does read them
    assert [token for token in plaintexts if token in dump] == []


def test_pg_dump_holds_no_plaintext_token(db, clean_database, database_url, dialect,
                                          sandbox_server):  # noqa: F811
    if dialect != "postgresql":
        pytest.skip("pg_dump dumps PostgreSQL; the reflected dump covers SQLite")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    runtime = sandbox_runtime(clean_database, sandbox_server)
    plaintexts, ciphertexts = connected_and_refreshed(db, runtime, sandbox_server)
    libpq_url = make_url(database_url).set(drivername="postgresql")

    dumped = subprocess.run(["pg_dump", "--data-only", "--no-owner",
                             libpq_url.render_as_string(hide_password=False)],
                            capture_output=True, text=True, timeout=120)

    if dumped.returncode != 0 and "version mismatch" in dumped.stderr:
        pytest.skip(f"this pg_dump cannot dump this server: {dumped.stderr.strip()}")
    assert dumped.returncode == 0, dumped.stderr
    assert all(ciphertext in dumped.stdout for ciphertext in ciphertexts)
    assert [token for token in plaintexts if token in dumped.stdout] == []


def test_keys_rotate_then_the_old_key_can_go(db, clean_database, database_url,
                                             sandbox_server, tmp_path):  # noqa: F811
    old, new = TokenCipher.generate_key(), TokenCipher.generate_key()
    before = sandbox_runtime(clean_database, sandbox_server, token_key=(old,))
    firm = a_firm(db)
    received = connect_everyone(db, before, firm)
    assert sorted(plaintexts_held(db, TokenCipher([old]))) == sorted(received)

    rotated = run_main("tokens", "rotate", env=command_env(
        COMPTOIR_DATABASE_URL=database_url, COMPTOIR_TOKEN_KEY=f"{new},{old}",
        COMPTOIR_INSTANCE_PATH=str(tmp_path)))

    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout.startswith(f"{len(received)} token(s) re-encrypted")
    # The old key removed: every token still decrypts, and none needs the old key.
    after = sandbox_runtime(clean_database, sandbox_server, token_key=(new,))
    assert sorted(plaintexts_held(db, after.token_cipher)) == sorted(received)
    with pytest.raises(TokenDecryptError):
        plaintexts_held(db, TokenCipher([old]))
    # And the worker, which now holds only the new key, publishes with them.
    now = utcnow()
    proposal = approved(db, firm, "Nouvelle clé, mêmes comptes", now=now)
    views = [sharing.share_now(db, firm.lea, proposal.id, network, base_url=BASE_URL, now=now)
             for network in ("x", "linkedin")]
    drain(db, DeliveryJob(), after, now)
    assert [stored(db, Delivery, view.id).status for view in views] == ["sent", "sent"]
    assert len(sandbox_server.ledger("x")) == len(sandbox_server.ledger("linkedin")) == 1


def revoker(oauth):
    """As the accounts page wires it: a revocation the network did not confirm fails."""
    def revoke(token: str) -> None:
        result = oauth.revoke(token)
        if not result.revoked:
            raise RuntimeError(result.detail)
    return revoke


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_disconnecting_revokes_the_token_at_the_network_and_deletes_it(
        db, clean_database, sandbox_server, network):  # noqa: F811
    runtime = sandbox_runtime(clean_database, sandbox_server)
    oauth = runtime.x_oauth if network == "x" else runtime.linkedin_oauth
    firm = a_firm(db)
    tokens = connect_through_oauth(db, runtime, firm.lea, network, "lea")
    ciphertext = account_of(db, firm.lea, network).access_token
    now = utcnow()
    proposal = approved(db, firm, "Un partage pour plus tard", now=now)
    later = sharing.share_at_slot(db, firm.lea, proposal.id, network, now + timedelta(hours=1),
                                  base_url=BASE_URL, now=now)
    assert oauth.identify(tokens.access_token)  # the token works until then

    accounts.disconnect_account(db, firm.lea, network, cipher=runtime.token_cipher,
                                revoke=revoker(oauth), now=now)

    revoke_path = "/x/2/oauth2/revoke" if network == "x" else "/linkedin/oauth/v2/revoke"
    assert sandbox_server.hits[revoke_path] == 1
    with pytest.raises(OAuthError) as refused:  # the network no longer accepts it
        oauth.identify(tokens.access_token)
    assert refused.value.reason == "refused"
    if tokens.refresh_token:  # X revokes the whole grant: no refresh brings it back
        with pytest.raises(OAuthError):
            oauth.refresh(tokens.refresh_token)
    assert account_of(db, firm.lea, network) is None
    assert ciphertext not in reflected_dump(clean_database)
    waiting = stored(db, Delivery, later.id)
    assert (waiting.status, waiting.failure_code) == ("cancelled", "disconnected")
    entry = db.scalar(select(AuditEntry).where(
        AuditEntry.action == "advocacy.account.disconnected"))
    assert entry.details["revoked"] is True
