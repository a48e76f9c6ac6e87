"""GmailClient: the subject and sender of the open message, read with the add-on's two tokens."""

from __future__ import annotations

import time

import pytest

from integrations.google.drive import DriveClient
from integrations.google.gmail import GmailClient, GmailError, summary_from, thread_url
from tests.fakes.google import DriveFileRecord, GmailMessage
from tests.fakes.server import SilentServer
from tests.integrations.google.conftest import GMAIL_TOKEN, USER_TOKEN


@pytest.fixture
def gmail(google) -> GmailClient:
    return GmailClient(google.url, timeout=2.0)


@pytest.fixture
def message(google) -> GmailMessage:
    message = GmailMessage(id="18c2f0a1b2c3d4e5", thread_id="18c2f0a1b2c3d4e0",
                           subject="Devis chantier Lyon", sender="Client SA <achats@client.fr>")
    google.messages[message.id] = message
    return message


def test_a_message_summary_has_its_subject_sender_and_thread_link(gmail, message):
    summary = gmail.message_summary(message.id, USER_TOKEN, GMAIL_TOKEN)

    assert summary.message_id == message.id
    assert summary.thread_id == message.thread_id
    assert summary.subject == "Devis chantier Lyon"
    assert summary.sender == "Client SA <achats@client.fr>"
    assert summary.thread_url == "https://mail.google.com/mail/u/0/#all/18c2f0a1b2c3d4e0"


def test_the_request_asks_gmail_v1_for_two_metadata_headers_with_both_tokens(
        google, gmail, message):
    gmail.message_summary(message.id, USER_TOKEN, GMAIL_TOKEN)

    [sent] = google.api_requests
    assert sent.path == f"/gmail/v1/users/me/messages/{message.id}"
    assert sent.args["format"] == ["metadata"]
    assert sent.args["metadataHeaders"] == ["Subject", "From"]
    assert sent.headers["Authorization"] == f"Bearer {USER_TOKEN}"
    assert sent.headers["X-Goog-Gmail-Access-Token"] == GMAIL_TOKEN


def test_drive_and_gmail_share_one_base_url(google, gmail, message):
    google.drive_files["file-1"] = DriveFileRecord(id="file-1", name="Devis.pdf")

    DriveClient(google.url).file_info("file-1", USER_TOKEN)
    gmail.message_summary(message.id, USER_TOKEN, GMAIL_TOKEN)

    assert [sent.path for sent in google.api_requests] == [
        "/drive/v3/files/file-1", f"/gmail/v1/users/me/messages/{message.id}"]


def test_a_wrong_gmail_access_token_is_unauthorized(gmail, message):
    with pytest.raises(GmailError) as raised:
        gmail.message_summary(message.id, USER_TOKEN, "gmail-token-of-another-message")

    assert raised.value.reason == "unauthorized"
    assert raised.value.status == 401


@pytest.mark.parametrize("gmail_token", ["", None, "two words"])
def test_a_missing_gmail_access_token_is_unauthorized_without_asking_google(
        google, gmail, message, gmail_token):
    with pytest.raises(GmailError) as raised:
        gmail.message_summary(message.id, USER_TOKEN, gmail_token)

    assert raised.value.reason == "unauthorized"
    assert google.api_requests == []


def test_a_user_token_google_refuses_is_unauthorized(gmail, message):
    with pytest.raises(GmailError) as raised:
        gmail.message_summary(message.id, "ya29.expired", GMAIL_TOKEN)

    assert raised.value.reason == "unauthorized"


def test_an_unknown_message_is_not_found(gmail):
    with pytest.raises(GmailError) as raised:
        gmail.message_summary("no-such-message", USER_TOKEN, GMAIL_TOKEN)

    assert raised.value.reason == "not_found"


@pytest.mark.parametrize("failure, reason", [(500, "unavailable"), (403, "forbidden")])
def test_google_failures_map_to_a_reason(google, gmail, message, failure, reason):
    google.fail_next = [failure]

    with pytest.raises(GmailError) as raised:
        gmail.message_summary(message.id, USER_TOKEN, GMAIL_TOKEN)

    assert raised.value.reason == reason


def test_a_server_that_never_answers_is_unavailable_within_the_timeout():
    with SilentServer() as silent:
        started = time.monotonic()
        with pytest.raises(GmailError) as raised:
            GmailClient(silent.url, timeout=0.5).message_summary("m", USER_TOKEN, GMAIL_TOKEN)
        elapsed = time.monotonic() - started

    assert raised.value.reason == "unavailable"
    assert 0.5 <= elapsed < 1.5


def test_header_names_are_matched_whatever_their_case_and_the_first_one_wins():
    summary = summary_from({"id": "m", "threadId": "t", "payload": {"headers": [
        {"name": "SUBJECT", "value": "First"}, {"name": "subject", "value": "Second"},
        {"name": "from", "value": "a@b.fr"}]}}, "m")

    assert (summary.subject, summary.sender) == ("First", "a@b.fr")


def test_a_message_without_subject_or_sender_has_empty_ones():
    summary = summary_from({"id": "m", "threadId": "t", "payload": {}}, "m")

    assert (summary.subject, summary.sender) == ("", "")
    assert summary.thread_url.endswith("#all/t")


def test_a_thread_id_cannot_break_out_of_the_link():
    assert thread_url("t/../x?y#z") == "https://mail.google.com/mail/u/0/#all/t%2F..%2Fx%3Fy%23z"
