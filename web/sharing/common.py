"""What every sharing page shares: labels, translating rule findings, who may do what."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, g

from advocacy.messages import failure_message
from advocacy.rules import Finding
from advocacy.services.approvals import may_approve
from advocacy.services.rules import current_rules
from core.i18n import N_
from server.db_session import request_db
from server.runtime import current_runtime
from web.auth.session import current_actor, current_user
from web.messages import _
from web.sharing.screens import PostSharing, post_sharing

NETWORK_NAMES = {"x": "X", "linkedin": "LinkedIn"}

PROPOSAL_STATES = {
    "draft": N_("Draft"),
    "proposed": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "changes_requested": N_("Changes requested"),
    "retracted": N_("Withdrawn"),
    "expired": N_("Offer closed"),
}
DELIVERY_STATES = {
    "pending": N_("Scheduled"),
    "claimed": N_("Going out"),
    "sent": N_("Published"),
    "failed": N_("Failed"),
    "cancelled": N_("Cancelled"),
}
OFFER_STATES = {
    "offered": N_("Not answered yet"),
    "scheduled": N_("Scheduled"),
    "shared": N_("Shared"),
    "skipped": N_("Skipped"),
}
DELETION_STATES = {
    "pending": N_("Deletion asked"),
    "claimed": N_("Being deleted"),
    "done": N_("Deleted from the network"),
    "failed": N_("Deletion failed"),
}


@dataclass(frozen=True)
class SharingRights:
    """What the signed-in person may see in the sharing pages' tabs."""

    member: bool    # the firm's own people share; guests do not
    approver: bool
    admin: bool


def sharing_rights() -> SharingRights:
    if "sharing_rights" not in g:
        actor = current_actor()
        approver = may_approve(actor, current_rules(request_db(), actor.tenant_id))
        g.sharing_rights = SharingRights(not actor.is_guest, approver, actor.is_admin)
    return g.sharing_rights


def base_url() -> str:
    """Where tracked links and previews point: the deployment's public address."""
    return current_runtime().settings.base_url


def finding_text(finding: Finding) -> str:
    return _(finding.message, **finding.params)


def failure_text(code: str | None, detail: str = "") -> str:
    message = failure_message(code)
    if message is None:
        return ""
    return _(message, detail=detail or "?") if "%(detail)s" in message else _(message)


def label(table: dict[str, str], value: str | None) -> str:
    return _(table[value]) if value in table else (value or "")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        finding_text=finding_text, failure_text=failure_text, network_name=NETWORK_NAMES.get,
        proposal_state=lambda value: label(PROPOSAL_STATES, value),
        delivery_state=lambda value: label(DELIVERY_STATES, value),
        offer_state=lambda value: label(OFFER_STATES, value),
        deletion_state=lambda value: label(DELETION_STATES, value),
        sharing_rights=lambda: sharing_rights() if current_user() else None,
        post_sharing=_post_sharing)


def _post_sharing(post_id: int) -> PostSharing | None:
    """The post page's "Propose for sharing" action, read when its template asks."""
    if current_user() is None:
        return None
    return post_sharing(request_db(), current_actor(), post_id)
