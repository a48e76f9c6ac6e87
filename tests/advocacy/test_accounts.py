"""Connected accounts: tokens stored encrypted only, reconnecting, disconnecting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from advocacy.models import DeletionRequest, Delivery, SocialAccount
from advocacy.services import accounts, published, sharing
from social.errors import Conflict, InvalidInput, NotFound
from tests.advocacy.world import BASE_URL, CIPHER, NOW, approved, connect


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


def stored(db, person, network) -> SocialAccount:
    return db.scalar(select(SocialAccount).where(SocialAccount.user_id == person.user_id,
                                                 SocialAccount.network == network))


def test_tokens_are_stored_encrypted_and_never_shown(db, world):
    view = connect(db, world.moderator, "x", access_token="secret-access-token",
                   refresh_token="secret-refresh-token")
    assert not any("secret" in str(value) for value in vars(view).values())
    row = stored(db, world.moderator, "x")
    assert CIPHER.decrypt(row.access_token) == "secret-access-token"
    dump = " ".join(str(cell) for row in db.execute(text(
        "SELECT access_token, refresh_token, member_id FROM advocacy_accounts")) for cell in row)
    assert "secret-access-token" not in dump and "secret-refresh-token" not in dump


def test_reconnecting_the_same_member_keeps_the_refresh_token_when_none_is_given(db, world):
    connect(db, world.moderator, "x", member_id="42", refresh_token="refresh-1")
    connect(db, world.moderator, "x", member_id="42", access_token="access-2",
            refresh_token=None)
    row = stored(db, world.moderator, "x")
    assert CIPHER.decrypt(row.refresh_token) == "refresh-1"
    assert CIPHER.decrypt(row.access_token) == "access-2" and row.status == "connected"
    connect(db, world.moderator, "x", member_id="43", refresh_token=None)
    assert stored(db, world.moderator, "x").refresh_token is None  # another member's account


def test_disconnecting_revokes_forgets_and_cancels_what_waits(db, world):
    proposal = approved(db, world)
    waiting = sharing.share_at_slot(db, world.lea, proposal.id, "linkedin",
                                    NOW + timedelta(hours=1), base_url=BASE_URL, now=NOW)
    revoked = []
    accounts.disconnect_account(db, world.lea, "linkedin", cipher=CIPHER, revoke=revoked.append,
                                now=NOW)
    assert revoked == [f"linkedin-access-{world.lea.user_id}"]
    assert stored(db, world.lea, "linkedin") is None
    delivery = db.scalar(select(Delivery).where(Delivery.id == waiting.id))
    assert (delivery.status, delivery.failure_code) == ("cancelled", "disconnected")
    with pytest.raises(NotFound):
        accounts.disconnect_account(db, world.lea, "linkedin", cipher=CIPHER, now=NOW)


def test_a_failed_revocation_still_forgets_the_token(db, world):
    def refuse(token):
        raise ConnectionError("provider down")

    accounts.disconnect_account(db, world.paul, "x", cipher=CIPHER, revoke=refuse, now=NOW)
    assert stored(db, world.paul, "x") is None


def test_linkedin_accounts_are_reminded_a_week_before_expiry_then_need_reconnecting(db, world):
    connect(db, world.moderator, "linkedin", expires_at=NOW + timedelta(days=6))
    due = [a.user_id for a in accounts.accounts_to_remind(db, NOW)]
    assert world.moderator.user_id in due
    account = stored(db, world.moderator, "linkedin")
    accounts.mark_reminded(db, account.id, NOW)
    assert world.moderator.user_id not in [a.user_id for a in
                                           accounts.accounts_to_remind(db, NOW)]
    accounts.mark_expired_accounts(db, NOW + timedelta(days=6))
    db.expire_all()
    assert stored(db, world.moderator, "linkedin").status == "reconnect_needed"


def test_an_unknown_network_is_refused(db, world):
    with pytest.raises(InvalidInput):
        connect(db, world.moderator, "mastodon")
    assert [a.network for a in accounts.my_accounts(db, world.lea)] == ["linkedin", "x"]


def test_a_share_on_a_disconnected_account_is_not_queued_for_deletion(db, world):
    proposal = approved(db, world)
    view = sharing.share_now(db, world.paul, proposal.id, "linkedin", base_url=BASE_URL,
                             now=NOW)
    delivery = db.scalar(select(Delivery).where(Delivery.id == view.id))
    delivery.status, delivery.external_id = "sent", "urn:li:share:1"
    db.commit()
    accounts.disconnect_account(db, world.paul, "linkedin", cipher=CIPHER, now=NOW)
    db.expire_all()
    with pytest.raises(Conflict):
        published.delete_my_published_share(db, world.paul, view.id, now=NOW)
    assert db.scalar(select(DeletionRequest.id)) is None
