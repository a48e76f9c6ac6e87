"""Names, space names, descriptions, bodies, file titles and hashtags are shown escaped on
every reading page (Chromium checks that nothing runs: tests/browser)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from social.models import User
from social.services import comments, posts, spaces
from tests.factories import drive_file, make_person, make_post, set_space_role
from tests.web.conftest import FETCH, form

PAYLOADS = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    '{{ 7*7 }}<b>gras</b>',
]
RAW = ["<script>alert", "<img src=x", "<svg onload", "<iframe", '<a href="javascript:', "<b>gras"]


def _assert_escaped(html: str) -> None:
    for raw in RAW:
        assert raw not in html, raw


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_escaped_on_every_page(signed_in, world, db, payload):
    attacker = make_person(db, world.firm, "Mallory")
    user = db.scalar(select(User).where(User.id == attacker.user_id))
    user.name = f"Mallory {payload}"
    db.commit()
    space = spaces.create_space(db, attacker, name=f"Espace {payload}"[:80],
                                description=f"Description {payload}")
    spaces.invite_member(db, attacker, space.id, world.lea.user_id)
    post = make_post(db, attacker, space.id, f"Texte {payload} #piège",
                     files=(drive_file("f-1234567890", f"Fichier {payload}"),))
    comments.add_comment(db, attacker, post.discussion_id, f"Avis {payload}")
    posts.set_pinned(db, attacker, post.id, True)
    set_space_role(db, attacker, space.id, world.lea, "owner")  # she sees the settings too
    client = signed_in(world.lea)
    for path in ("/", "/?order=recent", "/spaces", f"/spaces/{space.id}",
                 f"/spaces/{space.id}/members", f"/spaces/{space.id}/settings",
                 f"/posts/{post.id}", f"/posts/{post.id}/history", "/tags/piege",
                 "/search?q=texte", "/compose"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_escaped(response.get_data(True))
    if "7*7" in payload:  # user text is never evaluated as a template
        assert "Texte {{ 7*7 }}" in client.get(f"/posts/{post.id}").get_data(True)
    fragment = client.post(f"/posts/{post.id}/comments", headers=FETCH,
                           data=form(body=f"Réponse {payload}"))
    _assert_escaped(fragment.get_data(True))
    found = client.get("/api/people?q=mallory").get_json()
    assert found[0]["name"] == f"Mallory {payload}"  # JSON carries text; the script escapes it


def test_a_hashtag_url_and_a_search_query_are_shown_escaped(signed_in, world):
    client = signed_in(world.lea)
    for payload in PAYLOADS:
        tag = client.get("/tags/" + payload.replace("/", "%2F")).get_data(True)
        search = client.get("/search", query_string={"q": payload}).get_data(True)
        _assert_escaped(tag)
        _assert_escaped(search)
