"""A digest e-mail: two parts, people's words shown as text, a one-click unsubscribe."""

from __future__ import annotations

import re

from social.services import comments
from tests.factories import make_firm, make_person, make_post, make_space, user_row
from tests.social.digests.conftest import BASE_URL, happened_at, html_of, prefer, text_of, utc

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def test_a_digest_has_a_text_and_an_html_part_and_shows_peoples_text_as_text(db, run_at, smtp):
    firm = make_firm(db)
    reader = make_person(db, firm, "Léa Martin")
    author = make_person(db, firm, "Paul <b>Petit</b>")
    prefer(db, reader)
    prefer(db, author, frequency="off")
    prefer(db, firm.admin, frequency="off")
    space_id = make_space(db, firm.admin, "Atelier <i>x</i>", members=(reader, author))
    post = make_post(db, author, space_id, f"Bonjour {PAYLOAD}")
    comments.add_comment(db, firm.admin, post.discussion_id, "Vu")
    happened_at(db, utc(2026, 1, 4, 20))

    run_at(utc(2026, 1, 5, 7))

    [mail] = smtp.messages
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    html, text = html_of(mail), text_of(mail)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Paul &lt;b&gt;Petit&lt;/b&gt;" in html and "Atelier &lt;i&gt;x&lt;/i&gt;" in html
    # Plain text needs no escaping: people's words come through as they wrote them.
    assert PAYLOAD in text and "Paul <b>Petit</b>" in text
    assert mail["Content-Language"] == "fr"
    assert '<html lang="fr">' in html


def test_a_digest_carries_one_click_unsubscribe_headers_as_rfc_8058_asks(db, run_at, smtp):
    firm = make_firm(db)
    reader = make_person(db, firm, "Léa Martin")
    prefer(db, reader)
    prefer(db, firm.admin, frequency="off")
    make_post(db, firm.admin, make_space(db, firm.admin, members=(reader,)), "Nouvelles")
    happened_at(db, utc(2026, 1, 4, 20))

    run_at(utc(2026, 1, 5, 7))

    [received] = smtp.received
    raw = received.raw.decode("ascii")
    # Unfolded and unencoded, so that mail clients find the link.
    link = re.search(r"^List-Unsubscribe: <(https://[^>\r\n]+)>\r?$", raw, re.MULTILINE)
    assert link and link.group(1).startswith(f"{BASE_URL}/unsubscribe/")
    assert re.search(r"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", raw, re.MULTILINE)
    assert link.group(1) in text_of(received.message) and link.group(1) in html_of(received.message)
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert received.message["To"].addresses[0].addr_spec == user_row(db, reader).email
    assert received.message["Message-ID"].endswith("@comptoir.example.fr>")


def test_a_digest_speaks_the_readers_language_whatever_google_says(db, run_at, smtp):
    firm = make_firm(db)
    reader = make_person(db, firm, "Anna Smith", locale="fr")
    prefer(db, reader, language="en", time_zone="Europe/London")
    prefer(db, firm.admin, frequency="off")
    make_post(db, firm.admin, make_space(db, firm.admin, members=(reader,)), "Réunion à 15 h")
    happened_at(db, utc(2026, 1, 4, 20))

    run_at(utc(2026, 1, 5, 8))

    [mail] = smtp.messages
    assert mail["Subject"] == "Your daily Comptoir digest, January 5, 2026"
    assert "Hello Anna Smith" in text_of(mail) and "In your spaces" in html_of(mail)
    assert re.search(r"8:00\sPM", text_of(mail))  # 20:00 UTC is 20:00 in London in winter
