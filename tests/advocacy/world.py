"""A firm ready to share: people, spaces, rules, connected accounts, built through services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advocacy.models import Delivery
from advocacy.services import accounts, approvals, proposals, rules as rule_service
from social.actor import Actor
from tests.advocacy.fakes import FakeCipher
from tests.factories import Firm, make_firm, make_person, make_post, make_space, set_space_role

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)  # a Tuesday, 10:00 in Paris
BASE_URL = "https://comptoir.example.fr"
CIPHER = FakeCipher()


def rules_document(**changes: Any) -> dict[str, Any]:
    """Both networks on, no time window, no cap: tests add what they check."""
    document: dict[str, Any] = {
        "approval": {"by": "admins"},
        "offer_days": 7,
        "networks": {
            "x": {"enabled": True, "hashtags": ["Comptoir"], "utm": {"utm_source": "x"}},
            "linkedin": {"enabled": True, "hashtags": ["Comptoir"],
                         "disclosure": "Je travaille chez Firme A.",
                         "utm": {"utm_source": "linkedin"}},
        },
    }
    for key, value in changes.items():
        document[key] = value
    return document


@dataclass(frozen=True)
class World:
    firm: Firm
    author: Actor
    moderator: Actor
    lea: Actor
    paul: Actor
    outsider: Actor       # a member of the firm who cannot read the private space
    space_id: int         # public
    private_space_id: int
    other_firm: Firm
    other_member: Actor

    @property
    def admin(self) -> Actor:
        return self.firm.admin


def build_world(db: Session) -> World:
    firm = make_firm(db, "firm-a.fr")
    author = make_person(db, firm, "Anne Auteur")
    moderator = make_person(db, firm, "Marc Modérateur")
    lea = make_person(db, firm, "Léa Martin")
    paul = make_person(db, firm, "Paul Petit")
    outsider = make_person(db, firm, "Olga Autre")
    space_id = make_space(db, author, "Communication", members=(moderator, lea, paul))
    set_space_role(db, author, space_id, moderator, "moderator")
    private_id = make_space(db, author, "Projets", visibility="private",
                            members=(lea, paul, firm.admin))
    other = make_firm(db, "firm-b.fr", "Bob Admin")
    other_member = make_person(db, other, "Berthe Membre")
    rule_service.set_rules(db, firm.admin, rules_document())
    rule_service.set_rules(db, other.admin, rules_document())
    for person in (lea, paul, author, outsider):
        connect(db, person, "x")
        connect(db, person, "linkedin")
    connect(db, other_member, "x")
    return World(firm, author, moderator, lea, paul, outsider, space_id, private_id, other,
                 other_member)


def connect(db: Session, person: Actor, network: str, **overrides):
    values = dict(member_id=(f"urn:li:person:{person.user_id}" if network == "linkedin"
                             else str(9000 + person.user_id)),
                  display_name=f"person {person.user_id}",
                  access_token=f"{network}-access-{person.user_id}",
                  refresh_token=f"{network}-refresh-{person.user_id}" if network == "x" else None,
                  expires_at=None)
    values.update(overrides)
    return accounts.connect_account(db, person, network, cipher=CIPHER, now=NOW, **values)


def approved(db: Session, world: World, body: str = "Notre nouveau guide est en ligne.",
             *, author: Actor | None = None, space_id: int | None = None, now=NOW, **options):
    """A post of the author's, proposed and approved by the admin."""
    post = make_post(db, author or world.author, space_id or world.space_id, body)
    proposal = proposals.propose_share(db, author or world.author, post.id, now=now,
                                       base_url=BASE_URL, **options)
    return approvals.approve(db, world.admin, proposal.id, base_url=BASE_URL, now=now)


def delivery_count(db: Session, **where) -> int:
    query = select(func.count()).select_from(Delivery)
    for key, value in where.items():
        query = query.where(getattr(Delivery, key) == value)
    return db.scalar(query)
