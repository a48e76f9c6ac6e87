"""Security headers: what every answer carries, and what pages add.

Pages forbid inline scripts and any framing: the add-on opens our pages with openLink
in a new window or tab (OpenAs.FULL_SIZE) or a pop-up window (OpenAs.OVERLAY), never in
a frame, so no one needs to frame them. HSTS only outside development.
"""

from __future__ import annotations

import pytest

from tests.conftest import PRODUCTION_SETTINGS
from tests.factories import make_firm
from tests.web.conftest import enter_as


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def production(make_app, clean_database):
    return make_app(**PRODUCTION_SETTINGS).test_client()


@pytest.fixture
def signed_in_page(client, db):
    """The home page of a signed-in person, in development."""
    firm = make_firm(db)
    db.commit()
    page = enter_as(client, firm.admin).get("/")
    assert page.status_code == 200
    return page


def pages(client) -> dict[str, object]:
    """Pages an anonymous person gets."""
    found = {"sign-in": client.get("/sign-in"), "not found": client.get("/no/such/page")}
    assert [page.status_code for page in found.values()] == [200, 404]
    return found


def test_pages_forbid_inline_scripts_and_foreign_code(app, signed_in_page):
    for name, page in {**pages(app.test_client()), "home": signed_in_page}.items():
        assert page.mimetype == "text/html", name
        policy = directives(page.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], name
        assert not any("unsafe" in value for values in policy.values() for value in values), name
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], name
        assert policy["default-src"] == ["'self'"], name


def test_no_one_may_frame_a_page_the_add_on_opens_in_a_window(app, signed_in_page):
    for name, page in {**pages(app.test_client()), "home": signed_in_page}.items():
        assert directives(page.headers["Content-Security-Policy"])["frame-ancestors"] \
            == ["'none'"], name
        assert page.headers["X-Frame-Options"] == "DENY", name
        # The add-on learns that its overlay closed (OnClose.RELOAD) through the window
        # it opened: an opener policy would cut that link.
        assert "Cross-Origin-Opener-Policy" not in page.headers, name


def test_forms_post_to_us_and_to_the_sign_in_providers_only(production):
    policy = directives(production.get("/sign-in").headers["Content-Security-Policy"])
    assert policy["form-action"][0] == "'self'"
    assert "https://accounts.google.com" in policy["form-action"]
    assert all(origin.startswith("https://") for origin in policy["form-action"][1:])


@pytest.mark.parametrize("path", ["/sign-in", "/no/such/page", "/healthz"])
def test_every_answer_is_nosniff_with_a_referrer_policy(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_answers_that_are_not_pages_carry_no_page_policy(client):
    health = client.get("/healthz")
    assert health.mimetype == "application/json"
    assert "Content-Security-Policy" not in health.headers


@pytest.mark.parametrize("path", ["/sign-in", "/no/such/page", "/healthz"])
def test_hsts_outside_development(production, path):
    response = production.get(path)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/sign-in", "/no/such/page", "/healthz"])
def test_no_hsts_in_development(client, path):
    """A development server on http://127.0.0.1 must not make a browser insist on HTTPS."""
    assert "Strict-Transport-Security" not in client.get(path).headers


def test_production_pages_carry_the_same_policy(production):
    page = production.get("/sign-in")
    policy = directives(page.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
