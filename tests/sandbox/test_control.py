"""The sandbox's control API: faults queued and used up, latency, and who may call it."""

from __future__ import annotations

import time

import pytest
import requests

import sandbox


def tweet(server, account, text="Bonjour"):
    return requests.post(server.x_api_url + "/2/tweets", json={"text": text}, timeout=5,
                         headers={"Authorization": f"Bearer {account['access_token']}"})


@pytest.fixture
def lea(sandbox_server):
    return sandbox_server.account("x", "lea")


def test_a_fault_applies_as_many_times_as_asked_then_stops(sandbox_server, lea):
    sandbox_server.fault("x", "status", status=503, times=2)

    statuses = [tweet(sandbox_server, lea, f"essai {n}").status_code for n in range(3)]

    assert statuses == [503, 503, 201]
    assert sandbox_server.faults("x") == []


def test_faults_apply_in_the_order_they_were_queued(sandbox_server, lea):
    sandbox_server.fault("x", "status", status=429)
    sandbox_server.fault("x", "status", status=500)

    assert [tweet(sandbox_server, lea, f"t{n}").status_code for n in range(3)] == \
        [429, 500, 201]


def test_a_fault_for_one_operation_leaves_the_others_alone(sandbox_server, lea):
    sandbox_server.fault("x", "status", status=500, operation="delete")

    assert tweet(sandbox_server, lea).status_code == 201
    assert sandbox_server.faults("x")[0]["operation"] == "delete"


def test_a_fault_on_one_network_leaves_the_other_alone(sandbox_server, lea):
    sandbox_server.fault("linkedin", "status", status=500)

    assert tweet(sandbox_server, lea).status_code == 201


def test_an_x_rate_limit_carries_the_reset_header_only_when_asked(sandbox_server, lea):
    sandbox_server.fault("x", "status", status=429, reset=1_800_000_000)
    sandbox_server.fault("x", "status", status=429)

    with_reset, without = tweet(sandbox_server, lea), tweet(sandbox_server, lea)

    assert with_reset.headers["x-rate-limit-reset"] == "1800000000"
    assert with_reset.headers["x-rate-limit-remaining"] == "0"
    assert "x-rate-limit-reset" not in without.headers


def test_several_faults_can_be_queued_at_once(sandbox_server):
    answer = requests.post(sandbox_server.url + "/x/_sandbox/faults", timeout=5, json=[
        {"kind": "status", "status": 500}, {"kind": "duplicate", "times": 2}])

    assert answer.status_code == 201
    assert [(f["kind"], f["times"]) for f in answer.json()["faults"]] == \
        [("status", 1), ("duplicate", 2)]


@pytest.mark.parametrize("spec", [
    {"kind": "explode"}, {"kind": "status"}, {"kind": "status", "status": 200},
    {"kind": "drop", "times": 0}, {"kind": "timeout", "seconds": 1000},
    {"kind": "drop", "operation": "everything"}, {"kind": "drop", "color": "red"},
    {"kind": "status", "status": 429, "reset": "tomorrow"}, "drop",
])
def test_a_malformed_fault_is_refused_and_nothing_is_queued(sandbox_server, spec):
    answer = requests.post(sandbox_server.url + "/x/_sandbox/faults", json=spec, timeout=5)

    assert answer.status_code == 400 and answer.json()["error"]
    assert sandbox_server.faults("x") == []


def test_clearing_faults(sandbox_server, lea):
    sandbox_server.fault("x", "status", status=500, times=5)

    requests.delete(sandbox_server.url + "/x/_sandbox/faults", timeout=5)

    assert tweet(sandbox_server, lea).status_code == 201


def test_latency_slows_every_api_call_of_that_network(sandbox_server, lea):
    sandbox_server.latency("x", 300)

    started = time.monotonic()
    tweet(sandbox_server, lea)
    slowed = time.monotonic() - started
    sandbox_server.latency("x", 0)
    started = time.monotonic()
    tweet(sandbox_server, lea, "encore")

    assert slowed >= 0.3
    assert time.monotonic() - started < 0.3


def test_an_unknown_network_is_not_found(sandbox_server):
    assert requests.get(sandbox_server.url + "/mastodon/_sandbox/ledger",
                        timeout=5).status_code == 404


def test_only_this_machine_may_call_the_sandbox():
    client = sandbox.create_app().test_client()

    remote = client.get("/_sandbox/ledger", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    local = client.get("/_sandbox/ledger", environ_base={"REMOTE_ADDR": "127.0.0.1"})

    assert (remote.status_code, local.status_code) == (404, 200)


def test_accounts_come_with_tokens_and_the_right_member_id(sandbox_server):
    x = sandbox_server.account("x", "lea", "Léa Martin")
    linkedin = sandbox_server.account("linkedin", "lea", "Léa Martin")

    assert x["member_id"].isdigit() and x["refresh_token"]
    assert linkedin["member_id"].startswith("urn:li:person:")
    assert linkedin["refresh_token"] is None and linkedin["expires_in"] == 60 * 24 * 3600
    assert sandbox_server.account("x", "lea")["member_id"] == x["member_id"]
