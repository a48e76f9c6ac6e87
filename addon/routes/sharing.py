"""Sharing from the add-on: ready to share (share now, at a moment, skip, my note) and the
approvers' queue (approve, reject, ask for changes). Connecting an account happens on our
web pages, which the cards open as an overlay."""

from __future__ import annotations

import logging
from datetime import datetime

from addon import endpoints, responses
from addon.cards.data import SharingHome
from addon.cards.sharing import (approvals_card, finding_message, network_name, offer_card,
                                 proposal_card, ready_card, slots_card)
from addon.events import MalformedEvent
from addon.pipeline import AddonRequest, addon_endpoint
from advocacy.errors import RuleBlocked
from advocacy.rules import DriveAnswer
from advocacy.services import accounts, approvals, proposals, sharing
from advocacy.services.loading import load_proposal
from advocacy.services.rules import current_rules
from advocacy.views import OfferView
from integrations.google.drive import DriveError
from social.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)


def sharing_home(req: AddonRequest) -> SharingHome | None:
    """The homepage's section: the rules' networks, my accounts, whether I approve."""
    if req.actor.is_guest:
        return None
    rules = current_rules(req.db, req.actor.tenant_id)
    states = {account.network: account.status
              for account in accounts.my_accounts(req.db, req.actor)}
    return SharingHome(rules.enabled_networks(), states, approvals.may_approve(req.actor, rules))


def _proposal_id(req: AddonRequest) -> int:
    proposal_id = req.event.int_param("proposalId")
    if proposal_id is None:
        raise MalformedEvent("no proposalId parameter", req.event.language)
    return proposal_id


def _network(req: AddonRequest) -> str:
    return req.event.param("network") or ""


def _offer(req: AddonRequest, proposal_id: int) -> OfferView:
    for offer in sharing.ready_to_share(req.db, req.actor, base_url=req.ctx.base_url):
        if offer.proposal.id == proposal_id:
            return offer
    raise NotFound()


def _ready(req: AddonRequest) -> dict:
    return ready_card(req.ctx, sharing.ready_to_share(req.db, req.actor,
                                                      base_url=req.ctx.base_url))


@addon_endpoint(endpoints.SHARING_READY)
def ready(req: AddonRequest):
    return responses.push(_ready(req))


@addon_endpoint(endpoints.SHARING_OFFER)
def offer(req: AddonRequest):
    return responses.push(offer_card(req.ctx, _offer(req, _proposal_id(req))))


@addon_endpoint(endpoints.SHARING_SHARE_NOW)
def share_now(req: AddonRequest):
    proposal_id = _proposal_id(req)
    try:
        delivery = sharing.share_now(req.db, req.actor, proposal_id, _network(req),
                                     base_url=req.ctx.base_url)
    except (RuleBlocked, Conflict, InvalidInput) as refused:
        return _refused(req, refused, proposal_id)
    return responses.update(offer_card(req.ctx, _offer(req, proposal_id)), req._(
        "Shared on %(network)s: it goes out at %(time)s.", network=network_name(delivery.network),
        time=req.ctx.t.datetime(delivery.scheduled_at, "short")))


@addon_endpoint(endpoints.SHARING_SLOTS)
def slots(req: AddonRequest):
    proposal_id, network = _proposal_id(req), _network(req)
    moments = sharing.suggest_slots(req.db, req.actor, proposal_id, network)
    return responses.push(slots_card(req.ctx, _offer(req, proposal_id), network, moments))


@addon_endpoint(endpoints.SHARING_SHARE_AT)
def share_at(req: AddonRequest):
    proposal_id = _proposal_id(req)
    try:
        at = datetime.fromisoformat(req.event.param("at") or "")
    except ValueError:
        raise MalformedEvent("at is not a moment", req.event.language) from None
    try:
        delivery = sharing.share_at_slot(req.db, req.actor, proposal_id, _network(req), at,
                                         base_url=req.ctx.base_url)
    except (RuleBlocked, Conflict, InvalidInput) as refused:
        return _refused(req, refused, proposal_id)
    message = req._("Scheduled on %(network)s for %(time)s.", network=network_name(delivery.network),
                    time=req.ctx.t.datetime(delivery.scheduled_at, "short"))
    return responses.back(message, offer_card(req.ctx, _offer(req, proposal_id)))


