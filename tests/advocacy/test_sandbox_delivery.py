"""The worker through the real X and LinkedIn adapters, against the sandbox providers:
the ledgers hold exactly the previewed texts, and a publish whose answer was lost is
recorded once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from advocacy.rules import DriveAnswer
from advocacy.services import approvals, proposals, sharing
from advocacy.worker import DeliveryJob
from integrations.linkedin.publisher import LinkedInPublisher
from integrations.networks import Network
from integrations.x.publisher import XPublisher
from tests.advocacy.worker_support import setup
from tests.advocacy.world import BASE_URL, CIPHER, NOW, connect
from tests.factories import make_post
from tests.fakes.sandbox import sandbox_clock, sandbox_server  # noqa: F401 - fixtures

BODY = ("Réunion d’équipe : le plan est là https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/"
        "view #Comptoir, merci @paul.petit (et à tous) !")


@pytest.fixture
def s(db, clean_database, sandbox_server):  # noqa: F811
    s = setup(db, clean_database)
    for network in ("x", "linkedin"):
        account = sandbox_server.account(network, f"lea-{network}", "Léa Martin")
        connect(db, s.world.lea, network, member_id=account["member_id"],
                access_token=account["access_token"],
                refresh_token=account.get("refresh_token"))
    s.job = DeliveryJob({Network.X: XPublisher(sandbox_server.x_api_url),
                         Network.LINKEDIN: LinkedInPublisher(sandbox_server.linkedin_api_url,
                                                             version="202510")},
                        CIPHER, rng=lambda: 0.0)
    return s


def approved_with_drive_link(db, s):
    post = make_post(db, s.world.author, s.world.space_id, BODY)
    proposal = proposals.propose_share(db, s.world.author, post.id, now=NOW, drive_files=[
        DriveAnswer("1AbCdEfGhIjKlMnOp", "Plan.pdf", True)])
    return approvals.approve(db, s.world.admin, proposal.id, base_url=BASE_URL, now=NOW)


def test_the_ledgers_hold_exactly_the_previewed_texts(db, s, sandbox_server):  # noqa: F811
    proposal = approved_with_drive_link(db, s)
    [offer] = sharing.ready_to_share(db, s.world.lea, base_url=BASE_URL, now=NOW)
    previews = {n.network: n.decision for n in offer.networks}
    for network in ("x", "linkedin"):
        sharing.share_now(db, s.world.lea, proposal.id, network, base_url=BASE_URL, now=NOW)

    s.drain()

    [tweet] = sandbox_server.ledger("x")
    [share] = sandbox_server.ledger("linkedin")
    assert tweet["text"] == previews["x"].text
    assert share["text"] == previews["linkedin"].text
    assert "Paul Petit" in tweet["text"] and "\\@paul.petit" in share["text"]
    assert "{hashtag|\\#|Comptoir}" in share["text"] and "\\(et à tous\\)" in share["text"]


def test_a_publish_whose_answer_was_lost_is_published_once(db, s, sandbox_server):  # noqa: F811
    proposal = approved_with_drive_link(db, s)
    view = sharing.share_now(db, s.world.lea, proposal.id, "x", base_url=BASE_URL, now=NOW)
    sandbox_server.fault("x", "drop")

    s.run()
    delivery = s.delivery(db, view.id)
    assert delivery.status == "pending"
    s.run(delivery.scheduled_at)

    delivery = s.delivery(db, view.id)
    assert delivery.status == "sent" and delivery.last_error.startswith("duplicate")
    [tweet] = sandbox_server.ledger("x")
    assert tweet["duplicate_attempts"] == 1 and tweet["text"] == delivery.text
    # X's duplicate answer does not name the first post: its id stays unknown.
    assert delivery.external_id is None
