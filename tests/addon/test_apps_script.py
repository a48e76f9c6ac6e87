"""The Apps Script variant: appsscript.json matches deployment.json, Code.gs forwards and renders.

Code.gs runs here in node with stand-ins for Apps Script's services. The CardService
stand-in only knows the builder methods Apps Script documents, so a misspelt or invented
call fails the test; UrlFetchApp records what would be sent and answers what the test says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from addon import endpoints
from addon.deployment import APPS_SCRIPT_EXTRA_SCOPES, OAUTH_SCOPES, deployment_descriptor
from core.config import PROJECT_ROOT

APPSSCRIPT = PROJECT_ROOT / "appsscript"
EXAMPLE = "https://comptoir.example.fr"
ENTRY_POINTS = {
    "onHomepage": endpoints.HOMEPAGE,
    "onDriveItemsSelected": endpoints.DRIVE_ITEMS_SELECTED,
    "onGmailMessage": endpoints.GMAIL_MESSAGE,
    "onSettings": endpoints.SETTINGS,
}
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node") or ("/usr/bin/node" if os.path.exists("/usr/bin/node") else None)
    if path is None:
        if IN_CI:
            pytest.fail("node is required in CI to check appsscript/Code.gs (apt install nodejs)")
        pytest.skip("node is not installed: Code.gs is not checked (apt install nodejs)")
    return path


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((APPSSCRIPT / "appsscript.json").read_text(encoding="utf-8"))


# --- The manifest --------------------------------------------------------------------------

def test_code_gs_is_valid_javascript(node, tmp_path):
    copy = tmp_path / "Code.js"
    shutil.copyfile(APPSSCRIPT / "Code.gs", copy)
    result = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_node_check_does_reject_broken_javascript(node, tmp_path):
    """The check above can fail: a syntax error is reported."""
    broken = tmp_path / "Broken.js"
    broken.write_text("function onHomepage(e) { return [ }\n")
    result = subprocess.run([node, "--check", str(broken)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0


def test_the_manifest_has_the_same_triggers_as_the_http_descriptor(manifest):
    """With function names replaced by their endpoint URLs, addOns is deployment.json's."""
    def as_urls(value):
        if isinstance(value, dict):
            return {key: (EXAMPLE + ENTRY_POINTS[item]
                          if key in {"runFunction", "onTriggerFunction"} else as_urls(item))
                    for key, item in value.items()}
        if isinstance(value, list):
            return [as_urls(item) for item in value]
        return value

    http = deployment_descriptor(EXAMPLE)["addOns"]
    del http["httpOptions"]
    assert as_urls(manifest["addOns"]) == http
    named = {value for value in _values_of(manifest["addOns"], {"runFunction",
                                                                 "onTriggerFunction"})}
    assert named == set(ENTRY_POINTS)
    assert {ENTRY_POINTS[name] for name in named} == set(endpoints.TRIGGERS)


def test_the_manifest_scopes_add_openid_and_external_requests(manifest):
    scopes = manifest["oauthScopes"]
    assert "openid" in scopes
    assert "https://www.googleapis.com/auth/script.external_request" in scopes
    assert set(scopes) == set(OAUTH_SCOPES) | set(APPS_SCRIPT_EXTRA_SCOPES)
    assert len(scopes) == len(set(scopes))


def test_the_manifest_lets_the_script_reach_and_link_to_the_backend(manifest):
    assert manifest["urlFetchWhitelist"] == [EXAMPLE + "/"]
    assert manifest["addOns"]["common"]["openLinkUrlPrefixes"] == [EXAMPLE + "/"]
    assert manifest["runtimeVersion"] == "V8"


def test_every_entry_point_is_a_function_of_code_gs(manifest):
    code = (APPSSCRIPT / "Code.gs").read_text(encoding="utf-8")
    for name in [*ENTRY_POINTS, "onAction"]:
        assert f"\nfunction {name}(e) {{" in code, name
    assert f"var DEFAULT_BACKEND_URL = '{EXAMPLE}';" in code


def _values_of(value, keys):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys:
                yield item
            else:
                yield from _values_of(item, keys)
    elif isinstance(value, list):
        for item in value:
            yield from _values_of(item, keys)


# --- Code.gs, run ----------------------------------------------------------------------------

