"""What the log scrubber takes out of a message, and what it leaves."""

from __future__ import annotations

import logging

from core import log_redaction
from core.log_redaction import redact

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl"


def test_oauth_parameters_in_urls_and_forms():
    assert redact('"GET /sign-in/google/callback?code=4/0Ab-x_y&state=abc HTTP/1.1" 302') == \
        '"GET /sign-in/google/callback?code=[redacted]&state=abc HTTP/1.1" 302'
    assert redact("grant_type=refresh_token&refresh_token=r-123&client_id=c") == \
        "grant_type=refresh_token&refresh_token=[redacted]&client_id=c"


def test_secrets_in_dicts_and_json():
    assert redact("data {'client_secret': 'web-secret', 'code': 'c-1', 'client_id': 'id'}") == \
        "data {'client_secret': '[redacted]', 'code': '[redacted]', 'client_id': 'id'}"
    assert redact('{"access_token": "a-1", "expires_in": 3599}') == \
        '{"access_token": "[redacted]", "expires_in": 3599}'


def test_authorization_headers_and_json_web_tokens():
    assert redact("{'Authorization': 'Bearer kQmrQVqPNvSJ'}") == "{'Authorization': 'Bearer [redacted]'}"
    assert redact(f"refused token {JWT} (expired)") == "refused token [redacted] (expired)"


def test_what_is_no_secret_is_left_alone():
    for message in ("status_code=200", "GET /spaces/12?page=2 HTTP/1.1", "error_code=E42",
                    "{'code': 404}"):
        assert redact(message) == message


def test_records_are_scrubbed_whoever_logs_them(caplog):
    log_redaction.install()
    log_redaction.install()  # once is enough; twice changes nothing
    with caplog.at_level(logging.DEBUG, logger="some.library"):
        logging.getLogger("some.library").debug("token answer %s", {"id_token": JWT})
        try:
            raise ValueError(f"bad ?code=secret-code-1 for {JWT}")
        except ValueError:
            logging.getLogger("some.library").exception("failed")

    assert JWT not in caplog.text and "secret-code-1" not in caplog.text
    assert "{'id_token': '[redacted]'}" in caplog.text
