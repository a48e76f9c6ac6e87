"""A world with a shared post, fake networks and the job, for the worker's specifications."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import select

from advocacy.models import Delivery, SocialAccount
from advocacy.services import sharing
from advocacy.worker import DeliveryJob
from integrations.networks import Network
from tests.advocacy.fakes import FakeNetwork, FakeRefresher
from tests.advocacy.world import BASE_URL, CIPHER, NOW, World, approved, build_world
from tests.social.conftest import building_session


@dataclass
class Setup:
    world: World
    db: object        # the test's session: its transaction ends before the worker runs
    database: object
    x: FakeNetwork
    linkedin: FakeNetwork
    refresher: FakeRefresher
    job: DeliveryJob

    @property
    def runtime(self):
        return SimpleNamespace(database=self.database)

    def run(self, at=NOW) -> int:
        self.db.commit()  # on SQLite, the test's session would hold the write lock
        return self.job.run_due(self.runtime, at)

    def drain(self, at=NOW) -> None:
        while self.run(at):
            pass

    def delivery(self, db, delivery_id: int) -> Delivery:
        """The row as stored now; the read's transaction is ended at once (see run)."""
        db.expire_all()
        row = db.scalar(select(Delivery).where(Delivery.id == delivery_id))
        db.commit()
        return row

    def account(self, db, person, network: str) -> SocialAccount:
        db.expire_all()
        row = db.scalar(select(SocialAccount).where(SocialAccount.user_id == person.user_id,
                                                    SocialAccount.network == network))
        db.commit()
        return row


def setup(db, database) -> Setup:
    with building_session(database) as building:  # fast commits on PostgreSQL
        world = build_world(building)
    x, linkedin = FakeNetwork(Network.X), FakeNetwork(Network.LINKEDIN)
    refresher = FakeRefresher(x)
    job = DeliveryJob({Network.X: x, Network.LINKEDIN: linkedin}, CIPHER, refresher,
                      rng=lambda: 0.0)
    return Setup(world, db, database, x, linkedin, refresher, job)


def shared(db, s: Setup, network: str = "x", person=None, body="Notre guide est en ligne"):
    """An approved post shared now by Léa (or `person`): the delivery's view."""
    proposal = approved(db, s.world, body)
    return proposal, sharing.share_now(db, person or s.world.lea, proposal.id, network,
                                       base_url=BASE_URL, now=NOW)