HARNESS = r"""
const fs = require('fs');
const vm = require('vm');
const [codePath, scenarioPath] = process.argv.slice(2);
const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));

// Builder methods as Apps Script documents them (card-service reference).
const WITH_CLICK = ['setOnClickAction', 'setOpenLink', 'setOnClickOpenLinkAction',
                    'setAuthorizationAction', 'setComposeAction'];
const ICONS = ['setIcon', 'setIconUrl', 'setMaterialIcon'];
const METHODS = {
  CardBuilder: ['setName', 'setHeader', 'setPeekCardHeader', 'addSection', 'addCardAction',
                'setFixedFooter', 'setDisplayStyle', 'build'],
  CardHeader: ['setTitle', 'setSubtitle', 'setImageUrl', 'setImageStyle', 'setImageAltText'],
  CardSection: ['addWidget', 'setHeader', 'setCollapsible', 'setNumUncollapsibleWidgets',
                'setCollapseControl'],
  TextParagraph: ['setText', 'setMaxLines'],
  DecoratedText: ['setText', 'setTopLabel', 'setBottomLabel', 'setWrapText', 'setStartIcon',
                  'setEndIcon', 'setButton', 'setSwitchControl', ...WITH_CLICK],
  ButtonSet: ['addButton'],
  TextButton: ['setText', 'setAltText', 'setBackgroundColor', 'setDisabled',
               'setTextButtonStyle', 'setOverflowMenu', ...ICONS, ...WITH_CLICK],
  ImageButton: ['setAltText', 'setImageButtonStyle', 'setOverflowMenu', ...ICONS, ...WITH_CLICK],
  IconImage: ['setAltText', 'setImageCropType', ...ICONS],
  MaterialIcon: ['setName', 'setFill', 'setWeight', 'setGrade'],
  TextInput: ['setFieldName', 'setTitle', 'setHint', 'setValue', 'setMultiline',
              'setOnChangeAction', 'setSuggestions', 'setSuggestionsAction', 'setValidation'],
  SelectionInput: ['setFieldName', 'setTitle', 'setType', 'addItem', 'setOnChangeAction'],
  Switch: ['setFieldName', 'setValue', 'setSelected', 'setOnChangeAction', 'setControlType'],
  Divider: [],
  Image: ['setImageUrl', 'setAltText', ...WITH_CLICK],
  DatePicker: ['setFieldName', 'setTitle', 'setValueInMsSinceEpoch', 'setOnChangeAction'],
  TimePicker: ['setFieldName', 'setTitle', 'setHours', 'setMinutes', 'setOnChangeAction'],
  DateTimePicker: ['setFieldName', 'setTitle', 'setValueInMsSinceEpoch',
                   'setTimeZoneOffsetInMins', 'setOnChangeAction'],
  FixedFooter: ['setPrimaryButton', 'setSecondaryButton'],
  CardAction: ['setText', ...WITH_CLICK],
  Action: ['setFunctionName', 'setParameters', 'setLoadIndicator', 'setPersistValues'],
  OpenLink: ['setUrl', 'setOpenAs', 'setOnClose'],
  Notification: ['setText'],
  Navigation: ['pushCard', 'updateCard', 'popCard', 'popToRoot', 'popToNamedCard'],
  ActionResponseBuilder: ['setNavigation', 'setNotification', 'setOpenLink',
                          'setStateChanged', 'build'],
  UniversalActionResponseBuilder: ['displayAddOnCards', 'setOpenLink', 'build'],
  DriveItemsSelectedActionResponseBuilder: ['requestFileScope', 'build'],
};

function enumeration(name, values) {
  const object = {};
  for (const value of values) object[value] = name + '.' + value;
  return object;
}

const CardService = {
  ImageStyle: enumeration('ImageStyle', ['SQUARE', 'CIRCLE']),
  ImageCropType: enumeration('ImageCropType', ['SQUARE', 'CIRCLE', 'RECTANGLE_CUSTOM',
                                               'RECTANGLE_4_3']),
  TextButtonStyle: enumeration('TextButtonStyle', ['OUTLINED', 'TEXT', 'FILLED',
                                                   'FILLED_TONAL', 'BORDERLESS']),
  SelectionInputType: enumeration('SelectionInputType', ['CHECK_BOX', 'RADIO_BUTTON', 'SWITCH',
                                                         'DROPDOWN', 'MULTI_SELECT']),
  SwitchControlType: enumeration('SwitchControlType', ['SWITCH', 'CHECK_BOX']),
  OpenAs: enumeration('OpenAs', ['FULL_SIZE', 'OVERLAY']),
  OnClose: enumeration('OnClose', ['NOTHING', 'RELOAD']),
  LoadIndicator: enumeration('LoadIndicator', ['SPINNER', 'NONE']),
  Icon: enumeration('Icon', ['STAR', 'PERSON', 'EMAIL', 'DESCRIPTION', 'BOOKMARK']),
};
for (const kind of Object.keys(METHODS)) {
  CardService['new' + kind] = () => {
    const record = {kind: kind, calls: []};
    const proxy = new Proxy(record, {
      get(target, name) {
        if (name === 'toJSON') return () => ({kind: target.kind, calls: target.calls});
        if (typeof name !== 'string' || !METHODS[kind].includes(name)) {
          throw new Error('CardService ' + kind + ' has no method ' + String(name));
        }
        return (...args) => {
          for (const arg of args) {
            if (arg === undefined) throw new Error(kind + '.' + name + ' called with undefined');
          }
          target.calls.push([name, args]);
          return name === 'build' ? {built: kind, calls: target.calls} : proxy;
        };
      },
    });
    return proxy;
  };
}

const fetches = [];
const warnings = [];
const context = {
  CardService: CardService,
  UrlFetchApp: {
    fetch(url, options) {
      fetches.push({url: url, options: options});
      const answer = scenario.answer;
      if (answer.throws) throw new Error('DNS error: ' + url);
      return {
        getResponseCode: () => answer.status,
        getContentText: () => typeof answer.body === 'string' ? answer.body
                                                              : JSON.stringify(answer.body),
      };
    },
  },
  ScriptApp: {
    getIdentityToken: () => scenario.identityToken === undefined ? 'id-token'
                                                                 : scenario.identityToken,
    getOAuthToken: () => 'oauth-token',
  },
  PropertiesService: {
    getScriptProperties: () => ({getProperty: (key) => (scenario.properties || {})[key] || null}),
  },
  Session: {getActiveUserLocale: () => scenario.sessionLocale || ''},
  console: {
    log() {}, info() {},
    warn: (...args) => warnings.push(args.join(' ')),
    error: (...args) => warnings.push(args.join(' ')),
  },
  JSON: JSON,
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(codePath, 'utf8'), context, {filename: 'Code.gs'});
const result = context[scenario.call](scenario.event);
process.stdout.write(JSON.stringify({result: result, fetches: fetches, warnings: warnings}));
"""


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("apps-script") / "harness.js"
    path.write_text(HARNESS)
    return path


