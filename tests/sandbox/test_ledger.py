"""The sandbox's ledger and duplicate detection, its timeline page, and what it checks."""

from __future__ import annotations

import threading
import time

import pytest
import requests

import sandbox
from sandbox.store import DUPLICATE_WINDOW
from tests.fakes.sandbox import SandboxServer

LINKEDIN_HEADERS = {"LinkedIn-Version": "202510", "X-Restli-Protocol-Version": "2.0.0"}


def tweet(server, account, text):
    return requests.post(server.x_api_url + "/2/tweets", json={"text": text}, timeout=5,
                         headers={"Authorization": f"Bearer {account['access_token']}"})


def share(server, member, commentary, headers=None, **body):
    post = {"author": member["member_id"], "commentary": commentary, "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED", **body}
    return requests.post(server.linkedin_api_url + "/rest/posts", json=post, timeout=5,
                         headers={"Authorization": f"Bearer {member['access_token']}",
                                  **(LINKEDIN_HEADERS if headers is None else headers)})


@pytest.fixture
def lea(sandbox_server):
    return sandbox_server.account("x", "lea", "Léa")


@pytest.fixture
def lea_in(sandbox_server):
    return sandbox_server.account("linkedin", "lea", "Léa")


def test_the_ledger_records_author_exact_text_and_time(sandbox_server, sandbox_clock, lea):
    answer = tweet(sandbox_server, lea, "Bonjour  à tous\n")

    [post] = sandbox_server.ledger("x")
    assert answer.status_code == 201 and answer.json()["data"]["id"] == post["id"]
    assert (post["author"], post["text"]) == (lea["member_id"], "Bonjour  à tous\n")
    assert post["created_at"] == sandbox_clock.now and post["deleted"] is False
    assert post["duplicate_attempts"] == 0


def test_same_author_same_text_within_24_hours_is_refused_as_x_does(sandbox_server,
                                                                    sandbox_clock, lea):
    tweet(sandbox_server, lea, "Même texte")
    sandbox_clock.advance(DUPLICATE_WINDOW - 1)
    lea = sandbox_server.account("x", "lea")  # the first token expired meanwhile

    refused = tweet(sandbox_server, lea, "Même texte")

    assert refused.status_code == 403
    assert refused.json()["detail"] == \
        "You are not allowed to create a Tweet with duplicate content."
    [post] = sandbox_server.ledger("x")
    assert post["duplicate_attempts"] == 1  # a hidden double publish still shows


def test_after_24_hours_the_same_text_is_new_again(sandbox_server, sandbox_clock, lea):
    tweet(sandbox_server, lea, "Même texte")
    sandbox_clock.advance(DUPLICATE_WINDOW + 1)
    lea = sandbox_server.account("x", "lea")

    assert tweet(sandbox_server, lea, "Même texte").status_code == 201
    assert len(sandbox_server.ledger("x")) == 2


def test_another_author_or_another_text_is_not_a_duplicate(sandbox_server, lea):
    paul = sandbox_server.account("x", "paul")
    tweet(sandbox_server, lea, "Même texte")

    assert tweet(sandbox_server, paul, "Même texte").status_code == 201
    assert tweet(sandbox_server, lea, "Même texte.").status_code == 201
    assert len(sandbox_server.ledger("x")) == 3


def test_a_deleted_post_can_be_published_again(sandbox_server, lea):
    post_id = tweet(sandbox_server, lea, "Oups").json()["data"]["id"]
    requests.delete(f"{sandbox_server.x_api_url}/2/tweets/{post_id}", timeout=5,
                    headers={"Authorization": f"Bearer {lea['access_token']}"})

    assert tweet(sandbox_server, lea, "Oups").status_code == 201


def test_linkedin_duplicates_answer_422_duplicate_post_naming_the_first(sandbox_server,
                                                                       lea_in):
    first = share(sandbox_server, lea_in, "Même texte")

    refused = share(sandbox_server, lea_in, "Même texte")

    assert first.status_code == 201 and first.text == ""
    body = refused.json()
    assert refused.status_code == 422
    assert body["errorDetails"]["inputErrors"][0]["code"] == "DUPLICATE_POST"
    assert body["message"].endswith("Content is a duplicate of " + first.headers["x-restli-id"])


def test_the_networks_ledgers_are_separate(sandbox_server, lea, lea_in):
    tweet(sandbox_server, lea, "Partout")
    share(sandbox_server, lea_in, "Partout")

    assert [p["text"] for p in sandbox_server.ledger("x")] == ["Partout"]
    assert [p["text"] for p in sandbox_server.ledger("linkedin")] == ["Partout"]
    both = requests.get(sandbox_server.url + "/_sandbox/ledger", timeout=5).json()
    assert set(both) == {"x", "linkedin"} and len(both["linkedin"]) == 1


