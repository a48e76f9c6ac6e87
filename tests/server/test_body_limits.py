"""Oversized bodies are refused early with 413, and a message in the person's language.

"Early" means before any other check (CSRF, tokens) and before one byte of the body
is read when its length is announced; a chunked body is cut off at the limit.
"""

from __future__ import annotations

import io
import json

import pytest

from addon import endpoints
from server.body_limits import ADDON_MAX_BYTES, WEB_MAX_BYTES
from social.services import people
from tests.addon.card_schema import card_text, validate_answer
from tests.web.conftest import (TEST_CSRF, signed_in, web_app, web_settings,  # noqa: F401
                                world)

MEGABYTE = 1024 * 1024


class WatchedBody(io.BytesIO):
    """A request body that notes how much of it the app read."""

    def __init__(self, size: int):
        super().__init__(b"x" * size)
        self.read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.read_bytes += len(line)
        return line

    def readinto(self, buffer):
        count = super().readinto(buffer)
        self.read_bytes += count
        return count


CHUNKED = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}


def one_megabyte_comment() -> dict:
    return {"csrf_token": TEST_CSRF, "body": "é" * (MEGABYTE // 2)}


@pytest.fixture
def english_reader(world, signed_in, db):
    people.update_preferences(db, world.hugo, language="en")
    db.commit()
    return signed_in(world.hugo)


def test_the_limits_are_what_a_form_and_an_event_need():
    assert WEB_MAX_BYTES < MEGABYTE < 10 * MEGABYTE
    assert ADDON_MAX_BYTES < 10 * MEGABYTE


def test_a_one_megabyte_comment_is_refused_with_413_in_the_persons_language(english_reader,
                                                                            world):
    response = english_reader.post(f"/posts/{world.post_id}/comments",
                                   data=one_megabyte_comment())
    assert response.status_code == 413
    page = response.get_data(True)
    assert '<html lang="en">' in page
    assert "This is too large to be sent." in page


def test_a_french_reader_is_told_in_french(signed_in, world):
    response = signed_in(world.hugo).post(f"/posts/{world.post_id}/comments",
                                          data=one_megabyte_comment())
    assert response.status_code == 413
    assert "C’est trop volumineux pour être envoyé." in response.get_data(True)


def test_a_script_asking_for_json_gets_json(english_reader, world):
    response = english_reader.post(f"/posts/{world.post_id}/comments",
                                   data=one_megabyte_comment(),
                                   headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json() == {"error": "This is too large to be sent.", "status": 413}


def test_an_announced_length_is_refused_before_the_body_is_read(english_reader, world):
    body = WatchedBody(MEGABYTE)
    response = english_reader.post(f"/posts/{world.post_id}/comments", input_stream=body,
                                   content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert body.read_bytes == 0


def test_the_size_is_checked_before_the_csrf_token(web_app, world):
    anonymous = web_app.test_client()
    response = anonymous.post(f"/posts/{world.post_id}/comments", data={"body": "x" * MEGABYTE})
    assert response.status_code == 413


def test_a_chunked_body_is_cut_off_at_the_limit(english_reader, world):
    body = WatchedBody(MEGABYTE)
    response = english_reader.post(f"/posts/{world.post_id}/comments", input_stream=body,
                                   content_type="application/x-www-form-urlencoded",
                                   environ_overrides=CHUNKED)
    assert response.status_code == 413
    assert body.read_bytes < MEGABYTE


def test_a_chunked_body_within_the_limit_is_read_whole(english_reader, world):
    body = io.BytesIO(f"csrf_token={TEST_CSRF}&body=Envoy%C3%A9+par+morceaux".encode())
    response = english_reader.post(f"/posts/{world.post_id}/comments", input_stream=body,
                                   content_type="application/x-www-form-urlencoded",
                                   environ_overrides=CHUNKED)
    assert response.status_code == 303
    page = english_reader.get(response.headers["Location"]).get_data(True)
    assert "Envoyé par morceaux" in page


def test_a_ten_megabyte_add_on_event_gets_a_413_error_card_before_its_token_is_checked(
        web_app, world):
    event = {"commonEventObject": {"userLocale": "fr",
                                   "parameters": {"padding": "x" * (10 * MEGABYTE)}}}
    body = json.dumps(event).encode()
    response = web_app.test_client().post(endpoints.HOMEPAGE, data=body,
                                          content_type="application/json")
    assert response.status_code == 413
    [card] = validate_answer(response.get_json())
    assert card["name"] == "error"
    # The body is not read, so the event's locale is unknown: the firm's default language.
    assert "C’est trop volumineux pour être envoyé." in card_text(card)


def test_an_add_on_event_of_announced_length_is_not_read(web_app, world):
    body = WatchedBody(10 * MEGABYTE)
    response = web_app.test_client().post(endpoints.HOMEPAGE, input_stream=body,
                                          content_type="application/json")
    assert response.status_code == 413
    assert body.read_bytes == 0
