"""Previewing a proposal's text per network before anything is saved.

The proposal form shows what the rules make of the variants being typed: the
findings and the exact text per network. Saving is a decision (an audited
draft, or sending an approved proposal back for approval), so the preview runs
the domain's own pieces (share_source, check) on a proposal that is never added
to the session. No flask here: the page's route calls it like a service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Mapping

from advocacy.models import Proposal
from advocacy.rules import Decision, check
from advocacy.services import inputs
from advocacy.services.loading import load_proposal
from advocacy.services.proposals import clean_variants
from advocacy.services.rules import current_rules
from core.clock import utcnow
from social.actor import Actor
from social.services.access import load_post
from sqlalchemy.orm import Session

# Link codes in a preview of a proposal not saved yet: same length as real ones.
UNSAVED_SALT = "preview"


def preview_variants(db: Session, actor: Actor, post_id: int, variants: Mapping[str, str], *,
                     proposal_id: int | None = None, base_url: str | None = None,
                     now: datetime | None = None) -> tuple[Decision, ...]:
    """One content-only decision per network the rules enable, as approvers will see it."""
    now = now or utcnow()
    post, _ = load_post(db, actor, post_id)
    salt, drive_checks = UNSAVED_SALT, {}
    if proposal_id is not None:
        saved, _post = load_proposal(db, actor, proposal_id)
        salt, drive_checks = saved.link_salt, dict(saved.drive_checks)
    unsaved = Proposal(tenant_id=actor.tenant_id, post_id=post.id, space_id=post.space_id,
                       variants=clean_variants(variants), drive_checks=drive_checks,
                       link_salt=salt, expires_at=None)
    rules = current_rules(db, actor.tenant_id)
    source = inputs.share_source(db, unsaved, post, base_url=base_url)
    return tuple(check(source, rules, network, None, now) for network in rules.enabled_networks())