def run_code(node: str, harness: Path, code: Path, scenario: dict) -> subprocess.CompletedProcess:
    scenario_file = harness.parent / f"scenario-{uuid.uuid4().hex}.json"
    scenario_file.write_text(json.dumps(scenario))
    return subprocess.run([node, str(harness), str(code), str(scenario_file)],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def run_script(node, harness):
    def run(call: str, event: dict, *, status: int = 200, body=None, throws: bool = False,
            **scenario) -> dict:
        result = run_code(node, harness, APPSSCRIPT / "Code.gs", {
            "call": call, "event": event, **scenario,
            "answer": {"status": status, "body": body, "throws": throws}})
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def calls(record: dict, method: str) -> list[list]:
    """The argument lists of every call of `method` on a recorded builder."""
    return [args for name, args in record["calls"] if name == method]


def only(record: dict, method: str) -> list:
    found = calls(record, method)
    assert len(found) == 1, (method, record)
    return found[0]


def event(locale: str = "fr-FR", parameters: dict | None = None, **extra) -> dict:
    common = {"hostApp": "DRIVE", "platform": "WEB", "userLocale": locale}
    if parameters is not None:
        common["parameters"] = parameters
    return {"commonEventObject": common, **extra}


LIKE = EXAMPLE + endpoints.POST_LIKE
CARD = {
    "name": "post-7",
    "header": {"title": "Réemploi des matériaux", "subtitle": "Projets & chantiers",
               "imageUrl": EXAMPLE + "/avatar/7.png", "imageType": "CIRCLE"},
    "sections": [{
        "header": "Discussion",
        "collapsible": True,
        "uncollapsibleWidgetsCount": 1,
        "widgets": [
            {"textParagraph": {"text": "<b>Léa</b> : on garde les poutres ?"}},
            {"decoratedText": {
                "text": "3 j'aime", "wrapText": True, "topLabel": "Réactions",
                "startIcon": {"knownIcon": "STAR"},
                "button": {"text": "J'aime", "type": "FILLED",
                           "icon": {"iconUrl": EXAMPLE + "/like.png", "altText": "like"},
                           "onClick": {"action": {
                               "function": LIKE,
                               "parameters": [{"key": "postId", "value": "7"}]}}}}},
            {"divider": {}},
            {"textInput": {"name": "comment", "label": "Commenter", "type": "MULTIPLE_LINE",
                           "hintText": "Votre réponse"}},
            {"selectionInput": {"name": "space", "label": "Espace", "type": "DROPDOWN",
                                "items": [{"text": "Vie du cabinet", "value": "1",
                                           "selected": True},
                                          {"text": "Veille", "value": "2", "selected": False}]}},
            {"buttonList": {"buttons": [
                {"text": "Ouvrir", "onClick": {"openLink": {
                    "url": EXAMPLE + "/posts/7", "openAs": "OVERLAY", "onClose": "RELOAD"}}},
                {"text": "Désactivé", "disabled": True, "onClick": {"action": {
                    "function": EXAMPLE + endpoints.POST_COMMENT}}},
            ]}},
            {"grid": {"title": "not rebuilt"}},
        ],
    }],
    "fixedFooter": {"primaryButton": {"text": "Publier", "onClick": {"action": {
        "function": EXAMPLE + endpoints.PUBLISH}}}},
}


def test_a_trigger_forwards_the_event_to_its_path_with_the_identity_token(run_script):
    for name, path in ENTRY_POINTS.items():
        sent = event(drive={"activeCursorItem": {"id": "f1", "title": "CCTP.pdf"}})
        out = run_script(name, sent, body={"action": {"navigations": [{"pushCard": CARD}]}})
        fetch, = out["fetches"]
        assert fetch["url"] == EXAMPLE + path
        options = fetch["options"]
        assert options["method"] == "post"
        assert options["contentType"] == "application/json"
        assert options["headers"] == {"Authorization": "Bearer id-token"}
        assert options["muteHttpExceptions"] is True
        assert json.loads(options["payload"]) == {
            **sent, "authorizationEventObject": {"userIdToken": "id-token",
                                                 "userOAuthToken": "oauth-token"}}


def test_a_trigger_rebuilds_the_card_with_card_service(run_script):
    out = run_script("onHomepage", event(),
                     body={"action": {"navigations": [{"pushCard": CARD}]}})
    card, = out["result"]
    assert card["built"] == "CardBuilder"
    assert only(card, "setName") == ["post-7"]
    header = only(card, "setHeader")[0]
    assert only(header, "setTitle") == ["Réemploi des matériaux"]
    assert only(header, "setSubtitle") == ["Projets & chantiers"]
    assert only(header, "setImageStyle") == ["ImageStyle.CIRCLE"]

    section = only(card, "addSection")[0]
    assert only(section, "setHeader") == ["Discussion"]
    assert only(section, "setCollapsible") == [True]
    assert only(section, "setNumUncollapsibleWidgets") == [1]
    widgets = [args[0] for args in calls(section, "addWidget")]
    assert [widget["kind"] for widget in widgets] == [
        "TextParagraph", "DecoratedText", "Divider", "TextInput", "SelectionInput", "ButtonSet"]
    assert any("grid" in warning for warning in out["warnings"])

    paragraph, decorated, _divider, text_input, selection, button_set = widgets
    assert only(paragraph, "setText") == ["<b>Léa</b> : on garde les poutres ?"]
    assert only(decorated, "setTopLabel") == ["Réactions"]
    assert only(only(decorated, "setStartIcon")[0], "setIcon") == ["Icon.STAR"]
    like = only(decorated, "setButton")[0]
    assert like["kind"] == "TextButton"
    assert only(like, "setTextButtonStyle") == ["TextButtonStyle.FILLED"]
    assert only(like, "setIconUrl") == [EXAMPLE + "/like.png"]
    action = only(like, "setOnClickAction")[0]
    assert only(action, "setFunctionName") == ["onAction"]
    assert only(action, "setParameters") == [{"postId": "7", "_path": endpoints.POST_LIKE}]

    assert only(text_input, "setFieldName") == ["comment"]
    assert only(text_input, "setMultiline") == [True]
    assert only(text_input, "setHint") == ["Votre réponse"]
    assert only(selection, "setType") == ["SelectionInputType.DROPDOWN"]
    assert calls(selection, "addItem") == [["Vie du cabinet", "1", True], ["Veille", "2", False]]

    open_button, disabled = [args[0] for args in calls(button_set, "addButton")]
    link = only(open_button, "setOpenLink")[0]
    assert only(link, "setUrl") == [EXAMPLE + "/posts/7"]
    assert only(link, "setOpenAs") == ["OpenAs.OVERLAY"]
    assert only(link, "setOnClose") == ["OnClose.RELOAD"]
    assert only(disabled, "setDisabled") == [True]
    assert only(only(disabled, "setOnClickAction")[0], "setParameters") == [
        {"_path": endpoints.POST_COMMENT}]

    footer = only(card, "setFixedFooter")[0]
    publish = only(footer, "setPrimaryButton")[0]
    assert only(only(publish, "setOnClickAction")[0], "setParameters") == [
        {"_path": endpoints.PUBLISH}]


def test_on_action_forwards_to_the_path_parameter_without_it(run_script):
    sent = event(parameters={"postId": "7", "_path": endpoints.POST_LIKE})
    sent["commonEventObject"]["formInputs"] = {"comment": {"stringInputs": {"value": ["Oui !"]}}}
    sent["parameters"] = {"postId": "7", "_path": endpoints.POST_LIKE}
    out = run_script("onAction", sent, body={"renderActions": {"action": {
        "navigations": [{"updateCard": CARD}], "notification": {"text": "Merci !"}}}})
    fetch, = out["fetches"]
    assert fetch["url"] == EXAMPLE + endpoints.POST_LIKE
    forwarded = json.loads(fetch["options"]["payload"])
    assert forwarded["commonEventObject"]["parameters"] == {"postId": "7"}
    assert forwarded["parameters"] == {"postId": "7"}
    assert forwarded["commonEventObject"]["formInputs"] == sent["commonEventObject"]["formInputs"]

    response = out["result"]
    assert response["built"] == "ActionResponseBuilder"
    navigation = only(response, "setNavigation")[0]
    updated = only(navigation, "updateCard")[0]
    assert only(updated, "setName") == ["post-7"]
    assert only(only(response, "setNotification")[0], "setText") == ["Merci !"]


def test_on_action_follows_pops_and_links(run_script):
    out = run_script("onAction", event(parameters={"_path": endpoints.SETTINGS_SAVE}),
                     body={"renderActions": {"action": {
                         "navigations": [{"pop": True}, {"popCard": True}, {"popToRoot": True},
                                         {"popToCard": "home"}, {"pushCard": CARD}],
                         "link": {"url": EXAMPLE + "/connect/x", "openAs": "OVERLAY"}}}})
    response = out["result"]
    navigation = only(response, "setNavigation")[0]
    assert [name for name, _args in navigation["calls"]] == [
        "popCard", "popCard", "popToRoot", "popToNamedCard", "pushCard"]
    assert only(navigation, "popToNamedCard") == ["home"]
    link = only(response, "setOpenLink")[0]
    assert only(link, "setUrl") == [EXAMPLE + "/connect/x"]


def test_on_action_asks_drive_for_file_access(run_script):
    out = run_script("onAction", event(parameters={"_path": endpoints.DRIVE_REQUEST_ACCESS,
                                                   "fileId": "f1"}),
                     body={"renderActions": {"hostAppAction": {"driveAction": {
                         "requestFileScope": {"itemId": "f1"}}}}})
    response = out["result"]
    assert response["built"] == "DriveItemsSelectedActionResponseBuilder"
    assert only(response, "requestFileScope") == ["f1"]


@pytest.mark.parametrize("path", ["", "/admin", "https://evil.example/addon/x", "/addon/../web",
                                  "/addon//x", "/addon/x?y=1"])
def test_on_action_refuses_a_path_outside_the_add_on(run_script, path):
    parameters = {"_path": path} if path else {}
    out = run_script("onAction", event(parameters=parameters), body={})
    assert out["fetches"] == []
    error = only(only(out["result"], "setNavigation")[0], "pushCard")[0]
    assert only(error, "setName") == ["comptoir-error"]


def test_a_non_200_answer_shows_an_error_card_in_the_users_language(run_script):
    french = run_script("onGmailMessage", event("fr-FR"), status=503, body="Service Unavailable")
    card, = french["result"]
    assert only(card, "setName") == ["comptoir-error"]
    assert only(only(card, "setHeader")[0], "setTitle") == ["Comptoir est indisponible"]
    text = only(only(only(card, "addSection")[0], "addWidget")[0], "setText")[0]
    assert "503" in text and "Réessayez" in text

    english = run_script("onGmailMessage", event("en"), status=403, body={"error": "no"})
    card, = english["result"]
    assert only(only(card, "setHeader")[0], "setTitle") == ["Comptoir is unavailable"]
    text = only(only(only(card, "addSection")[0], "addWidget")[0], "setText")[0]
    assert "403" in text and "refused" in text


def test_the_locale_falls_back_to_the_session_then_french(run_script):
    no_locale = {"commonEventObject": {"hostApp": "GMAIL"}}
    english = run_script("onHomepage", no_locale, status=500, body="", sessionLocale="en_GB")
    card, = english["result"]
    assert only(only(card, "setHeader")[0], "setTitle") == ["Comptoir is unavailable"]
    french = run_script("onHomepage", no_locale, status=500, body="")
    card, = french["result"]
    assert only(only(card, "setHeader")[0], "setTitle") == ["Comptoir est indisponible"]


def test_an_unreachable_backend_or_unreadable_answer_shows_an_error_card(run_script):
    for outcome in ({"throws": True}, {"status": 200, "body": "<html>oops</html>"},
                    {"status": 200, "body": {"action": {}}}):
        out = run_script("onDriveItemsSelected", event("en"), **outcome)
        card, = out["result"]
        assert only(card, "setName") == ["comptoir-error"]


def test_an_action_error_pushes_the_error_card(run_script):
    out = run_script("onAction", event("fr", parameters={"_path": endpoints.POST_LIKE}),
                     status=500, body="")
    assert len(out["fetches"]) == 1
    error = only(only(out["result"], "setNavigation")[0], "pushCard")[0]
    assert only(only(error, "setHeader")[0], "setTitle") == ["Comptoir est indisponible"]


def test_settings_answers_a_universal_action_response(run_script):
    out = run_script("onSettings", event(),
                     body={"action": {"navigations": [{"pushCard": CARD}]}})
    response = out["result"]
    assert response["built"] == "UniversalActionResponseBuilder"
    card, = only(response, "displayAddOnCards")[0]
    assert only(card, "setName") == ["post-7"]

    failed = run_script("onSettings", event("en"), status=502, body="")
    error, = only(failed["result"], "displayAddOnCards")[0]
    assert only(error, "setName") == ["comptoir-error"]


def test_the_backend_url_script_property_wins_over_the_default(run_script):
    out = run_script("onHomepage", event(), body={"action": {"navigations": [
        {"pushCard": CARD}]}}, properties={"BACKEND_URL": "https://other.example/comptoir/"})
    assert out["fetches"][0]["url"] == "https://other.example/comptoir" + endpoints.HOMEPAGE
    bad = run_script("onHomepage", event(), body={"action": {"navigations": [
        {"pushCard": CARD}]}}, properties={"BACKEND_URL": "javascript:alert(1)"})
    assert bad["fetches"][0]["url"] == EXAMPLE + endpoints.HOMEPAGE


def test_without_an_identity_token_nothing_is_sent(run_script):
    out = run_script("onHomepage", event("en"), body={}, identityToken=None)
    assert out["fetches"] == []
    card, = out["result"]
    text = only(only(only(card, "addSection")[0], "addWidget")[0], "setText")[0]
    assert "not set up" in text


def test_the_stand_in_rejects_methods_card_service_does_not_have(node, harness, tmp_path):
    """The CardService stand-in is strict: an invented builder method fails the run."""
    code = (APPSSCRIPT / "Code.gs").read_text(encoding="utf-8")
    assert ".setTitle(messages.title)" in code
    broken = tmp_path / "Code.gs"
    broken.write_text(code.replace(".setTitle(messages.title)", ".setTitel(messages.title)"))
    result = run_code(node, harness, broken, {"call": "onHomepage", "event": event(),
                                              "answer": {"status": 500, "body": ""}})
    assert result.returncode != 0
    assert "has no method setTitel" in result.stderr
