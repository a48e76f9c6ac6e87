"""Leaving, from the browser: the admin's "Deactivate" lets go of the person's X and
LinkedIn access; a person Google suspended is refused at sign-in, and let go too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy.models import Delivery, SocialAccount
from advocacy.services import accounts, approvals, proposals, rules as rule_service, sharing
from core.clock import utcnow
from social.models import AuditEntry, User
from tests.advocacy.world import BASE_URL, rules_document
from tests.factories import make_firm, make_person, make_post, make_space
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures
from tests.web.conftest import enter_as, form, sign_in

DEACTIVATED = "Votre compte Comptoir a été désactivé par l’administrateur de votre entreprise."


@pytest.fixture
def sandboxed_app(make_app, web_settings, sandbox_server):  # noqa: F811
    return make_app(**web_settings, **sandbox_server.settings())


def test_deactivating_someone_revokes_their_accounts_and_cancels_their_shares(
        db, sandboxed_app, sandbox_server):
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    lea = make_person(db, firm, "Léa Martin")
    space = make_space(db, lea, "Communication")
    runtime = sandboxed_app.extensions["comptoir"]
    token = sandbox_server.account("linkedin", "lea-in")
    accounts.connect_account(db, lea, "linkedin", member_id=token["member_id"],
                             display_name="Léa", access_token=token["access_token"],
                             refresh_token=None, expires_at=None, cipher=runtime.token_cipher)
    rule_service.set_rules(db, firm.admin, rules_document())
    post = make_post(db, lea, space, "Notre guide est en ligne")
    proposal = proposals.propose_share(db, lea, post.id, base_url=BASE_URL)
    approvals.approve(db, firm.admin, proposal.id, base_url=BASE_URL)
    waiting = sharing.share_at_slot(db, lea, proposal.id, "linkedin",
                                    utcnow() + timedelta(days=1))
    db.commit()

    client = enter_as(sandboxed_app.test_client(), firm.admin)
    response = client.post(f"/admin/people/{lea.user_id}/active", data=form(active="0"))

    assert response.status_code == 303
    assert db.scalar(select(SocialAccount.id).where(SocialAccount.user_id == lea.user_id)) \
        is None
    assert db.scalar(select(Delivery.status).where(Delivery.id == waiting.id)) == "cancelled"
    offboarded = db.scalar(select(AuditEntry).where(AuditEntry.action == "user.offboarded"))
    assert offboarded.details["revoked"] == {"linkedin": True}
    assert sandbox_server.ledger("linkedin") == []


@pytest.fixture
def directory_app(make_app, web_settings, google, tmp_path_factory):
    key_file = google.directory.key_file(tmp_path_factory.mktemp("directory"),
                                         "admin@atelier.fr")
    return make_app(**web_settings, google_directory_credentials=str(key_file),
                    google_directory_admin="admin@atelier.fr")


def test_a_person_suspended_in_google_is_refused_at_sign_in_and_deactivated(
        directory_app, google, clean_database, db):
    admin = google.sign_in.add_account("admin@atelier.fr", "Admin", domain="atelier.fr")
    paul = google.sign_in.add_account("paul@atelier.fr", "Paul", domain="atelier.fr")
    google.directory.add_user("admin@atelier.fr", user_id=admin["sub"])
    listed = google.directory.add_user("paul@atelier.fr", user_id=paul["sub"])
    assert sign_in(directory_app.test_client(), google, "admin@atelier.fr").status_code == 302
    assert sign_in(directory_app.test_client(), google, "paul@atelier.fr").status_code == 302

    listed.suspended = True
    refused = sign_in(directory_app.test_client(), google, "paul@atelier.fr")

    assert refused.status_code == 403 and DEACTIVATED in refused.get_data(True)
    user = db.scalar(select(User).where(User.email == "paul@atelier.fr"))
    assert not user.is_active
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivated"))
    assert entry.details == {"via": "google_directory", "standing": "suspended"}


def test_when_the_directory_cannot_answer_sign_in_goes_on(directory_app, google, clean_database,
                                                          db):
    account = google.sign_in.add_account("nina@atelier.fr", "Nina", domain="atelier.fr")
    google.directory.add_user("nina@atelier.fr", user_id=account["sub"], suspended=True)
    google.directory.fail_next.append(503)
    assert sign_in(directory_app.test_client(), google, "nina@atelier.fr").status_code == 302
    assert user_row_by_email(db, "nina@atelier.fr").is_active


def user_row_by_email(db, email: str) -> User:
    return db.scalar(select(User).where(User.email == email))
