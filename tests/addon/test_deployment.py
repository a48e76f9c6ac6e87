"""deployment.json: built from the base URL, committed for comptoir.example.fr, and printed."""

from __future__ import annotations

import json

import pytest

from addon import endpoints
from addon.deployment import OAUTH_SCOPES, deployment_descriptor, deployment_json
from core.config import PROJECT_ROOT
from tests.support import command_env, run_main

EXAMPLE = "https://comptoir.example.fr"
COMMITTED = PROJECT_ROOT / "appsscript" / "deployment.json"


def urls_in(value) -> list[str]:
    """Every string starting with http, anywhere in a JSON value."""
    if isinstance(value, str):
        return [value] if value.startswith("http") else []
    if isinstance(value, dict):
        return [url for item in value.values() for url in urls_in(item)]
    if isinstance(value, list):
        return [url for item in value for url in urls_in(item)]
    return []


def trigger_urls(descriptor: dict) -> dict[str, str]:
    """Where each of the four entry points lives in the descriptor, and its URL."""
    add_ons = descriptor["addOns"]
    settings, = [item["runFunction"] for item in add_ons["common"]["universalActions"]
                 if "runFunction" in item]
    gmail, = add_ons["gmail"]["contextualTriggers"]
    return {
        "common.homepageTrigger": add_ons["common"]["homepageTrigger"]["runFunction"],
        "drive.homepageTrigger": add_ons["drive"]["homepageTrigger"]["runFunction"],
        "gmail.homepageTrigger": add_ons["gmail"]["homepageTrigger"]["runFunction"],
        "drive.onItemsSelectedTrigger": add_ons["drive"]["onItemsSelectedTrigger"]["runFunction"],
        "gmail.contextualTriggers": gmail["onTriggerFunction"],
        "common.universalActions": settings,
    }


def test_the_descriptor_is_json_with_the_scopes_and_the_system_id_token():
    descriptor = json.loads(deployment_json(EXAMPLE))
    assert descriptor == deployment_descriptor(EXAMPLE)
    assert descriptor["oauthScopes"] == [
        "https://www.googleapis.com/auth/drive.addons.metadata.readonly",
        "https://www.googleapis.com/auth/drive.file",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/script.locale",
        "https://www.googleapis.com/auth/gmail.addons.execute",
        "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
    ]
    assert list(OAUTH_SCOPES) == descriptor["oauthScopes"]
    assert descriptor["addOns"]["httpOptions"] == {"authorizationHeader": "SYSTEM_ID_TOKEN"}
    common = descriptor["addOns"]["common"]
    assert common["name"] == "Comptoir"
    assert common["useLocaleFromApp"] is True
    assert common["logoUrl"] == EXAMPLE + "/static/logo.png"
    assert descriptor["addOns"]["gmail"]["contextualTriggers"][0]["unconditional"] == {}


def test_each_trigger_calls_its_endpoint():
    urls = trigger_urls(deployment_descriptor(EXAMPLE))
    assert urls == {
        "common.homepageTrigger": EXAMPLE + endpoints.HOMEPAGE,
        "drive.homepageTrigger": EXAMPLE + endpoints.HOMEPAGE,
        "gmail.homepageTrigger": EXAMPLE + endpoints.HOMEPAGE,
        "drive.onItemsSelectedTrigger": EXAMPLE + endpoints.DRIVE_ITEMS_SELECTED,
        "gmail.contextualTriggers": EXAMPLE + endpoints.GMAIL_MESSAGE,
        "common.universalActions": EXAMPLE + endpoints.SETTINGS,
    }
    assert {url.removeprefix(EXAMPLE) for url in urls.values()} == set(endpoints.TRIGGERS)


def test_universal_actions_are_settings_and_the_web_view():
    common = deployment_descriptor(EXAMPLE)["addOns"]["common"]
    assert common["universalActions"] == [
        {"label": "Paramètres", "runFunction": EXAMPLE + endpoints.SETTINGS},
        {"label": "Ouvrir Comptoir", "openLink": EXAMPLE + "/"},
    ]
    assert common["openLinkUrlPrefixes"] == [EXAMPLE + "/"]


