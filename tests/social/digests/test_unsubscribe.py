"""Unsubscribing from the link in a digest: no sign-in, one person only, one click."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from social.digests.tokens import unsubscribe_token
from social.models import AuditEntry, User
from tests.conftest import TEST_SECRET_KEY
from tests.factories import make_firm, make_person, make_post, make_space, user_row
from tests.social.digests.conftest import happened_at, prefer, utc


@pytest.fixture
def two_readers(db):
    firm = make_firm(db)
    lea = make_person(db, firm, "Léa Martin")
    anna = make_person(db, firm, "Anna Smith")
    prefer(db, lea, frequency="daily", language="fr")
    prefer(db, anna, frequency="weekly", language="en")
    return firm, lea, anna


def frequency(db, person) -> str:
    value = db.scalar(select(User.digest_frequency).where(User.id == person.user_id))
    db.commit()  # lets go of SQLite's write lock for the next request
    return value


def url_for(person) -> str:
    return f"/unsubscribe/{unsubscribe_token(TEST_SECRET_KEY, person.tenant_id, person.user_id)}"


def test_the_link_shows_a_confirmation_in_the_persons_language_and_changes_nothing(
        db, client, two_readers):
    firm, lea, anna = two_readers

    french = client.get(url_for(lea), headers={"Accept-Language": "en"})
    english = client.get(url_for(anna), headers={"Accept-Language": "fr"})

    assert french.status_code == english.status_code == 200
    assert 'lang="fr"' in french.text and "Se désabonner" in french.text
    assert "Léa Martin" in french.text and '<form method="post">' in french.text
    assert 'lang="en"' in english.text and ">Unsubscribe</button>" in english.text
    assert french.headers["Referrer-Policy"] == "no-referrer"
    assert (frequency(db, lea), frequency(db, anna)) == ("daily", "weekly")


def test_the_button_unsubscribes_that_person_only_without_signing_in(db, client, two_readers):
    firm, lea, anna = two_readers

    response = client.post(url_for(lea))  # the page's form: no session, no CSRF token

    assert response.status_code == 200 and "Désabonnement confirmé" in response.text
    assert (frequency(db, lea), frequency(db, anna)) == ("off", "weekly")
    assert client.post(url_for(lea)).status_code == 200  # a second click is harmless
    audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "digest.unsubscribed"))
    assert [(entry.actor_id, entry.details["before"]) for entry in audit] == \
        [(lea.user_id, "daily")]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_altered_token_gets_the_not_found_page(db, client, two_readers, method):
    firm, lea, anna = two_readers
    tenant, user, signature = url_for(lea).rsplit("/", 1)[1].split(".")
    candidates = [f"{tenant}.{anna.user_id}.{signature}",
                  unsubscribe_token("someone-elses-secret-key-0123456789", lea.tenant_id,
                                    lea.user_id),
                  f"{tenant}.{user}", "nothing", f"{tenant}.999999.{signature}"]

    answers = [getattr(client, method)(f"/unsubscribe/{token}") for token in candidates]

    assert [answer.status_code for answer in answers] == [404] * len(candidates)
    assert (frequency(db, lea), frequency(db, anna)) == ("daily", "weekly")


def test_the_one_click_post_from_a_mail_client_stops_the_digests(db, client, two_readers,
                                                                  run_at, smtp):
    firm, lea, anna = two_readers
    prefer(db, firm.admin, frequency="off")
    prefer(db, anna, frequency="daily", language="en")
    make_post(db, firm.admin, make_space(db, firm.admin, members=(lea, anna)), "Nouvelles")
    happened_at(db, utc(2026, 1, 4, 20))
    run_at(utc(2026, 1, 5, 7))
    [mail] = smtp.to(user_row(db, lea).email)
    link = re.fullmatch(r"<(https://[^>]+)>", mail["List-Unsubscribe"]).group(1)
    db.commit()

    # RFC 8058: a POST to that URL with this one field, and nothing else.
    response = client.post(urlsplit(link).path, data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert (frequency(db, lea), frequency(db, anna)) == ("off", "daily")
    smtp.clear()
    make_post(db, firm.admin, make_space(db, firm.admin, members=(lea, anna)), "Encore")
    happened_at(db, utc(2026, 1, 5, 20))
    run_at(utc(2026, 1, 6, 7))
    assert [m["To"].addresses[0].addr_spec for m in smtp.messages] == [user_row(db, anna).email]
