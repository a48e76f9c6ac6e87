"""The envelopes Google expects around cards.

Triggers (homepage, items selected, Gmail message) answer an action that pushes
a card; widget callbacks answer `renderActions`: navigations plus a notification.
"""

from __future__ import annotations

from typing import Any

Card = dict[str, Any]


def trigger(card: Card) -> dict[str, Any]:
    return {"action": {"navigations": [{"pushCard": card}]}}


def _render(navigations: list[dict], notification: str | None) -> dict[str, Any]:
    action: dict[str, Any] = {"navigations": navigations}
    if notification:
        action["notification"] = {"text": notification}
    return {"renderActions": {"action": action}}


def update(card: Card, notification: str | None = None) -> dict[str, Any]:
    """Replace the current card in place."""
    return _render([{"updateCard": card}], notification)


def push(card: Card, notification: str | None = None) -> dict[str, Any]:
    """Open a new card on top of the current one (the back arrow returns)."""
    return _render([{"pushCard": card}], notification)


def back(notification: str | None = None, refreshed: Card | None = None) -> dict[str, Any]:
    """Return to the previous card, refreshed with `refreshed` when given."""
    navigations: list[dict] = [{"pop": True}]
    if refreshed is not None:
        navigations.append({"updateCard": refreshed})
    return _render(navigations, notification)


def request_file_scope(file_id: str) -> dict[str, Any]:
    """Ask Drive to grant the add-on access to one file (drive.file scope)."""
    return {"renderActions": {"hostAppAction": {"driveAction": {
        "requestFileScope": {"itemId": file_id}}}}}
