"""Fuzzing social's Markdown renderer: it never raises, and whatever is typed the HTML
is inert (allowed tags and attributes only, no on* handler, no link whose scheme a
browser would run: javascript:, vbscript:, data:)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from social import markdown
from tests.fuzz.strategies import markdown_text
from tests.fuzz.support import case, examples

TARGET = "markdown"
handles = st.dictionaries(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}[a-z0-9]", fullmatch=True),
                          st.just("/people/x"), max_size=3)
ALLOWED_SCHEMES = {"http", "https", "mailto"}
RAW_TAGS = ("<script", "<img", "<svg", "<iframe", "<object", "<embed", "<style", "<form",
            "<input", "<details", "<div", "<math", "<base", "<meta", "<link")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see: control characters and spaces dropped, entities
    decoded. (A path merely containing "javascript:" is harmless: the scheme decides.)"""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def assert_inert(rendered: str) -> None:
    """Only allowed tags and attributes, no on* handler, no link a browser would run."""
    lowered = rendered.lower()
    assert not any(tag in lowered for tag in RAW_TAGS), rendered
    parser = Elements()
    parser.feed(rendered)
    assert parser.comments == [], rendered
    for tag, attributes in parser.elements:
        assert tag in markdown.ALLOWED_TAGS, (tag, rendered)
        for name, value in attributes:
            assert not name.startswith("on"), (name, rendered)
            assert name in markdown.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (name, rendered)
            if name == "href":
                assert scheme_of(value or "") in ALLOWED_SCHEMES | {None}, (value, rendered)
            if name == "style":
                assert re.fullmatch(r"text-align:(left|right|center)", value or ""), value


@examples(ci=400)
@given(text=markdown_text, known=handles)
def test_markdown_renders_inert_html_and_never_raises(text, known):
    with case(TARGET, "render", text):
        rendered = markdown.render(text, known)
        assert_inert(rendered)
        markdown.find_references(text)
        markdown.to_plain_text(text)


@examples(ci=200)
@given(text=st.text(max_size=200))
def test_any_unicode_renders(text):
    with case(TARGET, "render: any unicode", text):
        rendered = markdown.render(text)
        assert_inert(rendered)
