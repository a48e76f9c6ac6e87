"""Sharing on X and LinkedIn from the add-on: what is ready for me, sharing it now or at a
suggested moment, skipping it, my note; the approvers' queue and decision; connecting an
account (our web page, opened as an overlay that reloads the card when closed).

Pure builders: data in (the gateway's read models), card dict out. Every text a
person wrote (posts, variants, notes, reasons, names) and every text a rule made
from it goes through `escape`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from addon import endpoints
from addon.cards.context import CardContext
from addon.cards.data import SharingHome
from addon.cards.widgets import (Widget, action, button, buttons, card, decorated, escape,
                                 known_icon, material_icon, open_link, section, text,
                                 text_input)
from advocacy.messages import failure_message
from advocacy.rules import Decision, Finding
from advocacy.views import NetworkOffer, OfferView, ProposalView
from core.i18n import N_
from social.pagination import Page

NETWORK_NAMES = {"x": "X", "linkedin": "LinkedIn"}
ACCOUNTS_PATH = "/sharing/accounts?from=addon"
PREVIEW_LENGTH = 600
DELIVERY_STATES = {"pending": N_("Scheduled"), "claimed": N_("Going out"),
                   "sent": N_("Published"), "failed": N_("Failed"),
                   "cancelled": N_("Cancelled")}
OFFER_STATES = {"offered": N_("Not answered yet"), "scheduled": N_("Scheduled"),
                "shared": N_("Shared"), "skipped": N_("Skipped")}


def network_name(network: str) -> str:
    return NETWORK_NAMES.get(network, network)


def connect_button(ctx: CardContext, network: str, *, again: bool = False) -> Widget:
    """Opens our accounts page over the add-on; closing it reloads the card."""
    label = ctx._("Reconnect %(network)s", network=network_name(network)) if again else \
        ctx._("Connect %(network)s", network=network_name(network))
    return button(label, open_link(ctx.url(ACCOUNTS_PATH), overlay=True, reload_on_close=True),
                  icon=material_icon("link"))


def home_section(ctx: CardContext, data: SharingHome) -> dict | None:
    if not data.networks and not data.may_approve:
        return None
    missing = [connect_button(ctx, network, again=data.account_states.get(network)
                              == "reconnect_needed")
               for network in data.networks
               if data.account_states.get(network) != "connected"]
    widgets: list[Widget | None] = [
        text(escape(ctx._("Posts your firm approved, to share on your own X and LinkedIn "
                          "accounts if you wish."))),
        buttons(button(ctx._("See what is ready"), action(ctx, endpoints.SHARING_READY),
                       icon=material_icon("campaign"), filled=True),
                button(ctx._("Approvals"), action(ctx, endpoints.SHARING_APPROVALS),
                       icon=material_icon("fact_check")) if data.may_approve else None),
        buttons(*missing) if missing else None,
    ]
    return section(widgets, header=escape(ctx._("Ready to share")))


# ---- the employee's side ---------------------------------------------------------------------

def ready_card(ctx: CardContext, offers: list[OfferView]) -> dict:
    sections = [offer_section(ctx, offer, compact=True) for offer in offers]
    if not offers:
        sections = [section([text(escape(ctx._(
            "Nothing to share right now. When your firm approves a post for sharing, it "
            "appears here.")))])]
    return card(title=ctx._("Ready to share"), name="sharing-ready", sections=sections,
                footer=button(ctx._("My accounts"), open_link(ctx.url(ACCOUNTS_PATH),
                                                              overlay=True,
                                                              reload_on_close=True),
                              icon=material_icon("manage_accounts")))


def offer_card(ctx: CardContext, offer: OfferView) -> dict:
    note = [text_input("note", ctx._("My note, put before the post (checked by the rules "
                                     "too)"), value=offer.note),
            buttons(button(ctx._("Save my note and check again"),
                           action(ctx, endpoints.SHARING_NOTE, proposalId=offer.proposal.id)))]
    return card(title=ctx._("Ready to share"), subtitle=_space(offer.proposal) or None,
                name="sharing-offer",
                sections=[offer_section(ctx, offer, compact=False),
                          section(note, header=escape(ctx._("Add my own words")))])


def offer_section(ctx: CardContext, offer: OfferView, *, compact: bool) -> dict | None:
    proposal = offer.proposal
    widgets: list[Widget | None] = [decorated(
        escape(_cut(proposal.post_excerpt, 200)), top=escape(_space(proposal)),
        bottom=escape(ctx._(OFFER_STATES.get(offer.status, offer.status))),
        on_click=action(ctx, endpoints.SHARING_OFFER, proposalId=proposal.id) if compact
        else None)]
    for item in offer.networks:
        widgets += network_widgets(ctx, proposal.id, item, compact=compact)
    if offer.status == "offered":
        widgets.append(buttons(button(ctx._("Skip this one"),
                                      action(ctx, endpoints.SHARING_SKIP,
                                             proposalId=proposal.id))))
    return section(widgets, header=escape(_cut(proposal.post_excerpt, 60)))


def network_widgets(ctx: CardContext, proposal_id: int, item: NetworkOffer, *,
                    compact: bool) -> list[Widget]:
    name = network_name(item.network)
    widgets = [preview_widget(ctx, item.decision, full=not compact)]
    if item.delivery is not None:
        state = ctx._(DELIVERY_STATES.get(item.delivery.status, item.delivery.status))
        when = ctx.t.datetime(item.delivery.sent_at or item.delivery.scheduled_at, "short")
        reason = failure_message(item.delivery.failure_code)
        bottom = ctx._(reason, detail=item.delivery.detail or "?") if reason and \
            "%(detail)s" in reason else (ctx._(reason) if reason else None)
        link = open_link(item.delivery.external_url) if item.delivery.external_url else None
        widgets.append(decorated(escape(f"{state} · {when}"), top=escape(name),
                                 bottom=escape(bottom) if bottom else None,
                                 icon=known_icon("CLOCK"), on_click=link))
    elif item.account_status is None or item.account_status == "reconnect_needed":
        widgets.append(buttons(connect_button(ctx, item.network,
                                              again=item.account_status is not None)))
    elif not item.decision.content_blocked:
        widgets.append(buttons(
            button(ctx._("Share now on %(network)s", network=name),
                   action(ctx, endpoints.SHARING_SHARE_NOW, proposalId=proposal_id,
                          network=item.network), icon=material_icon("send"), filled=True),
            button(ctx._("Choose a time"),
                   action(ctx, endpoints.SHARING_SLOTS, proposalId=proposal_id,
                          network=item.network), icon=material_icon("schedule"))))
    return widgets


def preview_widget(ctx: CardContext, decision: Decision, *, full: bool = True) -> Widget:
    """The text exactly as readers will see it, and what each rule did to it."""
    name = network_name(decision.network)
    if decision.content_blocked:
        state = ctx._("Blocked by the rules")
    elif decision.blocked:
        state = ctx._("Not at this moment")
    else:
        state = ctx._("Ready")
    length = ctx._("%(length)s of %(limit)s characters", length=decision.length,
                   limit=decision.limit)
    shown = decision.display_text if full else _cut(decision.display_text, 280)
    findings = findings_text(ctx, decision.findings if full else decision.blocking)
    return decorated(escape(_cut(shown, PREVIEW_LENGTH)),
                     top=escape(f"{name} · {state} · {length}"),
                     bottom=findings or None, icon=known_icon("DESCRIPTION"))


def findings_text(ctx: CardContext, findings: Iterable[Finding]) -> str:
    lines = [("⛔ " if finding.blocks else "✎ ") + escape(finding_message(ctx, finding))
             for finding in findings]
    return "<br>".join(lines)


def finding_message(ctx: CardContext, finding: Finding) -> str:
    return ctx._(finding.message, **finding.params)


def slots_card(ctx: CardContext, offer: OfferView, network: str,
               slots: list[datetime]) -> dict:
    name = network_name(network)
    choices = [buttons(button(ctx._("Share on %(date)s", date=ctx.t.datetime(slot, "short")),
                              action(ctx, endpoints.SHARING_SHARE_AT,
                                     proposalId=offer.proposal.id, network=network,
                                     at=slot.isoformat()),
                              icon=material_icon("event")))
               for slot in slots]
    if not choices:
        choices = [text(escape(ctx._("The rules leave no moment before this offer closes.")))]
    explained = text(escape(ctx._("These moments follow your firm's sharing hours and limits, "
                                  "in your time zone.")))
    return card(title=ctx._("When to share on %(network)s", network=name),
                subtitle=_cut(offer.proposal.post_excerpt, 80), name="sharing-slots",
                sections=[section([explained, *choices])])


# ---- the approvers' side ---------------------------------------------------------------------

def approvals_card(ctx: CardContext, page: Page[ProposalView]) -> dict:
    widgets: list[Widget] = [
        decorated(escape(_cut(proposal.post_excerpt, 200)),
                  top=escape(" · ".join(filter(None, [
                      proposal.proposer.name if proposal.proposer else "", _space(proposal)]))),
                  bottom=escape(ctx._("Changed since its approval"))
                  if proposal.changed_since_approval else None,
                  icon=known_icon("BOOKMARK"),
                  on_click=action(ctx, endpoints.SHARING_PROPOSAL, proposalId=proposal.id))
        for proposal in page.items]
    if page.next_cursor:
        widgets.append(buttons(button(ctx._("More"), action(ctx, endpoints.SHARING_APPROVALS,
                                                            cursor=page.next_cursor))))
    if not widgets:
        widgets = [text(escape(ctx._("Nothing waits for your approval.")))]
    return card(title=ctx._("Approvals"), subtitle=ctx._("Posts waiting for approval"),
                name="sharing-approvals", sections=[section(widgets)])


def proposal_card(ctx: CardContext, proposal: ProposalView, *, may_decide: bool) -> dict:
    about = [decorated(escape(_cut(proposal.post_excerpt, 400)),
                       top=escape(" · ".join(filter(None, [
                           proposal.proposer.name if proposal.proposer else "",
                           _space(proposal)]))),
                       bottom=escape(ctx._("Reason given: %(reason)s", reason=proposal.reason))
                       if proposal.reason else None)]
    previews = [preview_widget(ctx, decision) for decision in proposal.previews] or \
        [text(escape(ctx._("No network is enabled by the rules yet.")))]
    decide = None
    if may_decide:
        decide = section([
            text_input("reason", ctx._("Reason (to reject or ask for changes)")),
            buttons(button(ctx._("Approve"), action(ctx, endpoints.SHARING_APPROVE,
                                                    proposalId=proposal.id),
                           icon=material_icon("check"), filled=True),
                    button(ctx._("Ask for changes"),
                           action(ctx, endpoints.SHARING_REQUEST_CHANGES,
                                  proposalId=proposal.id), icon=material_icon("edit")),
                    button(ctx._("Reject"), action(ctx, endpoints.SHARING_REJECT,
                                                   proposalId=proposal.id),
                           icon=material_icon("block")))],
            header=escape(ctx._("Your decision")))
    return card(title=ctx._("Proposal for sharing"), subtitle=ctx._(_STATES.get(
        proposal.state, proposal.state)), name="sharing-proposal",
        sections=[section(about), section(previews, header=escape(ctx._(
            "What the rules make of it"))), decide])


_STATES = {"draft": N_("Draft"), "proposed": N_("Waiting for approval"),
           "approved": N_("Approved"), "rejected": N_("Rejected"),
           "changes_requested": N_("Changes requested"), "retracted": N_("Withdrawn"),
           "expired": N_("Offer closed")}


def _space(proposal: ProposalView) -> str:
    return proposal.space.name if proposal.space else ""


def _cut(value: str, limit: int) -> str:
    value = value or ""
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"
