"""A firm that shares, for the sharing pages: rules set, people with connected accounts,
a post proposed and one approved, and another firm beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import Session

from advocacy.services import accounts, approvals, proposals, rules
from social.actor import Actor
from tests.factories import Firm, make_firm, make_person, make_post, make_space

BASE_URL = "http://localhost"  # the web test app's settings.base_url


def rules_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "approval": {"by": "admins"},
        "offer_days": 7,
        "networks": {
            "x": {"enabled": True, "hashtags": ["Comptoir"], "utm": {"utm_source": "x"}},
            "linkedin": {"enabled": True, "hashtags": ["Comptoir"],
                         "disclosure": "Je travaille chez Atelier.",
                         "utm": {"utm_source": "linkedin"}},
        },
    }
    document.update(changes)
    return document


@dataclass(frozen=True)
class SharingWorld:
    firm: Firm
    author: Actor       # writes in "Communication", proposes
    lea: Actor          # reads it, has both accounts connected
    nina: Actor         # reads it, no account
    space_id: int
    proposed_id: int    # a proposal waiting for approval
    approved_id: int    # an approved proposal, offered to the readers
    other_firm: Firm
    zoe: Actor          # of the other firm
    foreign_proposal_id: int

    @property
    def admin(self) -> Actor:
        return self.firm.admin


def build_sharing_world(db: Session, cipher, now: datetime | None = None) -> SharingWorld:
    now = now or datetime.now(timezone.utc)
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    author = make_person(db, firm, "Anne Auteur")
    lea = make_person(db, firm, "Léa Martin")
    nina = make_person(db, firm, "Nina Petit")
    space_id = make_space(db, author, "Communication", members=(lea, nina))
    rules.set_rules(db, firm.admin, rules_document())
    for network in ("x", "linkedin"):
        connect(db, lea, network, cipher, now)
    waiting = make_post(db, author, space_id, "Nous recrutons une cheffe de projet à Lyon !")
    proposed = proposals.propose_share(db, author, waiting.id, base_url=BASE_URL, now=now)
    offered = make_post(db, author, space_id, "Notre guide de la rénovation est en ligne.")
    proposal = proposals.propose_share(db, author, offered.id, base_url=BASE_URL, now=now)
    approvals.approve(db, firm.admin, proposal.id, base_url=BASE_URL, now=now)
    other = make_firm(db, "autre.fr", "Olga Autre")
    zoe = make_person(db, other, "Zoé Autre")
    rules.set_rules(db, other.admin, rules_document())
    elsewhere = make_space(db, zoe, "Ailleurs")
    foreign = make_post(db, zoe, elsewhere, "Chez nous")
    foreign_proposal = proposals.propose_share(db, zoe, foreign.id, base_url=BASE_URL, now=now)
    return SharingWorld(firm, author, lea, nina, space_id, proposed.id, proposal.id, other, zoe,
                        foreign_proposal.id)


def connect(db: Session, person: Actor, network: str, cipher, now: datetime, **overrides):
    values = dict(member_id=(f"urn:li:person:p{person.user_id}" if network == "linkedin"
                             else str(9000 + person.user_id)),
                  display_name=f"Compte {network}", access_token=f"{network}-access",
                  refresh_token=f"{network}-refresh" if network == "x" else None,
                  expires_at=now + timedelta(days=60) if network == "linkedin" else None)
    values.update(overrides)
    return accounts.connect_account(db, person, network, cipher=cipher, now=now, **values)
