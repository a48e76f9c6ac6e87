"""The notices job: approvers told in the app and by e-mail when a proposal waits for them,
people told afterwards what their standing consent shared, owners of LinkedIn connections
reminded 7 days before the end; each once, in each recipient's language."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from advocacy.models import Delivery
from advocacy.notices.job import SharingNoticesJob
from advocacy.services import consents, proposals
from server.jobs import worker_jobs
from social.models import Notification, User
from social.notifications.inbox import list_notifications
from social.notifications.text import sentence
from core.clock import utcnow
from core.i18n import Translator
from tests.advocacy.world import NOW, approved, build_world, connect
from tests.factories import make_post

BASE_URL = "https://comptoir.example.fr"


class RecordingMailer:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)

    def to(self, email: str):
        return [message for message in self.sent if email in str(message["To"])]


@pytest.fixture
def world(db, clean_database):
    built = build_world(db)
    db.commit()
    return built


@pytest.fixture
def runtime(clean_database):
    return SimpleNamespace(database=clean_database, mailer=RecordingMailer(),
                           settings=SimpleNamespace(base_url=BASE_URL,
                                                    mail_from="Comptoir <noreply@example.fr>"))


@pytest.fixture
def run(db, runtime):
    """Runs the job as the worker would, the test's own transaction ended first (SQLite
    lets one writer at a time)."""

    def run_at(now=NOW) -> int:
        db.commit()
        return SharingNoticesJob().run_due(runtime, now)

    return run_at


def email_of(db, person) -> str:
    return db.scalar(select(User.email).where(User.id == person.user_id))


def notifications_of(db, person, kind: str) -> list[Notification]:
    db.expire_all()
    return list(db.scalars(select(Notification).where(Notification.recipient_id ==
                                                      person.user_id, Notification.kind == kind)))


def body(message) -> str:
    return message.get_content()


def test_the_worker_runs_the_notices_job():
    assert "sharing-notices" in [job.name for job in worker_jobs(SimpleNamespace())]


def test_a_waiting_proposal_is_told_to_its_approvers_once(db, world, runtime, run):
    post = make_post(db, world.author, world.space_id, "Nous recrutons à Lyon")
    proposal = proposals.propose_share(db, world.author, post.id, now=NOW)
    db.commit()

    assert run() == 1

    [note] = notifications_of(db, world.admin, "share_approval")
    assert note.post_id == post.id and note.params == {"proposal": proposal.id}
    [view] = list_notifications(db, world.admin).items
    assert view.link == f"/sharing/proposals/{proposal.id}"
    assert sentence(view, Translator("fr")) == \
        "Une publication de Communication est proposée au partage et attend votre approbation"
    [mail] = runtime.mailer.to(email_of(db, world.admin))
    assert mail["Subject"] == "Une publication attend votre approbation avant d’être partagée"
    assert "Anne Auteur propose une publication de Communication" in body(mail)
    assert f"{BASE_URL}/sharing/proposals/{proposal.id}" in body(mail)
    assert notifications_of(db, world.author, "share_approval") == []  # not the proposer
    assert run() == 0 and len(runtime.mailer.sent) == 1


def test_named_approvers_who_read_the_post_are_told_in_their_language(db, world, runtime, run):
    from advocacy.services import rules
    from tests.advocacy.world import rules_document

    rules.set_rules(db, world.admin, rules_document(approval={
        "by": "approvers", "approvers": [world.lea.user_id, world.outsider.user_id]}))
    db.execute(update(User).where(User.id == world.lea.user_id).values(preferred_language="en"))
    post = make_post(db, world.author, world.private_space_id, "Projet confidentiel")
    proposals.propose_share(db, world.author, post.id, now=NOW)
    db.commit()

    run()

    [mail] = runtime.mailer.to(email_of(db, world.lea))
    assert mail["Subject"] == "A post waits for your approval before sharing"
    assert mail["Content-Language"] == "en"
    assert notifications_of(db, world.outsider, "share_approval") == []  # cannot read it
    assert len(notifications_of(db, world.admin, "share_approval")) == 1


def test_a_proposal_sent_back_for_approval_is_told_again(db, world, runtime, run):
    post = make_post(db, world.author, world.space_id, "Nous recrutons à Lyon")
    proposal = proposals.propose_share(db, world.author, post.id, now=NOW)
    db.commit()
    run()
    proposals.edit_proposal(db, world.author, proposal.id, variants={"x": "On recrute"},
                            now=NOW + timedelta(hours=1))
    db.commit()

    assert run(NOW + timedelta(hours=1)) == 1

    assert len(notifications_of(db, world.admin, "share_approval")) == 2


def test_what_a_standing_consent_shared_is_told_afterwards(db, world, runtime, run):
    consents.give_consent(db, world.lea, world.space_id, "linkedin", now=NOW)
    approved(db, world, "Notre guide est en ligne")
    db.commit()
    assert run() == 0  # scheduled, not out yet: nothing to tell
    db.execute(update(Delivery).where(Delivery.user_id == world.lea.user_id).values(
        status="sent", sent_at=NOW + timedelta(minutes=5),
        external_url="https://www.linkedin.com/feed/update/urn:li:share:1/"))
    db.commit()

    assert run() == 1

    [note] = notifications_of(db, world.lea, "share_report")
    assert note.params == {"count": 1, "networks": ["linkedin"]}
    [view] = list_notifications(db, world.lea).items
    assert view.link == "/sharing/shares"
    assert sentence(view, Translator("fr")) == ("1 publication est partie sur votre compte "
                                                "LinkedIn grâce à votre consentement permanent")
    [mail] = runtime.mailer.to(email_of(db, world.lea))
    assert "Grâce à votre consentement permanent, cette publication est partie" in body(mail)
    assert "https://www.linkedin.com/feed/update/urn:li:share:1/" in body(mail)
    assert f"{BASE_URL}/sharing/consents" in body(mail)
    db.expire_all()
    assert db.scalar(select(Delivery.reported_at).where(
        Delivery.user_id == world.lea.user_id)) is not None
    assert run() == 0


def test_a_linkedin_connection_ending_within_7_days_is_reminded_once(db, world, runtime, run):
    now = utcnow()  # the sentence says "ends" or "ended" by the moment it is read
    connect(db, world.paul, "linkedin", expires_at=now + timedelta(days=5))
    connect(db, world.lea, "linkedin", expires_at=now + timedelta(days=30))
    db.commit()

    assert run(now) == 1

    [note] = notifications_of(db, world.paul, "account_expiry")
    assert note.params["network"] == "linkedin"
    [view] = list_notifications(db, world.paul).items
    assert view.link == "/sharing/accounts"
    assert sentence(view, Translator("fr")).startswith(
        "Votre connexion LinkedIn prend fin le ")
    [mail] = runtime.mailer.to(email_of(db, world.paul))
    assert mail["Subject"] == "Votre connexion LinkedIn prend bientôt fin"
    assert f"{BASE_URL}/sharing/accounts" in body(mail)
    assert notifications_of(db, world.lea, "account_expiry") == []
    assert run(now) == 0


def test_without_a_mailer_people_are_still_told_in_the_app(db, world, runtime, run):
    runtime.mailer = None
    connect(db, world.paul, "linkedin", expires_at=NOW + timedelta(days=2))
    db.commit()

    assert run() == 1

    assert len(notifications_of(db, world.paul, "account_expiry")) == 1


def test_a_mail_that_fails_does_not_stop_the_others(db, world, runtime, run):
    class Refusing(RecordingMailer):
        def send(self, message):
            if "paul" in str(message["To"]):
                raise OSError("refused")
            super().send(message)

    runtime.mailer = Refusing()
    connect(db, world.paul, "linkedin", expires_at=NOW + timedelta(days=2))
    connect(db, world.lea, "linkedin", expires_at=NOW + timedelta(days=2))
    db.commit()

    assert run() == 2

    assert [str(message["To"]) for message in runtime.mailer.sent] == \
        [f"Léa Martin <{email_of(db, world.lea)}>"]
    assert run() == 0  # at most once: the failed one is not sent again
