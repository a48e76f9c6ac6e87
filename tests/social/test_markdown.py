"""Markdown renders to inert HTML: whatever people type, no script runs in a reader's browser.

Each payload is checked twice: on the text (no raw `<script`, `<img`, ... tag
survives; dangerous markup may only appear escaped, as words) and on the parsed
HTML (only allowed tags and attributes, no event handler, no link whose scheme a
browser would run).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from social import markdown
from social.actor import Actor
from social.services import posts
from tests.factories import make_firm, make_person, make_space
from tests.social.conftest import building_session

PAYLOADS = {
    "script tag": "<script>alert(1)</script>",
    "script in a table cell": "| a |\n|---|\n| <script>alert(1)</script> |",
    "javascript link": "[click](javascript:alert(1))",
    "javascript link, mixed case": "[click](JaVaScRiPt:alert(1))",
    "javascript link, entity encoded": "[click](&#106;avascript:alert(1))",
    "javascript link, colon entity": "[click](javascript&colon;alert(1))",
    "javascript link, tab inside": "[click](java&#x09;script:alert(1))",
    "javascript link in angle brackets": "[click](<javascript:alert(1)>)",
    "javascript reference link": "[x]: javascript:alert(1)\n\n[click][x]",
    "javascript autolink": "<javascript:alert(1)>",
    "javascript image": "![x](javascript:alert(1))",
    "vbscript link": "[click](vbscript:msgbox(1))",
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "details ontoggle": "<details open ontoggle=alert(1)>",
    "div onclick": '<div onclick="alert(1)">hi</div>',
    "data: image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "data: link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "raw html link": '<a href="javascript:alert(1)">x</a>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "style tag": "<style>body{display:none}</style>",
    "form": '<form action="https://evil.example"><input name=p></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "math xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "title breaking out of the attribute": '[x](https://ok.example "\\" onmouseover=\\"alert(1)")',
    "script after a mention": "@paul.petit<script>alert(1)</script>",
    "img after a hashtag": "#tag<img src=x onerror=alert(1)>",
    "script after an autolinked url": "https://example.com/<script>alert(1)</script>",
    "html comment": "<!-- <script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
}

RAW_TAGS = ("<script", "<img", "<svg", "<iframe", "<object", "<style", "<form", "<input",
            "<meta", "<math", "<details", "<div", "<!--", "<![cdata")
ALLOWED_SCHEMES = {"http", "https", "mailto"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_comment(self, data):
        self.comments.append(data)


def _scheme(url: str) -> str | None:
    """The scheme a browser would see: after dropping spaces, tabs and newlines."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00 \x0c")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def assert_inert(html: str) -> None:
    lowered = html.lower()
    for tag in RAW_TAGS:
        assert tag not in lowered, f"{tag} survived in {html!r}"
    parser = _Elements()
    parser.feed(html)
    assert parser.comments == []
    for tag, attributes in parser.elements:
        assert tag in markdown.ALLOWED_TAGS, f"<{tag}> in {html!r}"
        for name, value in attributes:
            assert not name.startswith("on"), f"{name}= on <{tag}> in {html!r}"
            assert name in markdown.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, \
                f"{name}= on <{tag}> in {html!r}"
            if name == "href":
                scheme = _scheme(value or "")
                assert scheme is None or scheme in ALLOWED_SCHEMES, f"href={value!r}"
                assert "javascript:" not in (value or "").lower().replace("\t", "")
            if name == "style":
                assert re.fullmatch(r"text-align:(left|right|center)", value or ""), value


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_classic_xss_payload_renders_inert(payload):
    html = markdown.render(payload, {"paul.petit": "/people/paul.petit"})

    assert_inert(html)


@pytest.fixture(scope="module")
def author_and_space(module_database) -> tuple[Actor, int]:
    with building_session(module_database) as db:
        firm = make_firm(db)
        make_person(db, firm, "Paul Petit")
        return firm.admin, make_space(db, firm.admin)


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_classic_xss_payload_is_stored_inert_by_create_post(author_and_space, rolled_back_db,
                                                              payload):
    author, space_id = author_and_space

    post = posts.create_post(rolled_back_db, author, space_id, payload)

    assert_inert(post.body_html)
    assert_inert(posts.get_post(rolled_back_db, author, post.id).body_html)


def test_raw_html_is_shown_as_text_not_interpreted():
    html = markdown.render("<b>gras</b> et <i>italique</i>")

    assert "&lt;b&gt;gras&lt;/b&gt;" in html and "<b>" not in html


def test_a_javascript_link_is_left_as_plain_text_with_no_anchor():
    html = markdown.render("[click](javascript:alert(1))")

    assert "<a" not in html


def test_safe_markdown_still_renders_with_safe_links():
    html = markdown.render("**gras** _it_ [site](https://example.com) `code`\n\n- un\n- deux")

    assert "<strong>gras</strong>" in html and "<em>it</em>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">site</a>' in html
    assert "<code>code</code>" in html and "<li>un</li>" in html
    assert_inert(html)


def test_the_sanitizer_alone_strips_what_a_renderer_bug_could_let_through():
    dirty = ('<p onclick="x()">hi<script>alert(1)</script><img src=x onerror=y>'
             '<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a>'
             '<iframe src="https://e.example"></iframe></p>')

    clean = markdown.sanitize(dirty)

    assert_inert(clean)
    assert "alert(1)" not in clean  # the script's content goes with it
    assert clean.count("<a") == 2 and "href" not in clean
