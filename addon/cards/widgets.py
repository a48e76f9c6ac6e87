"""Widget primitives in google.apps.card.v1's JSON shape (camelCase, string parameters).

Text widgets accept a small HTML subset; every piece of user text goes through
`escape` before it is placed in one.
"""

from __future__ import annotations

import hashlib
import html
import threading
from collections import OrderedDict
from typing import Any, Iterable, Mapping

from addon.cards.context import CardContext
from social.markdown import to_plain_text

MAX_WIDGETS_PER_SECTION = 100
MAX_SECTIONS = 100

Widget = dict[str, Any]


def escape(text: str | None) -> str:
    """User text, inert in a card's HTML subset: tags, entities and quotes escaped."""
    return html.escape(text or "", quote=True).replace("\n", "<br>")


# Lists of posts show the same excerpts request after request (a firm's homepages share
# their newest posts); parsing Markdown is most of a list's cost. Short excerpts only are
# kept, keyed by a digest of the text, so the cache stays within a few megabytes.
CACHED_EXCERPT_LIMIT = 300
EXCERPT_CACHE_SIZE = 4096
_excerpts: OrderedDict[tuple[bytes, int], str] = OrderedDict()
_excerpts_lock = threading.Lock()


def excerpt(markdown: str, limit: int = 280) -> str:
    """The plain words of a Markdown body, shortened on a word boundary, escaped."""
    if limit > CACHED_EXCERPT_LIMIT:
        return _excerpt(markdown, limit)
    key = (hashlib.blake2b(markdown.encode(), digest_size=16).digest(), limit)
    with _excerpts_lock:
        found = _excerpts.get(key)
        if found is not None:
            _excerpts.move_to_end(key)
            return found
    made = _excerpt(markdown, limit)
    with _excerpts_lock:
        _excerpts[key] = made
        if len(_excerpts) > EXCERPT_CACHE_SIZE:
            _excerpts.popitem(last=False)
    return made


def _excerpt(markdown: str, limit: int) -> str:
    text = to_plain_text(markdown)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return escape(text)


def material_icon(name: str) -> dict[str, str]:
    """One of Google's Material icons, as add-on cards show them."""
    return {"iconUrl": f"https://www.gstatic.com/images/icons/material/system/1x/"
                       f"{name}_black_24dp.png", "altText": name.replace("_", " ")}


def known_icon(name: str) -> dict[str, str]:
    return {"knownIcon": name}


def action(ctx: CardContext, path: str, **parameters: Any) -> dict[str, Any]:
    """An onClick that posts back to one of our endpoints; parameter values are strings."""
    clean = [{"key": key, "value": str(value)} for key, value in parameters.items()
             if value is not None]
    body: dict[str, Any] = {"function": ctx.url(path)}
    if clean:
        body["parameters"] = clean
    return {"action": body}


def open_link(url: str, *, overlay: bool = False, reload_on_close: bool = False) -> dict:
    link: dict[str, Any] = {"url": url}
    if overlay:
        link["openAs"] = "OVERLAY"
        link["onClose"] = "RELOAD" if reload_on_close else "NOTHING"
    return {"openLink": link}


def text(content: str) -> Widget:
    """A paragraph of card HTML; callers escape any user text inside it."""
    return {"textParagraph": {"text": content}}


def decorated(content: str, *, top: str | None = None, bottom: str | None = None,
              icon: Mapping[str, str] | None = None, on_click: Mapping | None = None,
              button: Widget | None = None, wrap: bool = True) -> Widget:
    widget: dict[str, Any] = {"text": content, "wrapText": wrap}
    if top:
        widget["topLabel"] = top
    if bottom:
        widget["bottomLabel"] = bottom
    if icon:
        widget["startIcon"] = dict(icon)
    if on_click:
        widget["onClick"] = dict(on_click)
    if button:
        widget["button"] = button
    return {"decoratedText": widget}


def button(label: str, on_click: Mapping, *, icon: Mapping[str, str] | None = None,
           filled: bool = False, disabled: bool = False) -> Widget:
    widget: dict[str, Any] = {"text": label, "onClick": dict(on_click)}
    if icon:
        widget["icon"] = dict(icon)
    if filled:
        widget["type"] = "FILLED"
    if disabled:
        widget["disabled"] = True
    return widget


def buttons(*items: Widget | None) -> Widget:
    return {"buttonList": {"buttons": [item for item in items if item]}}


def text_input(name: str, label: str, *, hint: str | None = None, value: str = "",
               multiline: bool = True) -> Widget:
    widget: dict[str, Any] = {"name": name, "label": label,
                              "type": "MULTIPLE_LINE" if multiline else "SINGLE_LINE"}
    if hint:
        widget["hintText"] = hint
    if value:
        widget["value"] = value
    return {"textInput": widget}


def dropdown(name: str, label: str, choices: Iterable[tuple[str, str]],
             selected: str | None = None) -> Widget:
    items = [{"text": title, "value": value, "selected": value == selected}
             for value, title in choices]
    return {"selectionInput": {"name": name, "label": label, "type": "DROPDOWN",
                               "items": items}}


def radio(name: str, label: str, choices: Iterable[tuple[str, str]],
          selected: str | None = None) -> Widget:
    items = [{"text": title, "value": value, "selected": value == selected}
             for value, title in choices]
    return {"selectionInput": {"name": name, "label": label, "type": "RADIO_BUTTON",
                               "items": items}}


def divider() -> Widget:
    return {"divider": {}}


def section(widgets: Iterable[Widget | None], *, header: str | None = None,
            collapsible: bool = False, visible: int | None = None) -> dict[str, Any] | None:
    """A section, or None when it has no widget; Google's per-section limit is enforced."""
    kept = [widget for widget in widgets if widget]
    if not kept:
        return None
    if len(kept) > MAX_WIDGETS_PER_SECTION:
        raise ValueError(f"{len(kept)} widgets in one section; Google allows "
                         f"{MAX_WIDGETS_PER_SECTION}")
    body: dict[str, Any] = {"widgets": kept}
    if header:
        body["header"] = header
    if collapsible and visible is not None and len(kept) > visible:
        body["collapsible"] = True
        body["uncollapsibleWidgetsCount"] = visible
    return body


def sections(widgets: list[Widget], *, header: str | None = None) -> list[dict[str, Any]]:
    """As many sections as a long list needs, the header on the first."""
    chunks = [widgets[start:start + MAX_WIDGETS_PER_SECTION]
              for start in range(0, len(widgets), MAX_WIDGETS_PER_SECTION)]
    return [section(chunk, header=header if index == 0 else None)
            for index, chunk in enumerate(chunks)]


def card(*, title: str, subtitle: str | None = None,
         sections: Iterable[dict | list | None], name: str | None = None,
         image_url: str | None = None, footer: Widget | None = None) -> dict[str, Any]:
    """A card, with empty sections left out and Google's section limit enforced.

    An item of `sections` may itself be a list of sections (see `sections()`).
    """
    kept = []
    for item in sections:
        kept.extend(part for part in (item if isinstance(item, list) else [item]) if part)
    if len(kept) > MAX_SECTIONS:
        raise ValueError(f"{len(kept)} sections; Google allows {MAX_SECTIONS}")
    header: dict[str, Any] = {"title": title}
    if subtitle:
        header["subtitle"] = subtitle
    if image_url:
        header["imageUrl"] = image_url
        header["imageType"] = "CIRCLE"
    built: dict[str, Any] = {"header": header, "sections": kept}
    if name:
        built["name"] = name
    if footer:
        built["fixedFooter"] = {"primaryButton": footer}
    return built

