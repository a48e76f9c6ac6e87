"""All advocacy models, importable from one place (Alembic reads the metadata here)."""

from advocacy.models.accounts import AccountStatus, SocialAccount
from advocacy.models.consents import StandingConsent
from advocacy.models.links import LinkClick, TrackedLink
from advocacy.models.outbox import (LIVE_STATUSES, DeletionRequest, DeletionStatus, Delivery,
                                    DeliveryOrigin, DeliveryStatus)
from advocacy.models.pauses import NetworkPause
from advocacy.models.proposals import OPEN_STATES, Offer, OfferStatus, Proposal, ProposalState
from advocacy.models.rules import RuleVersion

__all__ = [
    "AccountStatus", "DeletionRequest", "DeletionStatus", "Delivery", "DeliveryOrigin",
    "DeliveryStatus", "LIVE_STATUSES", "LinkClick", "NetworkPause", "OPEN_STATES", "Offer",
    "OfferStatus", "Proposal", "ProposalState", "RuleVersion", "SocialAccount",
    "StandingConsent", "TrackedLink",
]