@pytest.mark.parametrize(("headers", "status", "code"), [
    ({"X-Restli-Protocol-Version": "2.0.0"}, 400, "VERSION_MISSING"),
    ({"LinkedIn-Version": "202510"}, 400, "INVALID_PROTOCOL_VERSION"),
    ({**LINKEDIN_HEADERS, "LinkedIn-Version": "2025-10"}, 426, "NONEXISTENT_VERSION"),
    ({**LINKEDIN_HEADERS, "LinkedIn-Version": "202513"}, 426, "NONEXISTENT_VERSION"),
])
def test_linkedin_requires_its_version_and_protocol_headers(sandbox_server, lea_in, headers,
                                                            status, code):
    answer = share(sandbox_server, lea_in, "Texte", headers=headers)

    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert sandbox_server.ledger("linkedin") == []


@pytest.mark.parametrize(("change", "field"), [
    ({"visibility": "EVERYONE"}, "/visibility"),
    ({"lifecycleState": "DRAFT"}, "/lifecycleState"),
    ({"content": {"article": {"source": "https://example.fr"}}}, "/content/article/title"),
])
def test_linkedin_checks_the_post_body(sandbox_server, lea_in, change, field):
    answer = share(sandbox_server, lea_in, "Texte", **change)

    assert answer.status_code == 422 and field in answer.json()["message"]


def test_a_token_without_the_posting_permission_is_refused(sandbox_server):
    reader = sandbox_server.account("linkedin", "reader", scopes=["openid", "profile"])

    answer = share(sandbox_server, reader, "Texte")

    assert answer.status_code == 403 and answer.json()["code"] == "ACCESS_DENIED"


def test_the_timeline_shows_both_networks_and_escapes_what_people_wrote(sandbox_server, lea,
                                                                        lea_in):
    tweet(sandbox_server, lea, '<script>alert("x")</script> & <b>gras</b>')
    share(sandbox_server, lea_in, "\\<img src=x onerror=alert\\(1\\)\\>",
          content={"article": {"source": "javascript:alert(1)", "title": "<i>Titre</i>"}})

    page = requests.get(sandbox_server.url + "/", timeout=5)

    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert "<script>alert" not in html and "<b>gras" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # as LinkedIn would show it
    assert 'href="javascript:' not in html and "&lt;i&gt;Titre&lt;/i&gt;" in html
    assert "@lea" in html and "lea@example.com" in html


def test_the_timeline_flags_a_commentary_linkedin_would_cut(sandbox_server, lea_in):
    share(sandbox_server, lea_in, "Avant (après")

    assert "Cut at an unescaped reserved character." in \
        requests.get(sandbox_server.url + "/", timeout=5).text


def test_the_ledger_survives_a_restart_when_kept_in_a_file(tmp_path):
    path = str(tmp_path / "sandbox.sqlite3")
    with SandboxServer(store_path=path) as first:
        account = first.account("x", "lea")
        tweet(first, account, "Persistant")

    with SandboxServer(store_path=path) as second:
        assert [post["text"] for post in second.ledger("x")] == ["Persistant"]
        assert tweet(second, account, "Le jeton aussi").status_code == 201


def test_reset_forgets_everything(sandbox_server, lea):
    tweet(sandbox_server, lea, "Avant")
    sandbox_server.fault("x", "status", status=500)

    sandbox_server.reset()

    assert sandbox_server.ledger("x") == [] and sandbox_server.faults("x") == []
    assert tweet(sandbox_server, lea, "Après").status_code == 401


def test_the_drop_fault_needs_a_real_socket_and_says_so():
    client = sandbox.create_app().test_client()
    account = client.post("/x/_sandbox/accounts", json={"handle": "lea"}).get_json()
    client.post("/x/_sandbox/faults", json={"kind": "drop"})

    answer = client.post("/x/2/tweets", json={"text": "t"},
                         headers={"Authorization": f"Bearer {account['access_token']}"})

    assert answer.status_code == 500 and b"werkzeug" in answer.data


def test_stopping_the_server_wakes_a_request_held_by_a_timeout():
    server = SandboxServer().start()
    account = server.account("x", "lea")
    server.fault("x", "timeout", seconds=60)
    started = time.monotonic()
    caller = threading.Thread(target=lambda: _ignore(tweet, server, account, "t"))
    caller.start()
    time.sleep(0.1)
    server.stop()
    caller.join(5)

    assert not caller.is_alive() and time.monotonic() - started < 5


def _ignore(function, *args):
    try:
        function(*args)
    except requests.RequestException:
        pass
