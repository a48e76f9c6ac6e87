"""Proposing a post for sharing, with a text per network, previewed by the rules before
anything is saved; a proposal's page (previews, state, reason); editing and withdrawing it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from advocacy.services import approvals, proposals
from integrations.networks import Network
from server.db_session import request_db
from server.errors import status_of
from server.rate_limits import limited
from social.errors import Conflict, Forbidden, InvalidInput
from web.auth.session import current_actor, signed_in
from web.messages import _, form_errors
from web.sharing.common import base_url
from web.sharing.screens import post_sharing, propose_screen, proposal_screen

blueprint = Blueprint("sharing_proposals", __name__, url_prefix="/sharing")

SAVE_ACTIONS = {"draft": False, "submit": True}


def typed_variants() -> dict[str, str]:
    return {network.value: request.form.get(f"variant_{network.value}", "")
            for network in Network}


@blueprint.get("/propose/<int:post_id>")
@signed_in
def propose_form(post_id: int):
    existing = post_sharing(request_db(), current_actor(), post_id)
    if existing is not None and existing.proposal_id is not None:
        return redirect(url_for(".page", proposal_id=existing.proposal_id), code=303)
    screen = propose_screen(request_db(), current_actor(), post_id, {}, base_url=base_url())
    return render_template("sharing/propose.html", screen=screen, form={}, errors={})


@blueprint.post("/propose/<int:post_id>")
@signed_in
@limited("proposal", only_if=lambda: request.form.get("action") in SAVE_ACTIONS)
def propose(post_id: int):
    variants = typed_variants()
    action = request.form.get("action", "preview")
    try:
        if action in SAVE_ACTIONS:
            proposal = proposals.propose_share(request_db(), current_actor(), post_id,
                                               variants=variants, submit=SAVE_ACTIONS[action],
                                               base_url=base_url())
            flash(_saved_message(proposal.state), "success")
            return redirect(url_for(".page", proposal_id=proposal.id), code=303)
        screen = propose_screen(request_db(), current_actor(), post_id, variants,
                                base_url=base_url())
    except (InvalidInput, Conflict, Forbidden) as refused:
        request_db().rollback()
        screen = propose_screen(request_db(), current_actor(), post_id, {},
                                base_url=base_url())
        return render_template("sharing/propose.html", screen=screen, form=variants,
                               errors=form_errors(refused)), status_of(refused)
    return render_template("sharing/propose.html", screen=screen, form=variants, errors={})


@blueprint.get("/proposals/<int:proposal_id>")
@signed_in
def page(proposal_id: int):
    return render_proposal(proposal_id)


def render_proposal(proposal_id: int, *, variants: dict | None = None,
                    form: dict | None = None, errors: dict | None = None, reason: str = "",
                    status: int = 200):
    """The proposal's page, previewing `variants` when given (else the saved ones) and
    showing `form` in the fields; approvals.py renders it too when a decision is refused."""
    screen = proposal_screen(request_db(), current_actor(), proposal_id, base_url=base_url(),
                             variants=variants)
    shown = form if form is not None else (variants if variants is not None
                                           else screen.proposal.variants)
    return render_template("sharing/proposal.html", screen=screen, proposal=screen.proposal,
                           form=shown, errors=errors or {}, reason=reason), status


@blueprint.post("/proposals/<int:proposal_id>/edit")
@signed_in
@limited("proposal", only_if=lambda: request.form.get("action") in SAVE_ACTIONS)
def edit(proposal_id: int):
    variants = typed_variants()
    action = request.form.get("action", "preview")
    try:
        if action not in SAVE_ACTIONS:
            return render_proposal(proposal_id, variants=variants)
        proposal = proposals.edit_proposal(request_db(), current_actor(), proposal_id,
                                           variants=variants, submit=SAVE_ACTIONS[action],
                                           base_url=base_url())
    except (InvalidInput, Conflict) as refused:
        request_db().rollback()
        # The typed texts stay in the form; the previews are those of the saved ones.
        return render_proposal(proposal_id, form=variants, errors=form_errors(refused),
                               status=status_of(refused))
    flash(_saved_message(proposal.state), "success")
    return redirect(url_for(".page", proposal_id=proposal.id), code=303)


@blueprint.post("/proposals/<int:proposal_id>/retract")
@signed_in
def retract(proposal_id: int):
    try:
        approvals.retract(request_db(), current_actor(), proposal_id)
    except Conflict as refused:
        request_db().rollback()
        flash(_(refused.message, **refused.params), "error")
        return redirect(url_for(".page", proposal_id=proposal_id), code=303)
    flash(_("Withdrawn from sharing: shares not yet out are cancelled. Those who already "
            "published it are offered to delete their post."), "success")
    return redirect(url_for(".page", proposal_id=proposal_id), code=303)


def _saved_message(state: str) -> str:
    if state == "approved":
        return _("Approved at once (the rules ask for no approver): it is offered to your "
                 "colleagues.")
    if state == "draft":
        return _("Draft saved. Submit it for approval when it is ready.")
    return _("Proposed for sharing: the approvers are told.")
