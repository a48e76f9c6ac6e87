"""Someone leaves: their X and LinkedIn tokens are revoked and forgotten, what waits to go
out on their accounts is cancelled, their standing consents are withdrawn; what they wrote
stays, attributed. One firm built once; each test rolled back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.models import Delivery, SocialAccount, StandingConsent
from advocacy.offboarding.offboard import deactivate_and_offboard, offboard_person
from advocacy.services import consents, sharing
from integrations.oauth import Revocation
from social.errors import Conflict, Forbidden, NotFound
from social.models import AuditEntry, Post, User
from social.services import people
from tests.advocacy.world import BASE_URL, CIPHER, NOW, approved
from tests.factories import make_post


@pytest.fixture
def db(world, rolled_back_db):
    return rolled_back_db


class Provider:
    """A network's revocation endpoint: records what it was asked, answers as told."""

    def __init__(self, answer: bool = True, fails: bool = False):
        self.asked: list[tuple[str, str]] = []
        self.answer, self.fails = answer, fails

    def __call__(self, token: str, *, token_type_hint: str = "access_token") -> Revocation:
        self.asked.append((token, token_type_hint))
        if self.fails:
            raise ConnectionError("unreachable")
        return Revocation(self.answer, "" if self.answer else "the network said no")


def leaving_lea(db, world):
    """Léa has a share waiting on LinkedIn, a consent for X, and a post of her own."""
    proposal = approved(db, world)
    waiting = sharing.share_at_slot(db, world.lea, proposal.id, "linkedin",
                                    NOW + timedelta(hours=1), base_url=BASE_URL, now=NOW)
    consents.give_consent(db, world.lea, world.space_id, "x", now=NOW)
    post = make_post(db, world.lea, world.space_id, "Ce que j'ai appris cette année")
    return waiting, post


def audit(db, action: str) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)
                           .order_by(AuditEntry.id)))


def test_an_admin_deactivating_someone_revokes_forgets_cancels_and_withdraws(db, world):
    waiting, post = leaving_lea(db, world)
    x, linkedin = Provider(), Provider()

    deactivate_and_offboard(db, world.admin, world.lea.user_id, cipher=CIPHER,
                            revoke={"x": x, "linkedin": linkedin}, now=NOW)

    lea = world.lea.user_id
    assert x.asked == [(f"x-refresh-{lea}", "refresh_token"), (f"x-access-{lea}", "access_token")]
    assert linkedin.asked == [(f"linkedin-access-{lea}", "access_token")]
    assert db.scalars(select(SocialAccount).where(SocialAccount.user_id == lea)).all() == []
    delivery = db.scalar(select(Delivery).where(Delivery.id == waiting.id))
    assert (delivery.status, delivery.failure_code) == ("cancelled", "offboarded")
    consent = db.scalar(select(StandingConsent).where(StandingConsent.user_id == lea))
    assert consent.withdrawn_at == NOW
    assert db.scalar(select(User.is_active).where(User.id == lea)) is False
    assert db.scalar(select(Post.author_id).where(Post.id == post.id)) == lea  # content stays


def test_what_the_providers_answered_is_in_the_audit_log_and_no_token_is(db, world):
    leaving_lea(db, world)
    deactivate_and_offboard(db, world.admin, world.lea.user_id, cipher=CIPHER,
                            revoke={"x": Provider(), "linkedin": Provider(answer=False)}, now=NOW)

    [summary] = audit(db, "user.offboarded")
    assert summary.actor_id == world.admin.user_id and summary.target_id == str(world.lea.user_id)
    assert summary.details == {"reason": "deactivated", "cancelled": 1, "withdrawn": 1,
                               "revoked": {"x": True, "linkedin": False}}
    accounts = {entry.details["network"]: entry.details for entry in
                audit(db, "advocacy.account.disconnected")}
    assert accounts["x"]["revoked"] is True and accounts["linkedin"]["revoked"] is False
    logged = repr([entry.details for entry in db.scalars(select(AuditEntry))])
    assert "access-" not in logged and "refresh-" not in logged


def test_tokens_are_forgotten_even_when_the_provider_fails_or_is_not_configured(db, world):
    leaving_lea(db, world)
    people.deactivate_user(db, world.admin, world.lea.user_id)
    result = offboard_person(db, world.admin, world.lea.user_id, cipher=CIPHER,
                             revoke={"x": Provider(fails=True)}, reason="deactivated", now=NOW)
    assert {(o.network, o.revoked) for o in result.revocations} == {("x", False),
                                                                    ("linkedin", False)}
    assert "not configured" in [o for o in result.revocations
                                if o.network == "linkedin"][0].detail
    assert db.scalars(select(SocialAccount).where(
        SocialAccount.user_id == world.lea.user_id)).all() == []


def test_tokens_no_key_decrypts_are_forgotten_without_asking_anyone(db, world):
    people.deactivate_user(db, world.admin, world.paul.user_id)
    for account in db.scalars(select(SocialAccount).where(
            SocialAccount.user_id == world.paul.user_id)):
        account.access_token = "not-a-ciphertext"
    x = Provider()
    result = offboard_person(db, world.admin, world.paul.user_id, cipher=CIPHER,
                             revoke={"x": x, "linkedin": x}, reason="deactivated", now=NOW)
    assert x.asked == [] and not any(o.revoked for o in result.revocations)
    assert db.scalars(select(SocialAccount).where(
        SocialAccount.user_id == world.paul.user_id)).all() == []


def test_offboarding_again_changes_nothing_and_records_nothing_more(db, world):
    leaving_lea(db, world)
    deactivate_and_offboard(db, world.admin, world.lea.user_id, cipher=CIPHER,
                            revoke={"x": Provider(), "linkedin": Provider()}, now=NOW)
    again = offboard_person(db, world.admin, world.lea.user_id, cipher=CIPHER,
                            revoke={"x": Provider()}, reason="deactivated", now=NOW)
    assert not again.changed
    assert len(audit(db, "user.offboarded")) == 1


def test_only_a_person_already_deactivated_is_offboarded(db, world):
    with pytest.raises(Conflict):
        offboard_person(db, world.admin, world.lea.user_id, cipher=CIPHER, revoke={},
                        reason="deactivated", now=NOW)
    assert db.scalar(select(SocialAccount.id).where(
        SocialAccount.user_id == world.lea.user_id)) is not None


def test_only_the_firms_admin_offboards_and_only_their_own_people(db, world):
    people.deactivate_user(db, world.admin, world.lea.user_id)
    with pytest.raises(Forbidden):
        offboard_person(db, world.paul, world.lea.user_id, cipher=CIPHER, revoke={},
                        reason="deactivated", now=NOW)
    with pytest.raises(NotFound):
        offboard_person(db, world.other_firm.admin, world.lea.user_id, cipher=CIPHER,
                        revoke={}, reason="deactivated", now=NOW)


def test_a_consent_given_before_leaving_schedules_nothing_afterwards(db, world):
    consents.give_consent(db, world.lea, world.space_id, "linkedin", now=NOW)
    deactivate_and_offboard(db, world.admin, world.lea.user_id, cipher=CIPHER, revoke={},
                            now=NOW)
    proposal = approved(db, world, "Une deuxième annonce")
    assert db.scalars(select(Delivery).where(Delivery.user_id == world.lea.user_id,
                                             Delivery.proposal_id == proposal.id)).all() == []
