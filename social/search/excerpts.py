"""What a search hit shows: a short passage of the text, the matching words marked.

The passage is cut from the plain text of the stored (sanitised) HTML. Every
piece of it is escaped first; only then are the <mark> tags put around the
matching words, so no text can close the mark or open anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Sequence

from markupsafe import Markup, escape

from core.text import fold
from social.search.query import WORD

EXCERPT_LENGTH = 240
LEAD = 60  # characters shown before the first match
ELLIPSIS = "…"
_BLOCKS = {"p", "br", "li", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
           "td", "th", "hr"}


@dataclass(frozen=True)
class Term:
    """A folded word to mark: exactly, or as the start of longer words."""

    text: str
    prefix: bool = False

    def matches(self, folded_word: str) -> bool:
        if self.prefix:
            return folded_word.startswith(self.text)
        return folded_word == self.text


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of an HTML fragment, as a reader sees them, on one line."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def excerpt(text: str, terms: Sequence[Term], length: int = EXCERPT_LENGTH) -> Markup:
    """A passage around the first matching word, escaped, with matches in <mark>."""
    words = list(WORD.finditer(text))
    marked = {index for index, word in enumerate(words)
              if any(term.matches(fold(word.group())) for term in terms)}
    start = 0
    if marked:
        first = words[min(marked)].start()
        if first > LEAD:
            start = next(word.start() for word in words if word.start() >= first - LEAD)
    end = len(text)
    if end - start > length:
        end = max((word.end() for word in words if start < word.end() <= start + length),
                  default=start + length)
    pieces: list[str] = [ELLIPSIS] if start > 0 else []
    position = start
    for index, word in enumerate(words):
        if word.start() < start or word.end() > end:
            continue
        pieces.append(escape(text[position:word.start()]))
        piece = escape(word.group())
        pieces.append(Markup("<mark>") + piece + Markup("</mark>") if index in marked else piece)
        position = word.end()
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return Markup("".join(str(escape(piece)) for piece in pieces))
