"""Every state-changing route of the reading and writing pages refuses a request without
the CSRF token. The routes are read from the app's url_map, so a new one cannot slip by."""

from __future__ import annotations

import re

from tests.web.conftest import TEST_CSRF

BLUEPRINTS = ("home", "composer", "spaces", "space_settings", "posts", "discussions",
              "tags", "search")
REFUSED = "Cette requête n’est pas valide."  # what the CSRF check answers


def _post_routes(app, world) -> list[str]:
    """Each POST route, with ids of things the signed-in person (Léa) may act on."""
    ids = {"space_id": world.projets, "post_id": world.post_id, "user_id": world.hugo.user_id,
           "comment_id": 1}
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in BLUEPRINTS:
            routes.append(re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]),
                                 rule.rule))
    return sorted(routes)


def test_the_reading_and_writing_pages_have_their_state_changing_routes(web_app, world):
    routes = _post_routes(web_app, world)
    assert {"/compose", "/compose/preview", f"/posts/{world.post_id}/reactions",
            f"/posts/{world.post_id}/comments", f"/spaces/{world.projets}/join"} <= set(routes)
    assert len(routes) == 20


def test_every_post_route_refuses_a_request_without_the_token(signed_in, world, web_app):
    client = signed_in(world.lea)
    for path in _post_routes(web_app, world):
        response = client.post(path, data={"body": "x", "reaction": "like:on"})
        assert response.status_code == 400 and REFUSED in response.get_data(True), path
        forged = client.post(path, data={"csrf_token": "forged", "body": "x"})
        assert forged.status_code == 400 and REFUSED in forged.get_data(True), path


def test_with_the_token_the_same_requests_get_past_the_check(signed_in, world, web_app):
    client = signed_in(world.lea)
    for path in _post_routes(web_app, world):
        if path.endswith(("/delete", "/leave", "/remove")):
            continue  # they would succeed and change the world for the next routes
        response = client.post(path, data={"csrf_token": TEST_CSRF})
        assert REFUSED not in response.get_data(True), path
