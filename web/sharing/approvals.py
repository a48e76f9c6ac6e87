"""The approval queue, and deciding: approve, reject with a reason, ask for changes.

Approval is a state the services enforce; these pages only ask for it. The queue
is for those the rules let approve (the admins, the named approvers): others get
403, as the service decides.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from advocacy.errors import RuleBlocked
from advocacy.services import approvals
from server.db_session import request_db
from server.errors import status_of
from social.errors import Conflict, InvalidInput
from web.auth.session import current_actor, signed_in
from web.forms import back_to
from web.messages import _, form_errors
from web.sharing.common import base_url, finding_text
from web.sharing.proposals import render_proposal

blueprint = Blueprint("sharing_approvals", __name__, url_prefix="/sharing")


@blueprint.get("/approvals")
@signed_in
def queue():
    page = approvals.approvals_queue(request_db(), current_actor(),
                                     cursor=request.args.get("after"), base_url=base_url())
    return render_template("sharing/approvals.html", page=page)


@blueprint.post("/proposals/<int:proposal_id>/approve")
@signed_in
def approve(proposal_id: int):
    try:
        approvals.approve(request_db(), current_actor(), proposal_id, base_url=base_url())
    except (RuleBlocked, Conflict) as refused:
        request_db().rollback()
        flash(_(refused.message, **refused.params), "error")
        if isinstance(refused, RuleBlocked):
            for finding in refused.decision.blocking:
                flash(finding_text(finding), "error")
        return redirect(url_for("sharing_proposals.page", proposal_id=proposal_id), code=303)
    flash(_("Approved: the post is offered to the colleagues who read it."), "success")
    return redirect(back_to(url_for(".queue")), code=303)


@blueprint.post("/proposals/<int:proposal_id>/reject")
@signed_in
def reject(proposal_id: int):
    return _decide(approvals.reject, proposal_id,
                   _("Rejected: the proposer is told why."))


@blueprint.post("/proposals/<int:proposal_id>/request-changes")
@signed_in
def request_changes(proposal_id: int):
    return _decide(approvals.request_changes, proposal_id,
                   _("Changes asked: the proposer can edit and submit it again."))


def _decide(decision, proposal_id: int, done: str):
    reason = request.form.get("reason", "")
    try:
        decision(request_db(), current_actor(), proposal_id, reason)
    except (InvalidInput, Conflict) as refused:
        request_db().rollback()
        errors = form_errors(refused)
        return render_proposal(proposal_id, errors={"reason": errors.get("reason")
                                                    or errors.get("form")},
                               reason=reason, status=status_of(refused))
    flash(done, "success")
    return redirect(back_to(url_for(".queue")), code=303)
