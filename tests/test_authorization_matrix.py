"""Every route of the production app, tried by every kind of actor, against the table of
who may do what (tests/authorization/table.py).

A leak is a refused actor who gets a success, an answer showing a text they may not read
(the world's marker words), or a refused write that changed the database. There must be
none; and a route without an entry in the table fails the matrix.
"""

from __future__ import annotations

import time

import pytest

from sqlalchemy import text

from tests.addon.conftest import BASE_URL, CLIENT_ID, SERVICE_ACCOUNT
from tests.authorization.probe import (AddonCaller, changed_tables, fingerprint, restore,
                                       snapshot, web_client)
from tests.authorization.report import write_summary
from tests.authorization.runner import Matrix, ordered_actors
from tests.authorization.table import DEV_ONLY, DEV_SANDBOX, TABLE
from tests.authorization.world import build_world
from tests.conftest import PRODUCTION_SETTINGS, empty_all_tables
from tests.web.conftest import TEST_CSRF

WEB_SECRET = "matrix-web-client-secret"
CLOSED = "https://127.0.0.1:9"  # the discard port: nothing listens


@pytest.fixture(scope="module")
def production_app(make_app, google):
    google.sign_in.client_secrets[CLIENT_ID] = WEB_SECRET
    return make_app(**{**PRODUCTION_SETTINGS, "base_url": BASE_URL,
                       "addon_service_account": SERVICE_ACCOUNT, "google_client_id": CLIENT_ID,
                       "google_client_secret": WEB_SECRET, "addon_audiences": (BASE_URL,),
                       "google_oidc_issuer_url": google.url, "google_certs_url": google.certs_url,
                       "google_api_url": google.url,
                       # X and LinkedIn configured: their connect and callback routes exist.
                       "x_client_id": "matrix-x", "x_client_secret": "matrix-x-secret",
                       "linkedin_client_id": "matrix-li",
                       "linkedin_client_secret": "matrix-li-secret",
                       # ...at addresses that refuse at once: no test reaches the internet.
                       "x_api_url": CLOSED, "x_token_url": f"{CLOSED}/token",
                       "x_authorize_url": f"{CLOSED}/authorize", "linkedin_api_url": CLOSED,
                       "linkedin_oauth_url": CLOSED})


def routes(app) -> list[tuple[object, str]]:
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule, method))
    return found


def fresh_world(app, database):
    empty_all_tables(database)
    runtime = app.extensions["comptoir"]
    with database.system_session() as db:
        return build_world(db, runtime.token_cipher, runtime.settings.secret_key)


def test_every_route_has_an_entry_in_the_table(production_app):
    missing = [f"{method} {rule.rule} ({rule.endpoint})" for rule, method in
               routes(production_app) if (rule.rule, method) not in TABLE]
    assert not missing, "routes with no entry in tests/authorization/table.py: " + \
        "; ".join(missing)
    stale = set(TABLE) - {(rule.rule, method) for rule, method in routes(production_app)}
    assert not stale, f"table entries for routes the app does not have: {sorted(stale)}"


def test_development_routes_are_listed_and_absent_in_production(production_app, make_app):
    development = make_app(env="development")
    dev_only = {(rule.rule, method) for rule, method in routes(development)} - \
        {(rule.rule, method) for rule, method in routes(production_app)}
    assert dev_only == set(DEV_ONLY), "development-only routes differ from DEV_ONLY in " \
        f"tests/authorization/table.py: {sorted(dev_only ^ set(DEV_ONLY))}"
    client = web_client(production_app, None)  # with a CSRF token: the 404 is the answer
    for path, method in (*DEV_ONLY, (DEV_SANDBOX, "GET")):
        response = client.open(path, method=method, data={"csrf_token": TEST_CSRF})
        assert response.status_code == 404, (method, path)


def test_the_authorization_matrix_has_no_leak(production_app, database, google):
    caller = AddonCaller(production_app, google, CLIENT_ID)
    world = fresh_world(production_app, database)
    warm_up_addon(caller, world)
    matrix = Matrix(production_app, database, caller, world)
    started = time.perf_counter()
    pairs = [matrix.try_pair(rule, method, entry, actor, variant)
             for rule, method in routes(production_app)
             for variant, entry in (("", TABLE[(rule.rule, method)]),
                                    *TABLE[(rule.rule, method)].variants)
             for actor in ordered_actors(entry)]
    write_summary(pairs, time.perf_counter() - started)  # the run's summary shows its line
    problems = [f"{p.method} {p.rule}{f' [{p.variant}]' if p.variant else ''} as {p.actor}: "
                f"{'; '.join(p.problems)}" for p in pairs if p.problems]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_matrix_sees_a_changed_row_and_puts_it_back(production_app, database):
    """The write check itself: one changed column is seen, named, and undone."""
    fresh_world(production_app, database)
    rows, before = snapshot(database), fingerprint(database)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE comments SET body_md = 'changed' WHERE id = "
                                "(SELECT MIN(id) FROM comments)"))
        connection.execute(text("DELETE FROM memberships WHERE user_id = "
                                "(SELECT MAX(user_id) FROM memberships)"))
    changed = changed_tables(before, fingerprint(database))
    assert changed == ["comments", "memberships"]
    restore(database, rows, changed)
    assert changed_tables(before, fingerprint(database)) == []


def warm_up_addon(caller: AddonCaller, world) -> None:
    """Each add-on actor's first request enrols them (a write of the pipeline, not of a
    route): done before the matrix watches the database."""
    for subject in world.subjects.values():
        caller.send("/addon/home", subject, {}, {})
