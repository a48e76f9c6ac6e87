"""DriveClient: a file's metadata and who can open it, read with the user's token.

The real google-api-python-client talks to the fake Google over loopback
HTTP; every failure comes out as a DriveError with a reason, never as the
library's own exceptions.
"""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask

from integrations.google.drive import DriveClient, DriveError, DriveFileInfo
from tests.fakes.google import DriveFileRecord
from tests.fakes.server import LoopbackServer, SilentServer
from tests.integrations.google.conftest import USER_TOKEN
from tests.support import free_port


@pytest.fixture
def drive(google) -> DriveClient:
    return DriveClient(google.url, timeout=2.0)


def share(google, **record) -> str:
    file = DriveFileRecord(**{"id": "file-1", "name": "Plan de charge 2027.xlsx", **record})
    google.drive_files[file.id] = file
    return file.id


def test_a_file_comes_back_with_its_title_type_and_links(google, drive):
    file_id = share(google, name="Compte rendu.pdf", mime_type="application/pdf")

    info = drive.file_info(file_id, USER_TOKEN)

    assert info.google_id == file_id
    assert info.title == "Compte rendu.pdf"
    assert info.mime_type == "application/pdf"
    assert info.web_link == f"https://drive.google.com/file/d/{file_id}/view"
    assert info.icon_link.endswith("/application/pdf")


def test_the_request_reaches_drive_v3_with_the_fields_we_read_across_shared_drives(google, drive):
    drive.file_info(share(google), USER_TOKEN)

    [sent] = google.api_requests
    assert sent.path == "/drive/v3/files/file-1"
    assert sent.args["supportsAllDrives"] == ["true"]
    assert sent.args["fields"] == ["id,name,mimeType,webViewLink,iconLink,owners(emailAddress),"
                                   "permissions(type,role,emailAddress,domain)"]
    assert sent.headers["Authorization"] == f"Bearer {USER_TOKEN}"


def test_a_base_url_with_a_trailing_slash_reaches_the_same_path(google):
    DriveClient(google.url + "/").file_info(share(google), USER_TOKEN)

    assert [sent.path for sent in google.api_requests] == ["/drive/v3/files/file-1"]


def test_a_restricted_file_opens_only_for_its_owner_and_the_people_it_is_shared_with(google, drive):
    info = drive.file_info(share(google, sharing="restricted", owners=["owner@firm-a.fr"],
                                 shared_with=["Paul.Martin@Firm-A.fr"]), USER_TOKEN)

    assert info.audience == "restricted"
    assert info.sharing_known
    assert info.can_open("owner@firm-a.fr")
    assert info.can_open("paul.martin@firm-a.fr")
    assert info.can_open(" PAUL.MARTIN@FIRM-A.FR ")
    assert not info.can_open("claire@firm-a.fr")
    assert not info.can_open("client@example.com")


def test_a_file_shared_with_the_domain_opens_for_everyone_at_that_domain_only(google, drive):
    info = drive.file_info(share(google, sharing="domain", domain="Firm-A.fr"), USER_TOKEN)

    assert info.audience == "domain"
    assert info.domains == frozenset({"firm-a.fr"})
    assert info.can_open("claire@firm-a.fr")
    assert info.can_open("Claire@FIRM-A.fr")
    assert not info.can_open("claire@firm-b.fr")
    assert not info.can_open("claire@sub.firm-a.fr")
    assert not info.can_open("firm-a.fr")
    assert not info.can_open("@firm-a.fr")
    assert not info.can_open("")


def test_a_public_file_opens_for_anyone(google, drive):
    info = drive.file_info(share(google, sharing="public"), USER_TOKEN)

    assert info.audience == "public"
    assert info.anyone_with_link
    assert info.can_open("client@example.com")


def test_a_group_member_is_not_assumed_to_be_able_to_open_a_file_shared_with_the_group(
        google, drive):
    info = drive.file_info(share(google, shared_with_groups=["compta@firm-a.fr"]), USER_TOKEN)

    assert info.emails == frozenset({"owner@firm-a.fr", "compta@firm-a.fr"})
    assert info.can_open("compta@firm-a.fr")
    assert not info.can_open("member-of-compta@firm-a.fr")


def test_a_shared_drive_item_says_its_sharing_is_unknown_rather_than_restricted(google, drive):
    info = drive.file_info(share(google, in_shared_drive=True, sharing="domain"), USER_TOKEN)

    assert not info.sharing_known
    assert info.audience == "restricted"
    assert info.emails == frozenset()
    assert not info.can_open("owner@firm-a.fr")