@pytest.mark.parametrize("base_url", [
    "https://comptoir.example.fr", "https://comptoir.example.fr/", "https://x.example:8443/",
    "https://cabinet.example/comptoir", "http://127.0.0.1:8080",
])
def test_every_url_is_under_the_base_url(base_url):
    base = base_url.rstrip("/")
    descriptor = deployment_descriptor(base_url)
    scopes = set(descriptor["oauthScopes"])
    urls = [url for url in urls_in(descriptor) if url not in scopes]
    assert len(urls) == 9  # logo, 3 homepages, items selected, Gmail, settings, web view, prefix
    for url in urls:
        assert url.startswith(base + "/"), url
        assert "//" not in url.removeprefix(base.split("://")[0] + "://"), url
    for path in endpoints.TRIGGERS:
        assert base + path in urls


def test_an_explicit_name_and_logo_are_used():
    descriptor = deployment_descriptor(EXAMPLE, name="Comptoir Lumière",
                                       logo_url=EXAMPLE + "/static/lumiere.png")
    assert descriptor["addOns"]["common"]["name"] == "Comptoir Lumière"
    assert descriptor["addOns"]["common"]["logoUrl"] == EXAMPLE + "/static/lumiere.png"
    with pytest.raises(ValueError):
        deployment_descriptor(EXAMPLE, logo_url="logo.png")


@pytest.mark.parametrize("base_url", [
    "", "   ", "garbage", "comptoir.example.fr", "ftp://comptoir.example.fr",
    "javascript:alert(1)", "file:///etc/passwd", "https://", "https:///addon",
    "//comptoir.example.fr", "https://comptoir example.fr", "https://user:pw@comptoir.example.fr",
    "https://comptoir.example.fr/?next=/", "https://comptoir.example.fr/#top",
    "https://comptoir.example.fr:99999",
])
def test_a_base_url_that_is_not_plain_http_s_is_refused(base_url):
    with pytest.raises(ValueError):
        deployment_descriptor(base_url)


def test_the_committed_deployment_json_is_the_one_for_comptoir_example_fr():
    text = COMMITTED.read_text(encoding="utf-8")
    assert json.loads(text) == deployment_descriptor(EXAMPLE), \
        "regenerate it: python main.py addon deployment --base-url " + EXAMPLE
    assert text == deployment_json(EXAMPLE), "keep it as the command prints it (indented)"


def test_the_command_prints_the_descriptor_for_the_given_base_url(tmp_path):
    env = command_env(COMPTOIR_INSTANCE_PATH=str(tmp_path))
    result = run_main("addon", "deployment", "--base-url", "https://x.example", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == deployment_descriptor("https://x.example")
    assert result.stderr == ""


def test_the_command_defaults_to_the_base_url_setting(tmp_path):
    env = command_env(COMPTOIR_INSTANCE_PATH=str(tmp_path),
                      COMPTOIR_BASE_URL="https://cabinet.example/comptoir/")
    result = run_main("addon", "deployment", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == deployment_descriptor("https://cabinet.example/comptoir")


def test_the_command_warns_about_a_plain_http_base_url(tmp_path):
    env = command_env(COMPTOIR_INSTANCE_PATH=str(tmp_path))
    result = run_main("addon", "deployment", "--base-url", "http://127.0.0.1:8080", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == deployment_descriptor("http://127.0.0.1:8080")
    assert "https://" in result.stderr


@pytest.mark.parametrize("base_url", ["ftp://x.example", "garbage"])
def test_the_command_refuses_a_bad_base_url(tmp_path, base_url):
    env = command_env(COMPTOIR_INSTANCE_PATH=str(tmp_path))
    result = run_main("addon", "deployment", "--base-url", base_url, env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--base-url" in result.stderr and base_url in result.stderr
