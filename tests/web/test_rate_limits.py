"""Abuse limits as people meet them: 429 with Retry-After, in their language, on the web
and in the add-on; per person and per firm; sign-in attempts; reads never limited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from addon import endpoints
from server import rate_limits
from social.actor import Actor
from social.models import Comment, User
from tests.addon.card_schema import card_text, validate_answer
from tests.addon.conftest import (LEA, AddonClient, addon_settings,  # noqa: F401 (fixtures)
                                  google_accepts_the_sample_tokens)
from tests.conftest import counting_statements
from tests.factories import make_firm, make_person, make_post, make_space
from tests.rate_limit_support import REDIS_URL, drop_prefix, redis_client, unique_prefix
from tests.web.conftest import FETCH, SeparateClient, enter_as, form, sign_in, start_sign_in

# Day-long windows: a test never straddles two windows (they turn at midnight UTC).
TIGHT = {"rate_limits": "comment=3/1d,reaction=100/1d,post=2/1d,sign_in=1/1d,sign_in_ip=3/1d",
         "tenant_rate_limits": "comment=100/1d"}
FIRM_TIGHT = {"rate_limits": "comment=100/1d", "tenant_rate_limits": "comment=4/1d"}


@pytest.fixture(scope="module")
def tight_app(make_app, web_settings):
    return make_app(**web_settings, **TIGHT)


@pytest.fixture(scope="module")
def firm_tight_app(make_app, web_settings):
    return make_app(**web_settings, **FIRM_TIGHT)


def browser(app, db, person):
    client = SeparateClient(app, app.response_class, use_cookies=True)
    client.release = db.commit
    return enter_as(client, person)


@pytest.fixture
def thread(db):
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    people = [make_person(db, firm, name) for name in
              ("Léa Martin", "Hugo Bernard", "Nina Petit", "Paul Roux", "Inès Blanc")]
    space = make_space(db, people[0], "Projets", members=tuple(people[1:]))
    post = make_post(db, people[0], space, "Le CCTP est prêt")
    other = make_firm(db, "autre.fr", "Olga Autre")
    zoe = make_person(db, other, "Zoé Autre")
    elsewhere = make_post(db, zoe, make_space(db, zoe, "Ailleurs"), "Chez nous")
    db.commit()
    return {"firm": firm, "people": people, "post": post.id, "zoe": zoe,
            "foreign_post": elsewhere.id}


def comment(client, post_id: int, text: str = "D’accord", **extra):
    return client.post(f"/posts/{post_id}/comments", data=form(body=text), **extra)


def comments_in(db) -> int:
    db.commit()
    return db.scalar(select(func.count()).select_from(Comment))


def retry_after(response) -> int:
    seconds = int(response.headers["Retry-After"])
    assert 0 < seconds <= 86400
    return seconds


def test_a_person_past_the_limit_gets_429_with_retry_after_in_french(tight_app, thread, db):
    hugo = browser(tight_app, db, thread["people"][1])
    for number in range(3):
        assert comment(hugo, thread["post"], f"Avis {number}").status_code == 303
    refused = comment(hugo, thread["post"], "Encore un")
    assert refused.status_code == 429
    retry_after(refused)
    page = refused.get_data(True)
    assert "Vous avez fait cela trop souvent" in page and '<html lang="fr">' in page
    assert comments_in(db) == 3  # the refused comment was not written


def test_the_429_answers_in_english_to_someone_who_reads_english(tight_app, db):
    firm = make_firm(db, "studio.co.uk", "Ann Admin")
    ann = make_person(db, firm, "Ann Smith", locale="en")
    post = make_post(db, ann, make_space(db, ann, "Projects"), "Draft ready")
    db.commit()
    client = browser(tight_app, db, ann)
    for _ in range(3):
        comment(client, post.id)
    refused = comment(client, post.id)
    assert refused.status_code == 429
    assert "You have done this too often for now" in refused.get_data(True)


def test_scripts_and_json_clients_get_429_too(tight_app, thread, db):
    hugo = browser(tight_app, db, thread["people"][1])
    for _ in range(3):
        assert comment(hugo, thread["post"], headers=FETCH).status_code == 200
    assert comment(hugo, thread["post"], headers=FETCH).status_code == 429
    answer = comment(hugo, thread["post"], headers={"Accept": "application/json"})
    assert answer.status_code == 429 and answer.is_json, (answer.headers, answer.get_data(True)[:3000])
    assert answer.get_json()["status"] == 429 and "trop souvent" in answer.get_json()["error"]
    retry_after(answer)


def test_reads_are_never_limited_nor_counted(tight_app, thread, db):
    hugo = browser(tight_app, db, thread["people"][1])
    for _ in range(10):
        assert hugo.get(f"/posts/{thread['post']}").status_code == 200
    for _ in range(3):
        assert comment(hugo, thread["post"]).status_code == 303
    assert comment(hugo, thread["post"]).status_code == 429
    assert hugo.get(f"/posts/{thread['post']}").status_code == 200
    assert hugo.post(f"/posts/{thread['post']}/reactions",
                     data=form(reaction="like:on")).status_code == 303  # another action


def test_each_person_has_their_own_counter(tight_app, thread, db):
    hugo, nina = (browser(tight_app, db, person) for person in thread["people"][1:3])
    for _ in range(3):
        comment(hugo, thread["post"])
    assert comment(hugo, thread["post"]).status_code == 429
    assert comment(nina, thread["post"]).status_code == 303


def test_a_firm_shares_its_limit_and_another_firm_is_unaffected(firm_tight_app, thread, db):
    people = [browser(firm_tight_app, db, person) for person in thread["people"]]
    for client in people[:4]:  # four colleagues, one comment each: the firm's four
        assert comment(client, thread["post"]).status_code == 303
    refused = comment(people[4], thread["post"])  # a fifth colleague, first comment
    assert refused.status_code == 429 and "trop souvent" in refused.get_data(True)
    retry_after(refused)
    zoe = browser(firm_tight_app, db, thread["zoe"])
    for _ in range(4):
        assert comment(zoe, thread["foreign_post"]).status_code == 303
    assert comments_in(db) == 8


def test_the_add_on_answers_an_error_card_with_retry_after(make_app, addon_settings, google,
                                                          db):
    addon = AddonClient(make_app(**addon_settings, **TIGHT), google)
    addon.card(endpoints.HOMEPAGE, LEA)  # Léa and her firm, from her Google identity
    lea = Actor.of(db.scalar(select(User).where(User.email == LEA.email)))
    post = make_post(db, lea, make_space(db, lea, "Projets"), "Le CCTP est prêt")
    db.commit()
    for number in range(3):
        addon.card(endpoints.POST_COMMENT, LEA, parameters={"postId": str(post.id)},
                   form={"comment": f"Avis {number}"})
    response = addon.post(endpoints.POST_COMMENT, addon.event(
        LEA, parameters={"postId": str(post.id)}, form={"comment": "Encore"}), expect=429)
    retry_after(response)
    cards = validate_answer(response.get_json())
    assert "Vous avez fait cela trop souvent" in card_text(cards[0])
    assert comments_in(db) == 3


def test_sign_in_attempts_are_limited_per_address(tight_app, clean_database):
    client = tight_app.test_client()
    for _ in range(3):
        start_sign_in(client)
    page = client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(True))[1]
    refused = client.post("/sign-in/google", data={"csrf_token": token, "next": "/"})
    assert refused.status_code == 429 and "trop souvent" in refused.get_data(True)
    retry_after(refused)
    other_address = tight_app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert "Location" in other_address.post("/sign-in/google", data={
        "csrf_token": _token(other_address), "next": "/"}).headers


def _token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"',
                     client.get("/sign-in").get_data(True))[1]


def test_sign_ins_are_limited_per_account(make_app, web_settings, google, clean_database):
    app = make_app(**web_settings, rate_limits="sign_in=1/1d,sign_in_ip=100/1d")
    assert sign_in(app.test_client(), google, "lea@atelier.fr").status_code == 302
    again = sign_in(app.test_client(), google, "lea@atelier.fr")
    assert again.status_code == 429
    retry_after(again)
    assert sign_in(app.test_client(), google, "hugo@atelier.fr").status_code == 302


def test_with_redis_the_counters_live_in_redis(make_app, web_settings, thread, db):
    client = redis_client()
    app = make_app(**web_settings, **TIGHT, redis_url=REDIS_URL)
    limiter = app.extensions[rate_limits.EXTENSION].limiter
    limiter.prefix = unique_prefix()
    try:
        hugo = browser(app, db, thread["people"][1])
        for _ in range(3):
            assert comment(hugo, thread["post"]).status_code == 303
        assert comment(hugo, thread["post"]).status_code == 429
        keys = {key.decode() for key in client.scan_iter(match=limiter.prefix + "*")}
        user_id, tenant_id = thread["people"][1].user_id, thread["firm"].tenant_id
        assert {key.rsplit(":", 1)[0] for key in keys} == {
            f"{limiter.prefix}user:{user_id}:comment:86400",
            f"{limiter.prefix}tenant:{tenant_id}:comment:86400"}
    finally:
        drop_prefix(client, limiter.prefix)


def test_a_limited_write_costs_one_statement_more(make_app, web_settings, thread, db):
    unlimited = make_app(**web_settings, rate_limits="off", tenant_rate_limits="off")
    limited = make_app(**web_settings, rate_limits="comment=100/1d",
                       tenant_rate_limits="comment=100/1d")
    counts = []
    for app in (unlimited, limited):
        hugo = browser(app, db, thread["people"][1])
        comment(hugo, thread["post"])  # warm up: caches, first-time queries
        with counting_statements(app.extensions["comptoir"].database.engine) as counter:
            assert comment(hugo, thread["post"]).status_code == 303
        counts.append(counter.count)
    assert counts[1] == counts[0] + 1, counts


# ---- which endpoints are limited ----------------------------------------------------------

EXPECTED = {
    "web.discussions.comment": "comment", "web.discussions.edit_comment": "comment",
    "web.discussions.react": "reaction", "web.composer.publish": "post",
    "web.posts.save": "post", "web.moderation.report": "report",
    "web.space_settings.invite": "invitation", "web.space_settings.invite_guest": "invitation",
    "web.spaces.create": "space",
    "addon.routes.drive.comment": "comment", "addon.routes.drive.like": "reaction",
    "addon.routes.drive.unlike": "reaction", "addon.routes.posts.like": "reaction",
    "addon.routes.posts.unlike": "reaction", "addon.routes.posts.comment": "comment",
    "addon.routes.posts.reply": "comment", "addon.routes.compose.publish": "post",
    "addon.routes.compose.gmail_publish": "post",
}


def test_every_abusable_write_is_limited(app):
    assert {name: rate_limits.LIMITED_VIEWS.get(name) for name in EXPECTED} == EXPECTED
    proposals = {"web.sharing.proposals.propose", "web.sharing.proposals.edit"}
    if "sharing_proposals.propose" in app.view_functions:
        assert {rate_limits.LIMITED_VIEWS.get(name) for name in proposals} == {"proposal"}


def test_no_read_is_limited(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "rate_limit", None):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"POST"}, rule
