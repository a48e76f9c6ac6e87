"""People Google's Directory says have left (suspended, archived, deleted) leave Comptoir:
found by the worker's periodic check or at sign-in, deactivated, their tokens revoked at
X and LinkedIn (the sandbox providers, through the real OAuth adapters) and forgotten.

The Directory is the loopback fake Google's (tests/fakes/google_directory.py); the
runtime is the real one, built from settings that point at both fakes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.models import SocialAccount, StandingConsent
from advocacy.offboarding.directory import PeopleLeavingJob, check_at_sign_in
from advocacy.services import accounts, consents
from core.clock import utcnow
from core.config import load_settings
from core.runtime import Runtime
from integrations.oauth import OAuthError
from social.models import AuditEntry, User
from social.services import people
from tests.factories import make_firm, make_guest, make_person, make_space, user_row
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures

ADMIN = "alice.admin@atelier.fr"


@pytest.fixture
def runtime(clean_database, google, sandbox_server, tmp_path) -> Runtime:  # noqa: F811
    key_file = google.directory.key_file(tmp_path, ADMIN)
    settings = load_settings({}, {
        "database_url": clean_database.url, "instance_path": str(tmp_path),
        "google_api_url": google.url, "google_directory_credentials": str(key_file),
        "google_directory_admin": ADMIN, **sandbox_server.settings()})
    for kept in (google.directory.users, google.directory.lookups, google.directory.fail_next):
        kept.clear()  # the fake Google lives for the whole run
    return Runtime(settings=settings, database=clean_database)


def listed(google, db, *people_, **state) -> None:
    """These people are in the Directory, under the account ids they sign in with."""
    for person in people_:
        user = user_row(db, person)
        google.directory.add_user(user.email, user_id=user.google_sub, **state)
    db.commit()  # the worker's sessions write too (one writer at a time on SQLite)


def connected(db, runtime, sandbox, person) -> dict[str, str]:
    """The person's X and LinkedIn accounts, connected with the sandbox's real tokens."""
    tokens = {}
    for network in ("x", "linkedin"):
        account = sandbox.account(network, f"{network}-{person.user_id}")
        accounts.connect_account(db, person, network, member_id=account["member_id"],
                                 display_name=account["name"],
                                 access_token=account["access_token"],
                                 refresh_token=account["refresh_token"], expires_at=None,
                                 cipher=runtime.token_cipher)
        tokens[network] = account["access_token"]
    return tokens


def still_works_at_the_provider(runtime, network: str, token: str) -> bool:
    try:
        if network == "x":
            runtime.x_oauth.me(token)
        else:
            runtime.linkedin_oauth.identify(token)
    except OAuthError as refused:
        assert refused.reason == "refused"
        return False
    return True


@pytest.fixture
def firm(db):
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    lea, hugo, nina = (make_person(db, firm, name) for name in
                       ("Léa Martin", "Hugo Bernard", "Nina Petit"))
    space = make_space(db, lea, "Projets", members=(hugo, nina))
    return firm, lea, hugo, nina, space


def test_the_worker_finds_who_left_google_and_lets_them_go(db, google, runtime, sandbox_server,
                                                           firm):
    firm, lea, hugo, nina, space = firm
    tokens = connected(db, runtime, sandbox_server, lea)
    consents.give_consent(db, lea, space, "linkedin")
    listed(google, db, firm.admin, hugo)
    listed(google, db, lea, suspended=True)  # Nina is not listed: deleted

    assert PeopleLeavingJob().run_due(runtime, utcnow()) == 4

    active = {user.id: user.is_active for user in db.scalars(select(User))}
    assert (active[lea.user_id], active[nina.user_id]) == (False, False)
    assert active[hugo.user_id] and active[firm.admin.user_id]
    assert user_row(db, hugo).directory_checked_at is not None
    assert not any(still_works_at_the_provider(runtime, network, token)
                   for network, token in tokens.items())
    assert db.scalar(select(SocialAccount.id).where(SocialAccount.user_id == lea.user_id)) \
        is None
    assert db.scalar(select(StandingConsent.withdrawn_at).where(
        StandingConsent.user_id == lea.user_id)) is not None
    reasons = {entry.target_id: entry.details for entry in db.scalars(select(AuditEntry).where(
        AuditEntry.action == "user.deactivated"))}
    assert reasons[str(lea.user_id)] == {"via": "google_directory", "standing": "suspended"}
    assert reasons[str(nina.user_id)] == {"via": "google_directory", "standing": "deleted"}
    offboarded = db.scalar(select(AuditEntry).where(AuditEntry.action == "user.offboarded"))
    assert offboarded.details["revoked"] == {"x": True, "linkedin": True}


def test_the_check_goes_in_batches_never_checked_first_and_rests_between_runs(
        db, google, runtime, firm):
    firm, lea, hugo, nina, _ = firm
    listed(google, db, firm.admin, lea, hugo, nina)
    job = PeopleLeavingJob(batch=2, every=timedelta(minutes=5))
    now = utcnow()

    assert job.run_due(runtime, now) == 2
    assert job.run_due(runtime, now + timedelta(minutes=1)) == 0  # resting
    assert job.run_due(runtime, now + timedelta(minutes=6)) == 2
    assert job.run_due(runtime, now + timedelta(minutes=12)) == 0  # all vouched for
    assert len(google.directory.lookups) == 4 and len(set(google.directory.lookups)) == 4
    assert job.run_due(runtime, now + timedelta(hours=13)) == 2  # due again


def test_when_google_cannot_answer_nobody_is_touched(db, google, runtime, firm):
    firm, lea, *_ = firm
    listed(google, db, lea, suspended=True)
    google.directory.fail_next.append(503)
    db.commit()

    assert PeopleLeavingJob().run_due(runtime, utcnow()) == 0

    assert all(db.scalars(select(User.is_active)))
    assert db.scalars(select(User.directory_checked_at)).all() == [None] * 4


def test_guests_and_other_firms_are_never_asked_about(db, google, runtime, firm):
    firm, lea, hugo, nina, space = firm
    guest = make_guest(db, firm, lea, space, "Claire Cliente")
    other = make_firm(db, "autre.fr", "Olga Autre")
    listed(google, db, firm.admin, lea, hugo, nina)

    PeopleLeavingJob().run_due(runtime, utcnow())

    asked = set(google.directory.lookups)
    assert user_row(db, guest).google_sub not in asked and user_row(db, other.admin).email \
        not in asked and user_row(db, other.admin).google_sub not in asked
    assert user_row(db, guest).is_active and user_row(db, other.admin).is_active


def test_the_worker_finishes_an_offboarding_a_dead_process_left(db, google, runtime,
                                                                sandbox_server, firm):
    firm, lea, *_ = firm
    tokens = connected(db, runtime, sandbox_server, lea)
    people.deactivate_user(db, firm.admin, lea.user_id)  # and the process died there
    db.commit()

    PeopleLeavingJob().run_due(runtime, utcnow())

    assert db.scalar(select(SocialAccount.id).where(SocialAccount.user_id == lea.user_id)) \
        is None
    assert not still_works_at_the_provider(runtime, "x", tokens["x"])


def test_at_sign_in_a_suspended_person_is_refused_and_let_go(db, google, runtime,
                                                             sandbox_server, firm):
    firm, lea, hugo, *_ = firm
    tokens = connected(db, runtime, sandbox_server, lea)
    listed(google, db, hugo)
    listed(google, db, lea, suspended=True)

    assert check_at_sign_in(db, runtime, user_row(db, hugo), now=utcnow())
    assert not check_at_sign_in(db, runtime, user_row(db, lea), now=utcnow())

    assert not user_row(db, lea).is_active
    assert not still_works_at_the_provider(runtime, "linkedin", tokens["linkedin"])


def test_a_recent_check_is_trusted_and_an_old_one_is_not(db, google, runtime, firm):
    _, lea, *_ = firm
    listed(google, db, lea)
    now = utcnow()
    assert check_at_sign_in(db, runtime, user_row(db, lea), now=now)
    google.directory.find(user_row(db, lea).email).suspended = True

    assert check_at_sign_in(db, runtime, user_row(db, lea), now=now + timedelta(minutes=5),
                            recheck_after=timedelta(minutes=10))
    assert not check_at_sign_in(db, runtime, user_row(db, lea),
                                now=now + timedelta(minutes=11),
                                recheck_after=timedelta(minutes=10))
    assert len(google.directory.lookups) == 2


def test_an_address_now_held_by_another_google_account_means_the_person_left(
        db, google, runtime, firm):
    _, lea, *_ = firm
    google.directory.add_user(user_row(db, lea).email, user_id="another-account")
    assert not check_at_sign_in(db, runtime, user_row(db, lea), now=utcnow())


def test_without_a_directory_nobody_is_asked_and_only_offboardings_are_finished(
        db, google, clean_database, tmp_path, firm):
    _, lea, *_ = firm
    google.directory.lookups.clear()
    runtime = Runtime(settings=load_settings({}, {"database_url": clean_database.url,
                                                 "instance_path": str(tmp_path)}),
                      database=clean_database)
    assert runtime.directory is None
    assert check_at_sign_in(db, runtime, user_row(db, lea), now=utcnow())
    db.commit()
    assert PeopleLeavingJob().run_due(runtime, utcnow()) == 0
    assert google.directory.lookups == []
