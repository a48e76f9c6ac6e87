"""Fuzzing GET query parameters (page, order, q, after, tab, since...) and the feeds'
URLs: any value, any extra parameter, any id in a path: never a 5xx."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from social.services.feed_tokens import create_feed_token
from tests.fuzz.strategies import any_text, id_like
from tests.fuzz.support import case, examples
from tests.web.conftest import SeparateClient

TARGET = "query-parameters"
NAMES = ["after", "before", "cursor", "page", "order", "q", "tab", "since", "until", "action",
         "skill", "passion", "space", "next", "from", "post", "comment", "format", "limit",
         "state", "code", "error", "sort"]
VALUES = ["recent", "top", "popular", "open", "closed", "2026-01-01", "2026-13-45", "-1", "0",
          "99999999999999999999", "eyJ4IjogMX0", "x" * 300, "../../etc/passwd", "%00",
          "https://evil.example", "//evil.example", "/\\evil.example"]
query = st.dictionaries(st.sampled_from(NAMES) | st.text(min_size=1, max_size=8),
                        st.sampled_from(VALUES) | id_like | any_text.filter(lambda t: len(t)
                                                                             < 5000),
                        max_size=4)


PAGES = ["/", "/spaces", "/spaces/{space}", "/spaces/{space}/members",
         "/spaces/{space}/activity", "/spaces/{space}/settings", "/posts/{post}",
         "/posts/{post}/history", "/posts/{post}/edit", "/tags/reunion", "/search", "/people",
         "/people/lea.martin", "/notifications", "/notifications/count", "/contributions",
         "/moderation", "/report", "/admin", "/admin/audit", "/admin/audit.csv",
         "/admin/sharing", "/admin/sharing/rules", "/sharing", "/sharing/approvals",
         "/sharing/shares", "/sharing/consents", "/sharing/accounts", "/compose",
         "/api/people", "/api/tags", "/me/settings", "/me/profile", "/spaces/new", "/sign-in"]


def pages(world) -> list[str]:
    return [page.format(space=world.projets, post=world.post_id) for page in PAGES]


def get(browser, path: str, parameters: dict, test: str):
    url = f"{path}?{urlencode(parameters)}" if parameters else path
    with case(TARGET, test, url) as tally:
        response = browser.get(url)
        tally.answered(response.status_code)
        assert response.status_code < 500, (url, response.status_code,
                                            response.get_data(True)[:500])


@examples(ci=40)
@given(data=st.data(), parameters=query)
def test_any_query_on_any_page(scene, data, parameters):
    browser = data.draw(st.sampled_from([scene.lea, scene.admin]), label="who")
    path = data.draw(st.sampled_from(pages(scene.world)), label="page")
    get(browser, path, parameters, "pages")


@examples(ci=20)
@given(data=st.data(), parameters=query)
def test_any_id_or_name_in_a_path(scene, data, parameters):
    number = data.draw(st.integers(0, 2**80).map(str), label="id")
    name = quote(data.draw(any_text.filter(lambda t: 0 < len(t) < 500), label="name"), safe="")
    path = data.draw(st.sampled_from([
        f"/spaces/{number}", f"/posts/{number}", f"/posts/{number}/history",
        f"/spaces/{number}/members", f"/tags/{name}", f"/people/{name}", f"/l/{name}",
        f"/unsubscribe/{name}", f"/sharing/offers/{number}", f"/sharing/proposals/{number}",
        f"/sharing/propose/{number}", f"/sharing/accounts/{name}/callback"]), label="path")
    get(scene.lea, path, parameters, "paths")


@pytest.fixture
def feed_token(scene) -> str:
    token, _ = create_feed_token(scene.db, scene.world.lea, "lecteur")
    scene.db.commit()
    return token


@pytest.fixture
def feed_reader(web_app, db):
    """A feed reader: no cookie, no sign-in; the test's session lets go before each fetch."""
    reader = SeparateClient(web_app, web_app.response_class, use_cookies=False)
    reader.release = db.commit
    return reader


@examples(ci=30)
@given(data=st.data(), parameters=query)
def test_any_feed_url(scene, feed_token, feed_reader, data, parameters):
    token = data.draw(st.sampled_from([feed_token, feed_token[:-1], "x"])
                      | st.text(min_size=1, max_size=80).map(lambda t: quote(t, safe="")),
                      label="token")
    kind = data.draw(st.sampled_from(["atom", "rss"]), label="kind")
    tag = quote(data.draw(st.sampled_from(["reunion", "réunion"]) | any_text.filter(
        lambda t: 0 < len(t) < 300), label="tag"), safe="")
    space = data.draw(st.sampled_from([scene.world.projets, scene.world.elsewhere])
                      | st.integers(0, 2**70), label="space")
    path = data.draw(st.sampled_from([f"/feeds/{token}/home.{kind}",
                                      f"/feeds/{token}/spaces/{space}.{kind}",
                                      f"/feeds/{token}/tags/{tag}.{kind}"]), label="feed")
    get(feed_reader, path, parameters, "feeds")