@addon_endpoint(endpoints.SHARING_SKIP)
def skip(req: AddonRequest):
    sharing.skip(req.db, req.actor, _proposal_id(req))
    return responses.update(_ready(req),
                            req._("Skipped: this post will not be shared on your accounts."))


@addon_endpoint(endpoints.SHARING_NOTE)
def note(req: AddonRequest):
    offer_view = sharing.set_note(req.db, req.actor, _proposal_id(req),
                                  req.event.form_value("note"), base_url=req.ctx.base_url)
    return responses.update(offer_card(req.ctx, offer_view), req._(
        "Your note is saved: the previews include it, checked by the rules."))


def _refused(req: AddonRequest, refused, proposal_id: int) -> dict:
    """The offer again, with why: the first blocking rule when the rules said no."""
    req.db.rollback()
    message = req._(refused.message, **refused.params)
    if isinstance(refused, RuleBlocked) and refused.decision.blocking:
        message = finding_message(req.ctx, refused.decision.blocking[0])
    return responses.update(offer_card(req.ctx, _offer(req, proposal_id)), message)


# ---- approvers --------------------------------------------------------------------------------

@addon_endpoint(endpoints.SHARING_APPROVALS)
def approvals_queue(req: AddonRequest):
    cursor = req.event.param("cursor")
    page = approvals.approvals_queue(req.db, req.actor, cursor=cursor, base_url=req.ctx.base_url)
    card = approvals_card(req.ctx, page)
    return responses.update(card) if cursor else responses.push(card)


def _proposal_card(req: AddonRequest, proposal_id: int) -> dict:
    view = proposals.get_proposal(req.db, req.actor, proposal_id, base_url=req.ctx.base_url)
    may_decide = view.state == "proposed" and approvals.may_approve(
        req.actor, current_rules(req.db, req.actor.tenant_id))
    return proposal_card(req.ctx, view, may_decide=may_decide)


@addon_endpoint(endpoints.SHARING_PROPOSAL)
def open_proposal(req: AddonRequest):
    return responses.push(_proposal_card(req, _proposal_id(req)))


@addon_endpoint(endpoints.SHARING_APPROVE)
def approve(req: AddonRequest):
    proposal_id = _proposal_id(req)
    try:
        approvals.approve(req.db, req.actor, proposal_id, base_url=req.ctx.base_url,
                          drive_files=_drive_answers(req, proposal_id))
    except (RuleBlocked, Conflict) as refused:
        req.db.rollback()
        message = req._(refused.message, **refused.params)
        if isinstance(refused, RuleBlocked) and refused.decision.blocking:
            message = finding_message(req.ctx, refused.decision.blocking[0])
        return responses.update(_proposal_card(req, proposal_id), message)
    return responses.update(_proposal_card(req, proposal_id), req._(
        "Approved: the post is offered to the colleagues who read it."))


@addon_endpoint(endpoints.SHARING_REJECT)
def reject(req: AddonRequest):
    return _decide(req, approvals.reject, req._("Rejected: the proposer is told why."))


@addon_endpoint(endpoints.SHARING_REQUEST_CHANGES)
def request_changes(req: AddonRequest):
    return _decide(req, approvals.request_changes,
                   req._("Changes asked: the proposer can edit and submit it again."))


def _decide(req: AddonRequest, decision, done: str) -> dict:
    proposal_id = _proposal_id(req)
    try:
        decision(req.db, req.actor, proposal_id, req.event.form_value("reason"))
    except (InvalidInput, Conflict) as refused:
        req.db.rollback()
        return responses.update(_proposal_card(req, proposal_id),
                                req._(refused.message, **refused.params))
    return responses.update(_proposal_card(req, proposal_id), done)


def _drive_answers(req: AddonRequest, proposal_id: int) -> list[DriveAnswer] | None:
    """What Drive says of the post's linked files, asked with the approver's own token;
    None without a token (the proposal keeps what it knew, "unknown" otherwise)."""
    token = req.event.user_oauth_token
    proposal, post = load_proposal(req.db, req.actor, proposal_id)
    if not token or post is None:
        return None
    answers = []
    for file_id in proposals.linked_drive_files(req.db, req.actor, post.id, proposal.variants):
        try:
            answers.append(proposals.drive_answer(req.runtime.drive.file_info(file_id, token)))
        except DriveError as error:
            log.info("Drive would not describe %s: %s", file_id, error)
    return answers or None
