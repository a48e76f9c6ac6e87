"""RSS and Atom feeds behind a private token, read the way a feed reader reads them."""

from __future__ import annotations

import feedparser
import lxml.html
import pytest
from lxml import etree

from social.services import comments, people, posts, spaces
from social.services.feed_tokens import create_feed_token, revoke_feed_token
from tests.conftest import counting_statements
from tests.factories import deactivate, make_firm, make_guest, make_person, make_post, make_space

BASE = "https://comptoir.example.fr"
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_KINDS = ("atom", "rss")


@pytest.fixture(scope="module")
def feed_app(make_app):
    return make_app(base_url=BASE)


class FeedReader:
    """A feed reader: no cookie, no sign-in, just URLs.

    The test's own session ends its transaction before each fetch: on SQLite it
    would otherwise keep the write lock that noting the token's use waits for.
    """

    def __init__(self, client, db):
        self.client, self.db = client, db

    def get(self, url: str):
        self.db.commit()
        return self.client.get(url)

    def post(self, url: str):
        self.db.commit()
        return self.client.post(url)

    def delete(self, url: str):
        self.db.commit()
        return self.client.delete(url)


@pytest.fixture
def reader(feed_app, db):
    board = feed_app.extensions["comptoir"].database.versions
    if board is not None:  # PostgreSQL: tokens are remembered while their firm is unchanged
        assert board.wait_until_live(10)
    return FeedReader(feed_app.test_client(use_cookies=False), db)


@pytest.fixture
def firm(db):
    return make_firm(db)


@pytest.fixture
def lea(db, firm):
    return make_person(db, firm, "Léa Martin")


@pytest.fixture
def general(db, firm, lea):
    return make_space(db, firm.admin, "Général", members=(lea,))


def fetch(reader, url: str, status: int = 200):
    response = reader.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def parsed(reader, url: str):
    response = fetch(reader, url)
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(reader, url: str) -> list[str]:
    return [entry.title for entry in parsed(reader, url).entries]


def assert_valid_atom(document: bytes) -> None:
    """The requirements of RFC 4287 that a feed of ours could break."""
    root = etree.fromstring(document)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert [link for link in entry.findall(f"{ATOM}link")
                if link.get("rel", "alternate") == "alternate"], "an entry links to its post"
        assert entry.find(f"{ATOM}content").get("type") == "html"
        assert entry.find(f"{ATOM}author/{ATOM}name").text


