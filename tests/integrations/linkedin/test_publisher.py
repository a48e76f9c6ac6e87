"""LinkedInPublisher against the sandbox: the Posts API body and headers, and every failure."""

from __future__ import annotations

import time

import pytest

from integrations.linkedin import LinkedInPublisher
from integrations.networks import Credentials, LinkCard, Network, Outcome, PublishError
from tests.fakes.sandbox import SandboxServer
from tests.support import free_port

VERSION = "202510"
# Answers the sandbox gives may be slow on a loaded CI machine; only the test about
# timing out waits briefly on purpose.
ANSWER_TIMEOUT = 10.0
READ_TIMEOUT = 0.3
# Already escaped for little text, as the rule check hands it over.
COMMENTARY = ("Notre guide \\« Bien démarrer \\» \\(v2\\) est en ligne \\: "
              "{hashtag|\\#|comptoir} \\@Léa\nhttps://example.fr/guide")
CARD = LinkCard("https://example.fr/guide?utm_source=linkedin", "Bien démarrer",
                "Le guide pour les nouveaux")


@pytest.fixture
def member(sandbox_server) -> dict:
    return sandbox_server.account("linkedin", "lea", "Léa Martin")


@pytest.fixture
def credentials(member) -> Credentials:
    return Credentials(access_token=member["access_token"], member_id=member["member_id"])


@pytest.fixture
def publisher(sandbox_server) -> LinkedInPublisher:
    return LinkedInPublisher(sandbox_server.linkedin_api_url, version=VERSION,
                             timeout=(2.0, ANSWER_TIMEOUT))


@pytest.fixture
def impatient(sandbox_server) -> LinkedInPublisher:
    """Gives LinkedIn 0.3 s to answer: for the tests where it must not."""
    return LinkedInPublisher(sandbox_server.linkedin_api_url, version=VERSION,
                             timeout=(2.0, READ_TIMEOUT))


def publish_failure(publisher, credentials, text: str = COMMENTARY) -> PublishError:
    with pytest.raises(PublishError) as raised:
        publisher.publish(credentials, text)
    return raised.value


def test_a_post_lands_with_its_exact_commentary_and_article(sandbox_server, publisher,
                                                            credentials, member):
    published = publisher.publish(credentials, COMMENTARY, CARD)

    [post] = sandbox_server.ledger("linkedin")
    assert post["text"] == COMMENTARY and post["author"] == member["member_id"]
    assert post["link"] == {"url": CARD.url, "title": CARD.title,
                            "description": CARD.description}
    assert post["shown"].startswith("Notre guide « Bien démarrer » (v2) est en ligne : #comptoir")
    assert post["cut"] is False
    assert published.external_id == post["id"] and post["id"].startswith("urn:li:share:")
    assert published.url == f"https://www.linkedin.com/feed/update/{post['id']}/"
    assert publisher.network is Network.LINKEDIN


def test_a_card_without_description_sends_none(sandbox_server, publisher, credentials):
    publisher.publish(credentials, "Lien", LinkCard("https://example.fr/a", "Titre"))

    assert sandbox_server.ledger("linkedin")[0]["link"] == {"url": "https://example.fr/a",
                                                           "title": "Titre"}


def test_unescaped_text_is_sent_as_given_and_linkedin_cuts_it(sandbox_server, publisher,
                                                              credentials):
    publisher.publish(credentials, "Réunion (jeudi) à 9h")

    [post] = sandbox_server.ledger("linkedin")
    assert post["text"] == "Réunion (jeudi) à 9h"
    assert (post["shown"], post["cut"]) == ("Réunion ", True)


def test_the_same_commentary_twice_is_a_duplicate_naming_the_first_post(
        sandbox_server, publisher, credentials):
    first = publisher.publish(credentials, COMMENTARY)

    failure = publish_failure(publisher, credentials)

    assert failure.outcome is Outcome.DUPLICATE and failure.status == 422
    assert failure.existing_id == first.external_id
    assert len(sandbox_server.ledger("linkedin")) == 1


@pytest.mark.parametrize(("kind", "spec", "outcome", "status"), [
    ("status", {"status": 429}, Outcome.RATE_LIMITED, 429),
    ("status", {"status": 401}, Outcome.UNAUTHORIZED, 401),
    ("duplicate", {}, Outcome.DUPLICATE, 422),
    ("status", {"status": 426}, Outcome.NETWORK_PAUSED, 426),
    ("status", {"status": 422}, Outcome.REJECTED, 422),
    ("status", {"status": 400}, Outcome.REJECTED, 400),
    ("status", {"status": 403}, Outcome.REJECTED, 403),
    ("status", {"status": 500}, Outcome.TRANSIENT, 500),
    ("status", {"status": 503}, Outcome.TRANSIENT, 503),
])
def test_each_answer_maps_to_what_the_worker_does(sandbox_server, publisher, credentials,
                                                   kind, spec, outcome, status):
    sandbox_server.fault("linkedin", kind, **spec)

    failure = publish_failure(publisher, credentials)

    assert (failure.outcome, failure.status) == (outcome, status)
    assert sandbox_server.ledger("linkedin") == []


