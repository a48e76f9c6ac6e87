"""What fuzzing found, kept as plain examples: each was a 500 before its fix."""

from __future__ import annotations

import pytest

from addon.events import MalformedEvent, parse_event
from core.ids import MAX_ID, parse_id
from tests.web.conftest import FETCH, form

TOO_BIG = str(MAX_ID + 1)


@pytest.mark.parametrize("text, expected", [
    ("42", 42), (str(MAX_ID), MAX_ID), ("0", 0),
    ("²", None), ("1²", None), ("٣", None), ("０", None), (TOO_BIG, None), ("9" * 40, None),
    ("", None), (None, None), ("-1", None), (" 1", None), ("1e3", None)])
def test_an_id_is_ascii_digits_within_the_id_columns_range(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("raw", ["²", "³6", TOO_BIG])
def test_an_add_on_parameter_that_only_looks_like_an_id_is_malformed(raw):
    event = parse_event({"commonEventObject": {"parameters": {"postId": raw}}})
    with pytest.raises(MalformedEvent):
        event.int_param("postId")


def test_an_id_in_a_url_past_the_largest_id_is_a_404(scene):
    response = scene.hugo.post(f"/posts/{TOO_BIG}/comments", data=form(body="Bonjour"))
    assert response.status_code == 404
    assert scene.hugo.get(f"/posts/{TOO_BIG}").status_code == 404


@pytest.mark.parametrize("space_id", ["²", TOO_BIG])
def test_the_composer_refuses_a_space_that_is_no_id(scene, space_id):
    response = scene.hugo.post("/compose", data=form(space_id=space_id, body="Bonjour"))
    assert response.status_code == 400
    assert "Choose the space to publish in." in response.get_data(True)


@pytest.mark.parametrize("post", ["²", "³6", TOO_BIG])
def test_a_report_of_something_that_is_no_id_is_a_404(scene, post):
    response = scene.hugo.post("/report", data=form(post=post, reason="spam"))
    assert response.status_code == 404


@pytest.mark.parametrize("field", ["level-²", f"level-{TOO_BIG}"])
def test_notification_levels_ignore_fields_that_name_no_space(scene, field):
    response = scene.hugo.post("/me/settings/spaces", data=form(**{field: "all"}))
    assert response.status_code == 303


@pytest.mark.parametrize("parent_id", ["²", TOO_BIG])
def test_a_reply_to_a_parent_that_is_no_id_is_a_comment(scene, parent_id):
    response = scene.hugo.post(f"/posts/{scene.world.post_id}/comments",
                               data=form(body="Bonjour", parent_id=parent_id))
    assert response.status_code == 303


@pytest.mark.parametrize("body", ["Corrigé", ""])  # saved, then refused (empty)
def test_editing_a_comment_without_its_post_answers_the_comment_without_a_reply_form(scene,
                                                                                     body):
    response = scene.hugo.post(f"/comments/{scene.comment_id}/edit", data=form(body=body),
                               headers=FETCH)
    assert response.status_code == 200
    assert "/comments\"" not in response.get_data(True)  # the reply form needs the post


@pytest.mark.parametrize("rows, approver", [("²", "²"), ("1", TOO_BIG)])
def test_the_rules_form_refuses_numbers_that_are_no_numbers(scene, rows, approver):
    response = scene.admin.post("/admin/sharing/rules", data=form(**{
        "schedule.window_rows": rows, "approval.by": "approvers",
        "approval.approvers": approver}))
    assert response.status_code == 400


@pytest.mark.parametrize("tag", ["%1B", "r%C3%A9union%00", "%08"])
def test_a_feed_of_a_tag_with_control_characters_is_a_404(scene, web_app, tag):
    from social.services.feed_tokens import create_feed_token

    token, _ = create_feed_token(scene.db, scene.world.lea, "lecteur")
    scene.db.commit()
    reader = web_app.test_client(use_cookies=False)
    assert reader.get(f"/feeds/{token}/tags/{tag}.atom").status_code == 404
    assert reader.get(f"/feeds/{token}/tags/reunion.rss").status_code == 200


@pytest.mark.parametrize("tag", ["r%C3%A9union%00", "%1B"])
def test_a_tag_page_with_control_characters_is_a_404(scene, tag):
    assert scene.lea.get(f"/tags/{tag}").status_code == 404
    assert scene.lea.get("/tags/reunion").status_code == 200
