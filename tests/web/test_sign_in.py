"""Signing in with Google: code flow with state, nonce and PKCE, and what it lets in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from social.models import Tenant, User
from social.services import people, spaces
from social.actor import Actor
from tests.conftest import PRODUCTION_SETTINGS
from tests.web.conftest import (WEB_CLIENT_ID, csrf_from, provider_redirect, query_of,
                                sign_in, start_sign_in)


def test_the_authorization_request_carries_state_nonce_and_a_pkce_challenge(web):
    params = query_of(start_sign_in(web))
    assert params["client_id"] == WEB_CLIENT_ID
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 20
    assert set(params["scope"].split()) == {"openid", "email", "profile"}
    assert params["redirect_uri"] == "http://localhost/sign-in/google/callback"


def test_a_workspace_account_signs_in_and_lands_where_it_was_going(web, google, database):
    response = sign_in(web, google, "lea@atelier.fr", "Léa Martin", next_path="/spaces")
    assert response.status_code == 302 and response.headers["Location"] == "/spaces"
    feed = web.get("/")
    assert feed.status_code == 200 and "Léa Martin" in feed.get_data(True), feed.get_data(True)[1000:3000]
    with database.system_session() as db:
        assert db.scalar(select(Tenant.domain)) == "atelier.fr"
    token_request = google.sign_in.token_requests[-1]
    assert token_request["code_verifier"] and token_request["client_secret"]


def test_the_session_cookie_is_http_only_and_lax(web, google):
    sign_in(web, google, "lea@atelier.fr")
    cookie = web.get_cookie("comptoir_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_a_callback_with_another_browsers_state_is_refused(web, web_app, google, database):
    authorize = start_sign_in(web)
    google.sign_in.add_account("lea@atelier.fr", "Léa", domain="atelier.fr")
    callback = provider_redirect(authorize, "lea@atelier.fr")
    other_browser = web_app.test_client()
    refused = other_browser.get(callback)
    assert refused.status_code == 400
    with database.system_session() as db:
        assert db.scalar(select(User)) is None


def test_a_callback_cannot_be_replayed(web, google):
    google.sign_in.add_account("lea@atelier.fr", "Léa", domain="atelier.fr")
    callback = provider_redirect(start_sign_in(web), "lea@atelier.fr")
    assert web.get(callback).status_code == 302
    web.post("/sign-out", data={"csrf_token": csrf_from(web.get("/").get_data(True))})
    assert web.get(callback).status_code == 400


def test_a_callback_whose_flow_expired_or_vanished_is_refused(web, google, database):
    from social.models import OAuthFlow

    google.sign_in.add_account("lea@atelier.fr", "Léa", domain="atelier.fr")
    callback = provider_redirect(start_sign_in(web), "lea@atelier.fr")
    with database.system_session() as db:
        db.query(OAuthFlow).delete()
        db.commit()
    assert web.get(callback).status_code == 400


def test_a_forged_code_is_refused_without_a_500(web, google):
    authorize = start_sign_in(web)
    state = query_of(authorize)["state"]
    response = web.get(f"/sign-in/google/callback?code=forged&state={state}")
    assert response.status_code == 400
    assert "Google n’a pas confirmé" in response.get_data(True)


def test_an_id_token_with_another_nonce_is_refused(web, google, monkeypatch):
    google.sign_in.add_account("lea@atelier.fr", "Léa", domain="atelier.fr")
    authorize = start_sign_in(web)
    tampered = authorize.replace("nonce=", "nonce=tampered")
    assert web.get(provider_redirect(tampered, "lea@atelier.fr")).status_code == 400


def test_an_unverified_email_is_refused(web, google):
    google.sign_in.add_account("eve@atelier.fr", "Ève", domain="atelier.fr",
                               email_verified=False)
    assert web.get(provider_redirect(start_sign_in(web), "eve@atelier.fr")).status_code == 400


def test_a_personal_google_account_is_told_comptoir_is_for_workspace(web, google, database):
    response = sign_in(web, google, "someone@gmail.com", "Someone", domain="")
    assert response.status_code == 403
    assert "Google Workspace" in response.get_data(True)
    with database.system_session() as db:
        assert db.scalar(select(User)) is None


def test_an_invited_guest_with_a_personal_account_enters_the_inviting_firm(web, google,
                                                                          database):
    with database.system_session() as db:
        owner = Actor.of(people.enroll_user(db, people.Identity("s1", "lea@atelier.fr",
                                                                "atelier.fr", "Léa")))
        space = spaces.create_space(db, owner, name="Projet client")
        spaces.invite_guest(db, owner, space.id, email="marie@gmail.com", name="Marie")
    response = sign_in(web, google, "marie@gmail.com", "Marie Client", domain="")
    assert response.status_code == 302
    with database.system_session() as db:
        guest = db.scalar(select(User).where(User.email == "marie@gmail.com"))
        assert guest.role == "guest" and guest.google_sub is not None
        assert db.scalar(select(Tenant.domain).where(Tenant.id == guest.tenant_id)) == \
            "atelier.fr"


def test_a_domain_outside_the_allowed_list_is_refused(make_app, web_settings, google,
                                                     clean_database):
    client = make_app(**web_settings, allowed_domains=("atelier.fr",)).test_client()
    response = sign_in(client, google, "x@intrus.fr", "Intrus")
    assert response.status_code == 403


def test_a_deactivated_person_cannot_sign_in_and_is_signed_out(web, web_app, google, database):
    sign_in(web_app.test_client(), google, "admin@atelier.fr", "Admin")
    sign_in(web_client := web, google, "paul@atelier.fr", "Paul")
    with database.system_session() as db:
        admin = Actor.of(db.scalar(select(User).where(User.email == "admin@atelier.fr")))
        paul = db.scalar(select(User).where(User.email == "paul@atelier.fr"))
        people.deactivate_user(db, admin, paul.id)
    assert web_client.get("/").status_code == 302  # the old session no longer works
    assert sign_in(web_app.test_client(), google, "paul@atelier.fr").status_code == 403


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil",
                                    "javascript:alert(1)"])
def test_next_never_leads_off_the_site(web, google, target):
    response = sign_in(web, google, "lea@atelier.fr", next_path=target)
    assert response.headers["Location"] == "/"


def test_signing_out_ends_the_session(web, google):
    sign_in(web, google, "lea@atelier.fr")
    page = web.get("/")
    web.post("/sign-out", data={"csrf_token": csrf_from(page.get_data(True))})
    assert web.get("/").status_code == 302


def test_signing_out_needs_the_csrf_token(web, google):
    sign_in(web, google, "lea@atelier.fr")
    assert web.post("/sign-out").status_code == 400
    assert web.get("/").status_code == 200


def test_demo_sign_in_exists_in_development_on_loopback_only(web, google, database):
    sign_in(web, google, "lea@atelier.fr")
    assert web.get("/dev/sign-in/", environ_base={"REMOTE_ADDR": "192.168.1.20"}).status_code \
        == 404
    page = web.get("/dev/sign-in/")
    assert page.status_code == 200 and "lea@atelier.fr" in page.get_data(True)


def test_demo_sign_in_is_absent_in_production(make_app, web_settings, clean_database):
    client = make_app(**{**web_settings, **PRODUCTION_SETTINGS,
                         "google_client_id": WEB_CLIENT_ID}).test_client()
    assert client.get("/dev/sign-in/").status_code == 404
    assert client.post("/dev/sign-in/", data={"user": "1"}).status_code in (400, 404)
