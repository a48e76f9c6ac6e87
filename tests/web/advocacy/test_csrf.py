"""Every state-changing route of the sharing pages refuses a request without the CSRF token,
or with a forged one. The routes are read from the app's url_map: a new one cannot slip by."""

from __future__ import annotations

import re

from tests.web.conftest import TEST_CSRF

BLUEPRINTS = ("sharing_ready", "sharing_accounts", "sharing_consents", "sharing_shares",
              "sharing_proposals", "sharing_approvals", "sharing_rules", "sharing_admin",
              "audit_export")
REFUSED = "Cette requête n’est pas valide."


def post_routes(app, sharing) -> list[str]:
    ids = {"proposal_id": sharing.approved_id, "post_id": 1, "delivery_id": 1,
           "network": "x"}
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in BLUEPRINTS:
            routes.append(re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]),
                                 rule.rule))
    return sorted(routes)


def test_the_sharing_pages_have_their_state_changing_routes(web_app, sharing):
    routes = post_routes(web_app, sharing)
    assert {"/admin/sharing/rules", "/sharing/accounts/x/connect",
            f"/sharing/proposals/{sharing.approved_id}/approve",
            f"/sharing/offers/{sharing.approved_id}/share-now"} <= set(routes)
    assert len(routes) == 17


def test_every_post_route_refuses_a_request_without_or_with_a_forged_token(
        signed_in, sharing, web_app):
    client = signed_in(sharing.admin)
    for path in post_routes(web_app, sharing):
        missing = client.post(path, data={"network": "x", "reason": "non"})
        assert missing.status_code == 400 and REFUSED in missing.get_data(True), path
        forged = client.post(path, data={"csrf_token": "forged", "network": "x"})
        assert forged.status_code == 400 and REFUSED in forged.get_data(True), path


def test_with_the_token_the_same_requests_get_past_the_check(signed_in, sharing, web_app):
    client = signed_in(sharing.lea)
    for path in post_routes(web_app, sharing):
        response = client.post(path, data={"csrf_token": TEST_CSRF})
        assert REFUSED not in response.get_data(True), path


def test_every_sharing_form_carries_the_token(signed_in, sharing):
    admin, lea = signed_in(sharing.admin), signed_in(sharing.lea)
    pages = [admin.get(path).get_data(True) for path in (
        "/admin/sharing/rules", "/sharing/approvals", f"/sharing/proposals/{sharing.proposed_id}")]
    pages += [lea.get(path).get_data(True) for path in (
        "/sharing", "/sharing/accounts", "/sharing/consents", "/sharing/shares",
        f"/sharing/offers/{sharing.approved_id}")]
    for page in pages:
        for form in re.findall(r'<form[^>]*method="post".*?</form>', page, re.S):
            assert f'name="csrf_token" value="{TEST_CSRF}"' in form, form[:200]
