"""Cards that explain what went wrong, in the person's language."""

from __future__ import annotations

from addon import endpoints
from addon.cards.context import CardContext
from addon.cards.widgets import (action, button, buttons, card, decorated, escape, known_icon,
                                 section, text)


def error_card(ctx: CardContext, message: str, *, retry: bool = True) -> dict:
    """`message` is already translated; it is escaped here like any text."""
    widgets = [decorated(escape(message), icon=known_icon("DESCRIPTION"))]
    if retry:
        widgets.append(buttons(button(ctx._("Back to Comptoir"),
                                      action(ctx, endpoints.HOME))))
    return card(title="Comptoir", subtitle=ctx._("Something is not right"), name="error",
                sections=[section(widgets)])


def workspace_only_card(ctx: CardContext) -> dict:
    return card(title="Comptoir", subtitle=ctx._("For Google Workspace accounts"), name="error",
                sections=[section([text(escape(ctx._(
                    "Comptoir is the social network of firms that use Google Workspace. "
                    "You are signed in with a personal Google account: switch to your work "
                    "account to use it.")))])])


def domain_not_allowed_card(ctx: CardContext, domain: str) -> dict:
    return card(title="Comptoir", subtitle=ctx._("Not available for your organisation"),
                name="error", sections=[section([text(escape(ctx._(
                    "This Comptoir service is not open to %(domain)s. Ask your administrator "
                    "which Comptoir your firm uses.", domain=domain)))])])


def deactivated_card(ctx: CardContext) -> dict:
    return card(title="Comptoir", subtitle=ctx._("Account deactivated"), name="error",
                sections=[section([text(escape(ctx._(
                    "Your Comptoir account has been deactivated by your firm's administrator.")))])])
