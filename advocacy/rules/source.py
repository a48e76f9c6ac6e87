"""A post's Markdown as plain text with its links kept, for publishing elsewhere.

The words are those of social.markdown.to_plain_text (same parser settings,
same paragraph joins); where that drops a link, this keeps it as a separate
piece so that the check can tag it, track it and keep it out of word matching.
A Markdown link [label](url) reads "label (url)"; a bare or autolinked URL stays
as written until it is replaced by its tracked short link.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}) \
    .enable(["table", "strikethrough", "linkify"])
_DRIVE = [re.compile(p) for p in (
    r"^https?://drive\.google\.com/(?:file/d|drive/(?:u/\d+/)?folders)/([\w-]{10,})",
    r"^https?://docs\.google\.com/(?:document|spreadsheets|presentation|forms|drawings)"
    r"/d/([\w-]{10,})",
    r"^https?://drive\.google\.com/(?:open|uc)\?(?:.*&)?id=([\w-]{10,})",
)]
CODE_LENGTH = 12


@dataclass(frozen=True)
class Piece:
    text: str
    url: str | None = None  # set for a link: `text` is how it was written

    @property
    def is_link(self) -> bool:
        return self.url is not None


def pieces(markdown: str) -> list[Piece]:
    blocks: list[list[Piece]] = []
    for token in _PARSER.parse(markdown or "", {}):
        if token.type == "inline" and token.children:
            blocks.append(_inline(token.children))
        elif token.type in {"fence", "code_block"} and token.content.strip():
            blocks.append([Piece(token.content.strip())])
    joined: list[Piece] = []
    for block in blocks:
        if not any(piece.text for piece in block):
            continue
        if joined:
            joined.append(Piece("\n"))
        joined.extend(block)
    return _merge(joined)


def _inline(children: list[Token]) -> list[Piece]:
    found: list[Piece] = []
    link: Token | None = None  # the link being read, whose label collects in `label`
    label: list[str] = []
    for child in children:
        if child.type == "link_open":
            link, label = child, []
        elif child.type == "link_close" and link is not None:
            found.extend(_link(link, "".join(label)))
            link = None
        elif child.type in {"text", "code_inline"}:
            if link is not None:
                label.append(child.content)
            else:
                found.append(Piece(child.content))
        elif child.type in {"softbreak", "hardbreak"}:
            if link is not None:
                label.append(" ")  # a label stays on one line
            else:
                found.append(Piece("\n"))
    return found


def _link(token: Token, label: str) -> list[Piece]:
    href = str(token.attrs.get("href", ""))
    if not href.lower().startswith(("http://", "https://")):
        return [Piece(label)]  # mailto: and the like stay words
    if token.markup in {"linkify", "autolink"} or label.strip() in {"", href}:
        return [Piece(label or href, href)]
    return [Piece(f"{label} ("), Piece(href, href), Piece(")")]


def _merge(found: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in found:
        if merged and not piece.is_link and not merged[-1].is_link:
            merged[-1] = Piece(merged[-1].text + piece.text)
        elif piece.text or piece.is_link:
            merged.append(piece)
    return merged


def plain(found: list[Piece]) -> str:
    return "".join(piece.text for piece in found).strip()


def drive_file_id(url: str) -> str | None:
    for pattern in _DRIVE:
        match = pattern.match(url)
        if match:
            return match.group(1)
    return None


def with_utm(url: str, utm: tuple[tuple[str, str], ...]) -> str:
    """`url` with the UTM parameters it lacks; those it has are kept as they are."""
    if not utm:
        return url
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in query}
    missing = [(key, value) for key, value in utm if key not in present]
    if not missing:
        return url
    return urlunsplit(parts._replace(query=urlencode(query + missing)))


def link_code(salt: str, user_id: int, network: str, target: str, index: int) -> str:
    """A short, unguessable code, the same each time for the same share of the same link."""
    digest = hashlib.sha256(f"{salt}\x1f{user_id}\x1f{network}\x1f{index}\x1f{target}"
                            .encode()).digest()
    return base64.b32encode(digest).decode().lower()[:CODE_LENGTH]
