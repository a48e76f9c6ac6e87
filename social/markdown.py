"""Markdown to safe HTML, with @mentions and #hashtags turned into links.

markdown-it-py renders CommonMark with raw HTML disabled and refuses
javascript: links; nh3 then sanitises the result against an allow-list, so a
bug in one layer is not enough to let a script through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from core.text import tag_key

MENTION = re.compile(r"(?<![\w.@/])@([a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?)", re.IGNORECASE)
HASHTAG = re.compile(r"(?<![\w&/#])#(\w[\w-]{0,49})")

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody",
    "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "ol": {"start"},
                      "th": {"style"}, "td": {"style"}}


@dataclass
class References:
    """What a text refers to: handles (lowercase) and hashtags (key -> first label)."""

    handles: set[str] = field(default_factory=set)
    hashtags: dict[str, str] = field(default_factory=dict)


def _is_hashtag(label: str) -> bool:
    return any(ch.isalpha() for ch in label)


def _reference_rule(state: StateCore) -> None:
    env = state.env
    known_handles: Mapping[str, str] = env.get("handles", {})
    found: References = env.setdefault("found", References())
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth > 0:
                children.append(token)
                continue
            children.extend(_split_references(token, known_handles, found))
        block.children = children


def _split_references(token: Token, known_handles: Mapping[str, str],
                      found: References) -> list[Token]:
    text = token.content
    pieces: list[Token] = []
    position = 0
    matches = sorted([*MENTION.finditer(text), *HASHTAG.finditer(text)], key=lambda m: m.start())
    for match in matches:
        if match.start() < position:
            continue
        if match.re is MENTION:
            handle = match.group(1).lower()
            found.handles.add(handle)
            href = known_handles.get(handle)
            css = "mention"
        else:
            label = match.group(1)
            if not _is_hashtag(label):
                continue
            key = tag_key(label)
            found.hashtags.setdefault(key, label)
            href = f"/tags/{key}"
            css = "hashtag"
        if href is None:
            continue
        pieces.append(_text(text[position:match.start()]))
        pieces.extend(_link(href, css, match.group(0)))
        position = match.end()
    if not pieces:
        return [token]
    pieces.append(_text(text[position:]))
    return [piece for piece in pieces if piece.type != "text" or piece.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _link(href: str, css: str, label: str) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrs = {"href": href, "class": css}
    return [opening, _text(label), Token("link_close", "a", -1)]


def _build_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True})
    parser.enable(["table", "strikethrough", "linkify"])
    parser.core.ruler.push("comptoir_references", _reference_rule)
    return parser


_PARSER = _build_parser()


def find_references(text: str) -> References:
    """The handles and hashtags a text names, outside code and links."""
    env: dict = {}
    _PARSER.parse(text, env)
    return env.get("found", References())


def render(text: str, handles: Mapping[str, str] | None = None) -> str:
    """Safe HTML for Markdown `text`; `handles` maps each known handle to its profile URL."""
    html = _PARSER.render(text, {"handles": dict(handles or {})})
    return sanitize(html)


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


def to_plain_text(text: str) -> str:
    """The words of a Markdown text without its markup: for cards, e-mails and feeds."""
    paragraphs: list[str] = []
    for token in _PARSER.parse(text, {}):
        if token.type == "inline" and token.children:
            paragraphs.append(_inline_text(token.children))
        elif token.type in {"fence", "code_block"}:
            paragraphs.append(token.content.strip())
    return "\n".join(part for part in paragraphs if part).strip()


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
    return "".join(parts)
