"""Every state-changing route of the people, follow-up, moderation and admin pages refuses a
request without the CSRF token. Routes come from the app's url_map: a new one cannot slip by."""

from __future__ import annotations

import re

from sqlalchemy import select

from social.models import Notification, Report
from social.moderation import reports
from tests.factories import make_post
from tests.web.conftest import TEST_CSRF

BLUEPRINTS = ("people", "profile", "notifications", "settings", "moderation", "admin",
              "contributions")
REFUSED = "Cette requête n’est pas valide."


def _post_routes(app, ids: dict[str, int]) -> list[str]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in BLUEPRINTS:
            routes.append(re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]),
                                 rule.rule))
    return sorted(routes)


def _ids(db, world) -> dict[str, int]:
    make_post(db, world.hugo, world.projets, "@lea.martin regarde")
    reports.report_content(db, world.hugo, post_id=world.post_id, reason="spam")
    ids = {"notification_id": db.scalar(select(Notification.id)),
           "report_id": db.scalar(select(Report.id)), "user_id": world.hugo.user_id,
           "token_id": 1}
    db.commit()
    return ids


def test_the_routes_are_all_found(web_app, world, db):
    routes = _post_routes(web_app, _ids(db, world))
    assert "/me/settings" in routes and "/report" in routes and "/notifications/read-all" in routes
    assert len(routes) == 12


def test_every_post_route_refuses_a_request_without_or_with_a_forged_token(
        signed_in, world, db, web_app):
    client = signed_in(world.firm.admin)
    for path in _post_routes(web_app, _ids(db, world)):
        missing = client.post(path, data={"decision": "hide", "role": "member"})
        assert missing.status_code == 400 and REFUSED in missing.get_data(True), path
        forged = client.post(path, data={"csrf_token": "forged", "decision": "hide"})
        assert forged.status_code == 400 and REFUSED in forged.get_data(True), path


def test_with_the_token_the_same_requests_get_past_the_check(signed_in, world, db, web_app):
    client = signed_in(world.lea)
    for path in _post_routes(web_app, _ids(db, world)):
        response = client.post(path, data={"csrf_token": TEST_CSRF})
        assert REFUSED not in response.get_data(True), path