def assert_valid_rss(document: bytes) -> None:
    """The elements RSS 2.0 requires, and the ones our items promise."""
    root = etree.fromstring(document)
    assert root.tag == "rss" and root.get("version") == "2.0"
    [channel] = root.findall("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name), name
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link") and item.findtext("pubDate")
        assert item.find("guid").get("isPermaLink") == "true"


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_the_home_feed_lists_the_posts_of_my_spaces_newest_first(db, reader, firm, lea,
                                                                  general, kind):
    token, _ = create_feed_token(db, lea, "")
    first = make_post(db, firm.admin, general, "Bienvenue à toutes et à tous\n\nSuite du texte")
    second = make_post(db, lea, general, "Le **plan** du deuxième étage est prêt")
    feed = parsed(reader, f"/feeds/{token}/home.{kind}")
    assert feed.version == ("atom10" if kind == "atom" else "rss20")
    assert [entry.title for entry in feed.entries] == [
        "Le plan du deuxième étage est prêt", "Bienvenue à toutes et à tous"]
    assert [entry.link for entry in feed.entries] == [f"{BASE}/posts/{second.id}",
                                                      f"{BASE}/posts/{first.id}"]
    assert feed.entries[0].author == "Léa Martin"
    assert "<strong>plan</strong>" in (feed.entries[0].content[0].value if kind == "atom"
                                       else feed.entries[0].description)
    assert feed.entries[1].published_parsed[:5] == first.created_at.utctimetuple()[:5]


def test_links_to_people_and_hashtags_name_the_site(db, reader, firm, lea, general):
    token, _ = create_feed_token(db, lea, "")
    make_post(db, firm.admin, general, "Merci @lea.martin pour le #chantier")
    [entry] = parsed(reader, f"/feeds/{token}/home.atom").entries
    links = [link.get("href") for link in lxml.html.fragment_fromstring(
        entry.content[0].value, create_parent="div").iter("a")]
    assert links == [f"{BASE}/people/lea.martin", f"{BASE}/tags/chantier"]


def test_feeds_are_valid_atom_and_rss_documents(db, reader, firm, lea, general):
    token, _ = create_feed_token(db, lea, "")
    post = make_post(db, lea, general, "Chantier de Villeurbanne #chantier")
    comments.add_comment(db, firm.admin, post.discussion_id, "Bravo")
    posts.edit_post(db, lea, post.id, "Chantier de Villeurbanne, mis à jour #chantier")
    for path in ("home", f"spaces/{general}", "tags/chantier"):
        atom = fetch(reader, f"/feeds/{token}/{path}.atom")
        assert atom.content_type == "application/atom+xml; charset=utf-8"
        assert_valid_atom(atom.data)
        rss = fetch(reader, f"/feeds/{token}/{path}.rss")
        assert rss.content_type == "application/rss+xml; charset=utf-8"
        assert_valid_rss(rss.data)


def test_a_feed_read_again_shows_what_changed_since_at_once(db, reader, firm, lea, general):
    token, _ = create_feed_token(db, lea, "")
    make_post(db, lea, general, "Premier point")
    assert titles(reader, f"/feeds/{token}/home.atom") == ["Premier point"]
    assert titles(reader, f"/feeds/{token}/home.atom") == ["Premier point"]  # served again
    make_post(db, firm.admin, general, "Second point")
    assert titles(reader, f"/feeds/{token}/home.atom") == ["Second point", "Premier point"]


def test_a_feed_read_again_costs_one_statement_and_none_where_versions_are_announced(
        db, reader, feed_app, firm, lea, general):
    token, _ = create_feed_token(db, lea, "")
    make_post(db, lea, general, "Premier point")
    fetch(reader, f"/feeds/{token}/home.atom")  # its first use is written
    first = fetch(reader, f"/feeds/{token}/home.atom").data
    database = feed_app.extensions["comptoir"].database
    with counting_statements(database.engine) as counter:
        again = fetch(reader, f"/feeds/{token}/home.atom").data
    assert again == first
    # SQLite: the token, its owner, firm and version. PostgreSQL: all remembered.
    assert counter.count == (1 if database.versions is None else 0), counter.statements


def test_an_empty_feed_is_still_a_valid_feed(db, reader, lea):
    token, _ = create_feed_token(db, lea, "")
    assert_valid_atom(fetch(reader, f"/feeds/{token}/home.atom").data)
    assert_valid_rss(fetch(reader, f"/feeds/{token}/home.rss").data)
    assert parsed(reader, f"/feeds/{token}/home.atom").entries == []


def test_an_edited_post_says_when_it_was_updated(db, reader, firm, lea, general):
    token, _ = create_feed_token(db, lea, "")
    post = make_post(db, lea, general, "Version 1")
    edited = posts.edit_post(db, lea, post.id, "Version 2")
    [entry] = parsed(reader, f"/feeds/{token}/home.atom").entries
    assert entry.title == "Version 2"
    assert entry.updated_parsed[:6] == edited.edited_at.utctimetuple()[:6]
    assert entry.published_parsed[:6] == post.created_at.utctimetuple()[:6]


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_a_space_feed_and_a_hashtag_feed_hold_their_own_posts(db, reader, firm, lea, general,
                                                              kind):
    token, _ = create_feed_token(db, lea, "")
    theatre = make_space(db, lea, "Club théâtre", kind="interest")
    make_post(db, lea, theatre, "Répétition jeudi #Spectacle")
    make_post(db, firm.admin, general, "Le #spectacle de fin d'année")
    make_post(db, firm.admin, general, "Rien à voir")
    assert titles(reader, f"/feeds/{token}/spaces/{theatre}.{kind}") == [
        "Répétition jeudi #Spectacle"]
    assert titles(reader, f"/feeds/{token}/tags/spectacle.{kind}") == [
        "Le #spectacle de fin d'année", "Répétition jeudi #Spectacle"]


def test_feed_titles_speak_the_owners_language(db, reader, firm, lea, general):
    french, _ = create_feed_token(db, lea, "")
    ada = make_person(db, firm, "Ada Lovelace", locale="en")
    english, _ = create_feed_token(db, ada, "")
    assert parsed(reader, f"/feeds/{french}/home.atom").feed.title == \
        "Mes espaces sur Comptoir"
    assert parsed(reader, f"/feeds/{english}/home.atom").feed.title == "My spaces on Comptoir"
    assert parsed(reader, f"/feeds/{french}/spaces/{general}.rss").feed.title == \
        "Général sur Comptoir"
    people.update_preferences(db, lea, language="en")
    assert parsed(reader, f"/feeds/{french}/home.rss").feed.language == "en"


@pytest.mark.parametrize("path", ["home.atom", "home.rss", "spaces/{space}.atom",
                                  "tags/chantier.rss"])
def test_a_revoked_token_gets_404_everywhere(db, reader, firm, lea, general, path):
    token, view = create_feed_token(db, lea, "")
    make_post(db, lea, general, "#chantier en cours")
    url = f"/feeds/{token}/" + path.format(space=general)
    fetch(reader, url)
    fetch(reader, url)  # served again: the token remembered
    revoke_feed_token(db, lea, view.id)
    fetch(reader, url, 404)


@pytest.mark.parametrize("token", ["unknown", "1." + "A" * 43, "%2e%2e", "1.%3Cscript%3E"])
def test_an_unknown_token_gets_404(db, reader, lea, token):
    create_feed_token(db, lea, "")
    fetch(reader, f"/feeds/{token}/home.atom", 404)


def test_a_deactivated_owners_feeds_get_404(db, reader, firm, lea):
    token, _ = create_feed_token(db, lea, "")
    fetch(reader, f"/feeds/{token}/home.atom")
    fetch(reader, f"/feeds/{token}/home.atom")  # served again: the token remembered
    deactivate(db, firm, lea)
    fetch(reader, f"/feeds/{token}/home.atom", 404)


def test_a_space_the_owner_may_not_read_gets_404(db, reader, firm, lea):
    token, _ = create_feed_token(db, lea, "")
    private = make_space(db, firm.admin, "Direction", visibility="private")
    secret = make_space(db, firm.admin, "Surprise", visibility="secret")
    other = make_firm(db, "firm-b.fr", "Bruno Boss")
    elsewhere = make_space(db, other.admin, "Général")
    for space_id in (private, secret, elsewhere, 999_999):
        fetch(reader, f"/feeds/{token}/spaces/{space_id}.atom", 404)


def test_a_token_never_shows_a_space_its_owner_has_left(db, reader, firm, lea):
    token, _ = create_feed_token(db, lea, "")
    private = make_space(db, firm.admin, "Comité", visibility="private", members=(lea,))
    make_post(db, firm.admin, private, "Ordre du jour confidentiel #comite")
    assert titles(reader, f"/feeds/{token}/home.atom") == ["Ordre du jour confidentiel #comite"]
    assert len(titles(reader, f"/feeds/{token}/spaces/{private}.rss")) == 1
    assert len(titles(reader, f"/feeds/{token}/tags/comite.atom")) == 1
    spaces.leave_space(db, lea, private)
    assert titles(reader, f"/feeds/{token}/home.atom") == []
    fetch(reader, f"/feeds/{token}/spaces/{private}.rss", 404)
    assert titles(reader, f"/feeds/{token}/tags/comite.atom") == []
    for kind in FEED_KINDS:
        for path in ("home", "tags/comite"):
            assert b"confidentiel" not in fetch(reader, f"/feeds/{token}/{path}.{kind}").data


def test_a_guest_gets_the_feeds_of_their_own_spaces_only(db, reader, firm, lea, general):
    client_space = make_space(db, firm.admin, "Client Dupont")
    guest = make_guest(db, firm, firm.admin, client_space, "Claire Client")
    token, _ = create_feed_token(db, guest, "")
    make_post(db, firm.admin, general, "Interne : #livraison à préparer")
    make_post(db, firm.admin, client_space, "Pour le client : #livraison lundi")
    assert titles(reader, f"/feeds/{token}/home.atom") == ["Pour le client : #livraison lundi"]
    assert titles(reader, f"/feeds/{token}/tags/livraison.rss") == [
        "Pour le client : #livraison lundi"]
    assert len(titles(reader, f"/feeds/{token}/spaces/{client_space}.atom")) == 1
    fetch(reader, f"/feeds/{token}/spaces/{general}.atom", 404)


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_user_text_is_escaped_everywhere_in_the_feed(db, reader, firm, kind):
    mallory = make_person(db, firm, "<img src=x onerror=alert(1)> Mallory")
    space = make_space(db, mallory, "<b>Espace</b> <script>alert(2)</script>")
    token, _ = create_feed_token(db, mallory, "")
    make_post(db, mallory, space, "<script>alert(3)</script> titre\n\n"
              "[clic](javascript:alert(4)) <iframe src=//evil></iframe> #<b>tag</b>")
    for path in ("home", f"spaces/{space}"):
        document = fetch(reader, f"/feeds/{token}/{path}.{kind}").data
        tree = etree.fromstring(document)
        names = {etree.QName(element).localname for element in tree.iter()
                 if isinstance(element.tag, str)}
        assert not names & {"script", "img", "iframe", "b"}
        assert b"<script" not in document and b"<img" not in document
        assert b"<iframe" not in document
        feed = feedparser.parse(document)
        assert not feed.bozo
        [entry] = feed.entries
        html = entry.content[0].value if kind == "atom" else entry.description
        assert "<script" not in html and "<iframe" not in html and "&lt;script&gt;" in html
        content = lxml.html.fragment_fromstring(html, create_parent="div")
        assert {element.tag for element in content.iter()} <= {"div", "p", "a", "b"}
        assert not [link for link in content.iter("a")
                    if not link.get("href", "").startswith(("/", "https:", "http:"))]
        assert entry.title == "<script>alert(3)</script> titre"


def test_feed_answers_are_private_and_set_no_cookie(db, reader, lea):
    token, _ = create_feed_token(db, lea, "")
    response = fetch(reader, f"/feeds/{token}/home.atom")
    assert "private" in response.headers["Cache-Control"]
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "Set-Cookie" not in response.headers


def test_feeds_only_answer_get(db, reader, lea):
    token, _ = create_feed_token(db, lea, "")
    assert reader.post(f"/feeds/{token}/home.atom").status_code in (400, 405)
    assert reader.delete(f"/feeds/{token}/home.atom").status_code in (400, 405)


def test_a_feed_holds_the_newest_thirty_posts(db, reader, firm, lea, general):
    token, _ = create_feed_token(db, lea, "")
    for n in range(33):
        make_post(db, lea, general, f"Message {n}")
    entries = titles(reader, f"/feeds/{token}/home.rss")
    assert entries == [f"Message {n}" for n in range(32, 2, -1)]