def test_a_rate_limit_has_no_time_to_come_back(sandbox_server, publisher, credentials):
    sandbox_server.fault("linkedin", "status", status=429)

    assert publish_failure(publisher, credentials).retry_at is None


def test_a_duplicate_of_a_post_we_never_saw_still_names_it(sandbox_server, publisher,
                                                           credentials):
    sandbox_server.fault("linkedin", "duplicate")

    failure = publish_failure(publisher, credentials)

    assert failure.existing_id == "urn:li:share:6999999999999999999"


def test_an_inactive_api_version_pauses_linkedin(credentials):
    with SandboxServer(inactive_linkedin_versions=["202401"]) as server:
        member = server.account("linkedin", "lea")
        publisher = LinkedInPublisher(server.linkedin_api_url, version="202401")

        failure = publish_failure(publisher, Credentials(member["access_token"],
                                                         member["member_id"]))

    assert failure.outcome is Outcome.NETWORK_PAUSED and "202401" in failure.detail


def test_a_version_from_the_future_is_not_active(sandbox_server, credentials):
    failure = publish_failure(LinkedInPublisher(sandbox_server.linkedin_api_url,
                                                version="209912"), credentials)

    assert failure.outcome is Outcome.NETWORK_PAUSED


def test_an_expired_token_is_unauthorized_and_says_reconnect(sandbox_server, publisher,
                                                            credentials):
    sandbox_server.expire_tokens("linkedin")

    failure = publish_failure(publisher, credentials)

    assert failure.outcome is Outcome.UNAUTHORIZED and "reconnect" in failure.detail


def test_posting_as_someone_else_is_refused_with_something_to_do(sandbox_server, publisher,
                                                                credentials):
    other = sandbox_server.account("linkedin", "paul")

    failure = publish_failure(publisher, Credentials(credentials.access_token,
                                                     other["member_id"]))

    assert failure.outcome is Outcome.REJECTED and failure.status == 403
    assert "reconnect" in failure.detail
    assert sandbox_server.ledger("linkedin") == []


def test_a_commentary_over_3000_characters_is_rejected_with_linkedins_reason(publisher,
                                                                             credentials):
    failure = publish_failure(publisher, credentials, "a" * 3001)

    assert failure.outcome is Outcome.REJECTED and "3001 exceeds" in failure.detail


def test_a_slow_linkedin_times_out(sandbox_server, impatient, credentials):
    sandbox_server.fault("linkedin", "timeout", seconds=5)
    started = time.monotonic()

    failure = publish_failure(impatient, credentials)

    assert failure.outcome is Outcome.TRANSIENT and time.monotonic() - started < 2


def test_a_connection_dropped_after_publishing_then_the_retry_is_a_duplicate(
        sandbox_server, publisher, credentials):
    sandbox_server.fault("linkedin", "drop")

    dropped = publish_failure(publisher, credentials)
    retried = publish_failure(publisher, credentials)

    assert dropped.outcome is Outcome.TRANSIENT and "closed the connection" in dropped.detail
    [post] = sandbox_server.ledger("linkedin")
    assert retried.outcome is Outcome.DUPLICATE and retried.existing_id == post["id"]


def test_nobody_listening_is_transient(credentials):
    publisher = LinkedInPublisher(f"http://127.0.0.1:{free_port()}", version=VERSION)

    assert publish_failure(publisher, credentials).outcome is Outcome.TRANSIENT


def test_deleting_removes_the_post_and_deleting_again_is_fine(sandbox_server, publisher,
                                                              credentials):
    published = publisher.publish(credentials, COMMENTARY)

    publisher.delete(credentials, published.external_id)
    publisher.delete(credentials, published.external_id)

    assert sandbox_server.ledger("linkedin")[0]["deleted"] is True
    assert sandbox_server.hits["/linkedin/rest/posts/" + published.external_id] == 2


def test_a_delete_refused_for_the_token_is_unauthorized(sandbox_server, publisher,
                                                         credentials):
    published = publisher.publish(credentials, COMMENTARY)
    sandbox_server.expire_tokens("linkedin")

    with pytest.raises(PublishError) as raised:
        publisher.delete(credentials, published.external_id)

    assert raised.value.outcome is Outcome.UNAUTHORIZED
    assert sandbox_server.ledger("linkedin")[0]["deleted"] is False


def test_a_post_answered_too_late_then_the_retry_names_it(sandbox_server, publisher,
                                                          impatient, credentials):
    sandbox_server.fault("linkedin", "stall", seconds=5)

    stalled = publish_failure(impatient, credentials)
    retried = publish_failure(publisher, credentials)

    [post] = sandbox_server.ledger("linkedin")
    assert stalled.outcome is Outcome.TRANSIENT
    assert retried.outcome is Outcome.DUPLICATE and retried.existing_id == post["id"]
