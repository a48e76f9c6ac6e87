"""Every state-changing route of the whole app refuses a signed-in browser's request that
lacks the CSRF token. The routes come from the app's url_map: a route added tomorrow, in
any blueprint, is tried too. The add-on's endpoints answer Google with a verified Bearer
token and no cookie; the one-click unsubscribe carries its own signed token."""

from __future__ import annotations

import re

from tests.factories import make_firm, make_person
from tests.web.conftest import SeparateClient

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
NOT_BROWSER_FORMS = ("/addon/",)
SIGNED_LINKS = {"/unsubscribe/<token>"}


def _routes(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(NOT_BROWSER_FORMS) or rule.rule in SIGNED_LINKS:
            continue
        for method in sorted(rule.methods & STATE_CHANGING):
            path = re.sub(r"<(?:[a-z]+:)?\w+>", "1", rule.rule)
            found.append((method, path))
    return sorted(found)


def test_every_state_changing_route_refuses_a_request_without_the_token(web_app, db):
    firm = make_firm(db, "atelier.fr", "Alice Admin")
    lea = make_person(db, firm, "Léa Martin")
    db.commit()
    browser = SeparateClient(web_app, web_app.response_class, use_cookies=True)
    browser.release = db.commit
    with browser.session_transaction() as session:
        session["uid"], session["tid"] = lea.user_id, lea.tenant_id
        session["csrf_token"] = "the-token-this-request-forgets"
    routes = _routes(web_app)
    assert len(routes) >= 50, routes  # the web, the sharing pages, the admin, dev tools
    let_through = []
    for method, path in routes:
        answer = browser.open(path, method=method, data={"body": "x", "name": "x"})
        if answer.status_code != 400 or "Cette requête n’est pas valide." not in \
                answer.get_data(True):
            let_through.append((method, path, answer.status_code))
    assert let_through == []
