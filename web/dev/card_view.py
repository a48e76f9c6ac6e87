"""Turning a card's JSON into what the preview page shows, and what each click does.

Text fields keep only Google's HTML subset (b, i, u, s, font color, a href, br):
anything else a card carried would be stripped by Google too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import nh3
from markupsafe import Markup

CARD_TAGS = {"b", "i", "u", "s", "font", "a", "br"}
CARD_ATTRIBUTES = {"font": {"color"}, "a": {"href"}}

ICONS = {
    "thumb_up": "👍", "thumb_up_off_alt": "👍", "send": "➤", "open_in_new": "↗",
    "lock": "🔒", "lock_open": "🔓", "public": "🌍", "domain": "🏢", "group_add": "➕",
    "edit": "✎", "save": "💾", "DESCRIPTION": "📄", "MULTIPLE_PEOPLE": "👥", "EMAIL": "✉",
    "PERSON": "👤", "STAR": "⭐", "MAP_PIN": "📍", "EVENT_PERFORMER": "🎭", "CLOCK": "🕑",
}


def card_html(text: str | None) -> Markup:
    return Markup(nh3.clean(text or "", tags=CARD_TAGS, attributes=CARD_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto"}))


def icon_of(icon: dict | None) -> str:
    if not icon:
        return ""
    if "knownIcon" in icon:
        return ICONS.get(icon["knownIcon"], "•")
    alt = (icon.get("altText") or "").replace(" ", "_")
    return ICONS.get(alt, "•")


@dataclass
class CardView:
    title: str
    subtitle: str
    sections: list[dict[str, Any]] = field(default_factory=list)
    footer: dict[str, Any] | None = None
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)


def card_view(card: dict[str, Any]) -> CardView:
    header = card.get("header", {})
    view = CardView(title=header.get("title", ""), subtitle=header.get("subtitle", ""))
    for section in card.get("sections", []):
        widgets = [_widget(view, widget) for widget in section.get("widgets", [])]
        view.sections.append({"header": card_html(section.get("header")),
                              "widgets": [widget for widget in widgets if widget]})
    footer = card.get("fixedFooter", {}).get("primaryButton")
    if footer:
        view.footer = _button(view, footer)
    return view


def _click(view: CardView, on_click: dict | None) -> dict[str, Any] | None:
    if not on_click:
        return None
    if "openLink" in on_click:
        return {"link": on_click["openLink"]["url"]}
    action = on_click.get("action")
    if not action:
        return None
    action_id = f"a{len(view.actions)}"
    view.actions[action_id] = {
        "function": action["function"],
        "parameters": {p["key"]: p["value"] for p in action.get("parameters", [])}}
    return {"action_id": action_id}


def _button(view: CardView, button: dict) -> dict[str, Any]:
    return {"label": button.get("text", ""), "icon": icon_of(button.get("icon")),
            "filled": button.get("type") == "FILLED", "disabled": button.get("disabled", False),
            "click": _click(view, button.get("onClick"))}


def _widget(view: CardView, widget: dict) -> dict[str, Any] | None:
    if "textParagraph" in widget:
        return {"kind": "paragraph", "html": card_html(widget["textParagraph"].get("text"))}
    if "decoratedText" in widget:
        body = widget["decoratedText"]
        return {"kind": "decorated", "html": card_html(body.get("text")),
                "top": card_html(body.get("topLabel")),
                "bottom": card_html(body.get("bottomLabel")),
                "icon": icon_of(body.get("startIcon")), "click": _click(view, body.get("onClick")),
                "button": _button(view, body["button"]) if "button" in body else None}
    if "buttonList" in widget:
        return {"kind": "buttons",
                "buttons": [_button(view, b) for b in widget["buttonList"].get("buttons", [])]}
    if "textInput" in widget:
        body = widget["textInput"]
        return {"kind": "input", "name": body["name"], "label": body.get("label", ""),
                "value": body.get("value", ""), "hint": body.get("hintText", ""),
                "multiline": body.get("type") == "MULTIPLE_LINE"}
    if "selectionInput" in widget:
        body = widget["selectionInput"]
        return {"kind": "select", "name": body["name"], "label": body.get("label", ""),
                "type": body.get("type", "DROPDOWN"),
                "choices": [(i["value"], i["text"], i.get("selected", False))
                          for i in body.get("items", [])]}
    if "divider" in widget:
        return {"kind": "divider"}
    return None