def test_file_info_is_a_frozen_value(google, drive):
    info = drive.file_info(share(google), USER_TOKEN)

    with pytest.raises(AttributeError):
        info.title = "changed"  # type: ignore[misc]
    assert info == drive.file_info("file-1", USER_TOKEN)
    assert isinstance(info, DriveFileInfo)


def test_an_unknown_file_is_not_found(drive):
    with pytest.raises(DriveError) as raised:
        drive.file_info("no-such-file", USER_TOKEN)

    assert raised.value.reason == "not_found"
    assert raised.value.status == 404


def test_an_empty_file_id_is_not_found_without_asking_google(google, drive):
    with pytest.raises(DriveError) as raised:
        drive.file_info("", USER_TOKEN)

    assert raised.value.reason == "not_found"
    assert google.api_requests == []


def test_a_token_google_refuses_is_unauthorized(google, drive):
    with pytest.raises(DriveError) as raised:
        drive.file_info(share(google), "ya29.expired")

    assert raised.value.reason == "unauthorized"
    assert len(google.api_requests) == 1  # refused once, no refresh-and-retry


@pytest.mark.parametrize("token", ["", "two words", "line\r\nX-Injected: 1", None])
def test_a_token_that_cannot_be_sent_is_unauthorized_without_asking_google(google, drive, token):
    with pytest.raises(DriveError) as raised:
        drive.file_info(share(google), token)

    assert raised.value.reason == "unauthorized"
    assert google.api_requests == []


@pytest.mark.parametrize("failure, reason", [
    (500, "unavailable"),
    (503, "unavailable"),
    (429, "unavailable"),
    ((403, "userRateLimitExceeded"), "unavailable"),
    ((403, "rateLimitExceeded"), "unavailable"),
    (403, "forbidden"),
    ((403, "insufficientFilePermissions"), "forbidden"),
    (400, "unavailable"),
], ids=["500", "503", "429", "403 user rate limit", "403 rate limit", "403", "403 permissions",
        "400"])
def test_google_failures_map_to_a_reason(google, drive, failure, reason):
    google.fail_next = [failure]

    with pytest.raises(DriveError) as raised:
        drive.file_info(share(google), USER_TOKEN)

    assert raised.value.reason == reason


def test_a_failure_is_not_retried_and_the_next_call_succeeds(google, drive):
    google.fail_next = [500]
    with pytest.raises(DriveError):
        drive.file_info(share(google), USER_TOKEN)

    assert drive.file_info("file-1", USER_TOKEN).title
    assert len(google.api_requests) == 2


def test_an_answer_that_is_not_json_is_unavailable():
    app = Flask("broken-proxy")
    app.get("/drive/v3/files/<file_id>")(lambda file_id: "<html>Bad gateway</html>")
    with LoopbackServer(app) as broken:
        with pytest.raises(DriveError) as raised:
            DriveClient(broken.url).file_info("file-1", USER_TOKEN)

    assert raised.value.reason == "unavailable"


def test_a_server_that_never_answers_is_unavailable_within_the_timeout():
    with SilentServer() as silent:
        started = time.monotonic()
        with pytest.raises(DriveError) as raised:
            DriveClient(silent.url, timeout=0.5).file_info("file-1", USER_TOKEN)
        elapsed = time.monotonic() - started

    assert raised.value.reason == "unavailable"
    assert 0.5 <= elapsed < 1.5


def test_a_closed_port_is_unavailable_at_once():
    started = time.monotonic()
    with pytest.raises(DriveError) as raised:
        DriveClient(f"http://127.0.0.1:{free_port()}", timeout=5).file_info("f", USER_TOKEN)

    assert raised.value.reason == "unavailable"
    assert time.monotonic() - started < 1.0


def test_one_client_serves_many_threads_at_once(google, drive):
    for number in range(8):
        share(google, id=f"file-{number}", name=f"Document {number}")
    titles: dict[int, list[str]] = {}

    def read(number: int) -> None:
        titles[number] = [drive.file_info(f"file-{number}", USER_TOKEN).title for _ in range(5)]

    threads = [threading.Thread(target=read, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert titles == {number: [f"Document {number}"] * 5 for number in range(8)}


def test_each_call_carries_the_token_of_its_own_user(google, drive):
    google.oauth_tokens.add("ya29.other-user")
    share(google)

    drive.file_info("file-1", USER_TOKEN)
    drive.file_info("file-1", "ya29.other-user")

    assert [sent.headers["Authorization"] for sent in google.api_requests] == [
        f"Bearer {USER_TOKEN}", "Bearer ya29.other-user"]
