"""The Directory adapter against the loopback Google: google-api-python-client's admin
directory_v1 users.get, authorized as a service account acting as the firm's admin."""

from __future__ import annotations

import pytest

from integrations.google.directory import DirectoryClient, DirectoryError, Standing

ADMIN = "admin@atelier.fr"


@pytest.fixture
def directory(google, tmp_path) -> DirectoryClient:
    key_file = google.directory.key_file(tmp_path, ADMIN)
    return DirectoryClient(google.url, str(key_file), ADMIN)


def test_an_active_person_is_active_with_their_account_id_and_address(google, directory):
    known = google.directory.add_user("lea@atelier.fr")
    person = directory.person("lea@atelier.fr")
    assert person.standing == Standing.ACTIVE and not person.departed
    assert (person.user_id, person.primary_email) == (known.id, "lea@atelier.fr")


def test_a_suspended_person_is_suspended_and_an_archived_one_archived(google, directory):
    google.directory.add_user("hugo@atelier.fr", suspended=True)
    google.directory.add_user("nina@atelier.fr", archived=True)
    assert directory.person("hugo@atelier.fr").standing == Standing.SUSPENDED
    assert directory.person("nina@atelier.fr").standing == Standing.ARCHIVED
    assert directory.person("nina@atelier.fr").departed


def test_a_person_google_does_not_know_any_more_is_deleted(directory):
    person = directory.person("gone@atelier.fr")
    assert person.standing == Standing.DELETED and person.departed


def test_a_person_is_found_by_account_id_whatever_their_address_became(google, directory):
    known = google.directory.add_user("lea.martin@atelier.fr", aliases=["lea@atelier.fr"])
    assert directory.person(known.id).primary_email == "lea.martin@atelier.fr"
    assert directory.person("lea@atelier.fr").user_id == known.id


def test_the_request_is_users_get_with_the_basic_projection(google, directory):
    google.directory.add_user("lea@atelier.fr")
    directory.person("lea@atelier.fr")
    assert google.directory.lookups == ["lea@atelier.fr"]


def test_the_service_account_fetches_one_token_and_keeps_it(google, directory):
    google.directory.add_user("lea@atelier.fr")
    for _ in range(3):
        directory.person("lea@atelier.fr")
    assert len(google.directory.tokens) == 1


def test_a_google_failure_is_an_error_never_a_standing(google, directory):
    google.directory.add_user("lea@atelier.fr")
    for status, reason in ((500, "unavailable"), (403, "forbidden"), (429, "unavailable")):
        google.directory.fail_next.append(status)
        with pytest.raises(DirectoryError) as failure:
            directory.person("lea@atelier.fr")
        assert failure.value.reason == reason


def test_an_admin_the_service_account_may_not_act_as_gets_an_error(google, tmp_path):
    key_file = google.directory.key_file(tmp_path, ADMIN)
    client = DirectoryClient(google.url, str(key_file), "someone@atelier.fr")
    with pytest.raises(DirectoryError) as failure:
        client.person("lea@atelier.fr")
    assert failure.value.reason == "unavailable"


def test_a_missing_key_file_is_an_error_that_names_no_secret(google, tmp_path):
    client = DirectoryClient(google.url, str(tmp_path / "missing.json"), ADMIN)
    with pytest.raises(DirectoryError) as failure:
        client.person("lea@atelier.fr")
    assert failure.value.reason == "unauthorized"


def test_the_directory_speaks_only_for_its_admins_domain(google, directory):
    assert directory.covers("Lea@Atelier.fr") and not directory.covers("lea@client.example")
