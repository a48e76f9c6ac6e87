"""Atom 1.0 and RSS 2.0 documents from a feed's posts, with feedgen.

A pure function of data: no request, no database. feedgen writes with lxml, so
every text (names, titles, the post's HTML) is escaped in the XML; the post's
stored HTML, sanitised when it was written, goes in as escaped HTML content.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from feedgen.feed import FeedGenerator

from core.i18n import N_, Translator
from social.services.syndication import Syndication
from social.views import PostView

TITLE_LENGTH = 80
# Characters XML 1.0 forbids; lxml refuses them rather than dropping them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The sanitiser writes attributes double-quoted; "//" would be another host.
_SITE_PATH = re.compile(r'\b(href|src)="/(?!/)')
_BLOCKS = {"p", "li", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "hr"}
# Shown to nobody but the feed's owner, in their language.
TITLES = {
    "home": N_("My spaces on Comptoir"),
    "space": N_("%(subject)s on Comptoir"),
    "tag": N_("#%(subject)s on Comptoir"),
}
DESCRIPTIONS = {
    "home": N_("The latest posts of the spaces you belong to, at %(firm)s."),
    "space": N_("The latest posts of the space %(subject)s."),
    "tag": N_("The latest posts tagged #%(subject)s in the spaces you read."),
}
UNTITLED = N_("A post by %(author)s")


class _FirstLine(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]

    def handle_starttag(self, tag, attrs) -> None:
        self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:
        if tag in _BLOCKS:
            self.lines.append([])

    def handle_data(self, data) -> None:
        self.lines[-1].append(data)


def entry_title(post: PostView) -> str:
    """The first line of a post as a reader sees it, cut at a word if it is long."""
    parser = _FirstLine()
    parser.feed(post.body_html)
    parser.close()
    line = next((" ".join("".join(parts).split()) for parts in parser.lines
                 if "".join(parts).strip()), "")
    if len(line) > TITLE_LENGTH:
        line = line[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return line


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def fits_xml(text: str) -> bool:
    """Whether XML 1.0 can carry `text` as it is (no control character but tab and newlines)."""
    return not _NOT_XML.search(text)


def render(feed: Syndication, kind: str, *, base_url: str, feed_url: str,
           translator: Translator) -> bytes:
    """The feed as `atom` or `rss` XML."""
    base = base_url.rstrip("/")
    t = translator.gettext
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.id(_feed_id(base, feed))
    generator.title(_xml(t(TITLES[feed.kind], subject=feed.subject)))
    generator.description(_xml(t(DESCRIPTIONS[feed.kind], subject=feed.subject,
                                 firm=feed.subject)))
    generator.author(name="Comptoir")
    generator.language(translator.language)
    generator.link(href=feed_url, rel="self")
    generator.link(href=_page_url(base, feed), rel="alternate")
    generator.updated(max((_updated(post) for post in feed.posts),
                          default=datetime(2000, 1, 1, tzinfo=timezone.utc)))
    generator.generator("Comptoir", uri=base + "/")
    for post in feed.posts:
        _entry(generator, post, base, translator)
    if kind == "atom":
        return generator.atom_str(pretty=True)
    return generator.rss_str(pretty=True)


def _entry(generator: FeedGenerator, post: PostView, base: str, translator: Translator):
    link = f"{base}/posts/{post.id}"
    entry = generator.add_entry(order="append")
    entry.id(link)
    entry.guid(link, permalink=True)
    entry.link(href=link, rel="alternate")
    entry.title(_xml(entry_title(post) or translator.gettext(UNTITLED,
                                                             author=post.author.name)))
    entry.author(name=_xml(post.author.name))
    entry.dc.dc_creator(_xml(post.author.name))
    entry.published(post.created_at)
    entry.updated(_updated(post))
    html = _xml(_absolute_links(post.body_html, base))
    # In this order: feedgen's description() also sets Atom's content, without a type.
    entry.description(html)
    entry.content(html, type="html")
    entry.category(term=str(post.space.id), label=_xml(post.space.name))


def _absolute_links(html: str, base: str) -> str:
    """Mentions and hashtags link to our pages by path; a feed reader needs the host."""
    return _SITE_PATH.sub(lambda match: f'{match.group(1)}="{base}/', html)


def _updated(post: PostView) -> datetime:
    return post.edited_at or post.created_at


def _feed_id(base: str, feed: Syndication) -> str:
    # Stable for its owner and subject, and free of the token, which may be replaced.
    host = urlsplit(base).hostname or "comptoir"
    return f"tag:{host},2026:feeds/{feed.kind}/{quote(feed.key)}/{feed.owner_id}"


def _page_url(base: str, feed: Syndication) -> str:
    if feed.kind == "space":
        return f"{base}/spaces/{feed.key}"
    if feed.kind == "tag":
        return f"{base}/tags/{quote(feed.key)}"
    return base + "/"
