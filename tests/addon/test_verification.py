"""Every add-on request is verified before anything else; only a valid one gets in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from sqlalchemy import func, select

from addon import endpoints
from integrations.google.local_keys import LocalSigningKey, service_claims
from social.models import Tenant, User
from tests.addon.card_schema import card_text, validate_answer
from tests.addon.conftest import BASE_URL, LEA, SERVICE_ACCOUNT, AddonClient, Person


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(claims: dict, header: dict) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}."


def hs256_with_public_cert(claims: dict, certificate_pem: str, kid: str) -> str:
    signing_input = f"{_b64(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': kid}).encode())}." \
                    f"{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(certificate_pem.encode(), signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{_b64(signature.digest())}"


def system(**overrides) -> dict:
    claims = service_claims(audience=BASE_URL, email=SERVICE_ACCOUNT)
    claims.update(overrides)
    return claims


def bad_system_tokens(addon: AddonClient) -> dict[str, str]:
    key = addon.google.key
    now = int(time.time())
    impostor = LocalSigningKey(key_id=key.key_id)  # same key id, another key
    return {
        "expired": key.mint(system(), now=now - 7200),
        "not yet valid": key.mint(system(iat=now + 600, exp=now + 4000)),
        "wrong audience": key.mint(system(aud="https://elsewhere.example/addon")),
        "wrong issuer": key.mint(system(iss="https://evil.example")),
        "unknown key id": LocalSigningKey(key_id="unknown-kid").mint(system()),
        "signed by another key": impostor.mint(system()),
        "alg none": unsigned_token(system(iat=now, exp=now + 600),
                                   {"alg": "none", "typ": "JWT", "kid": key.key_id}),
        "HS256 with the public cert as secret": hs256_with_public_cert(
            {**system(), "iat": now, "exp": now + 600, "iss": "https://accounts.google.com"},
            key.certificate_pem, key.key_id),
        "another service account": key.mint(system(
            email="service-666@gcp-sa-gsuiteaddons.iam.gserviceaccount.com")),
        "email not verified": key.mint(system(email_verified=False)),
        "garbage": "not.a.token",
    }


@pytest.mark.parametrize("case", [
    "expired", "not yet valid", "wrong audience", "wrong issuer", "unknown key id",
    "signed by another key", "alg none", "HS256 with the public cert as secret",
    "another service account", "email not verified", "garbage"])
def test_a_bad_system_token_is_refused_with_401_and_nothing_more(addon, case):
    token = bad_system_tokens(addon)[case]
    response = addon.post(endpoints.HOMEPAGE, addon.event(LEA), token=token, expect=401)
    assert response.get_json() == {"error": "invalid token"}


def test_a_missing_authorization_header_is_refused(addon):
    response = addon.post(endpoints.HOMEPAGE, addon.event(LEA), token=None, expect=401)
    assert response.get_json() == {"error": "invalid token"}


@pytest.mark.parametrize("case", ["expired", "wrong audience", "signed by another key",
                                  "email not verified", "missing"])
def test_a_bad_user_token_in_the_event_is_refused(addon, case):
    key, now = addon.google.key, int(time.time())
    tokens = {
        "expired": key.mint(LEA.claims(), now=now - 7200),
        "wrong audience": key.mint({**LEA.claims(), "aud": "someone-else"}),
        "signed by another key": LocalSigningKey(key_id=key.key_id).mint(LEA.claims()),
        "email not verified": key.mint(LEA.claims(email_verified=False)),
    }
    event = addon.event(LEA)
    if case == "missing":
        del event["authorizationEventObject"]["userIdToken"]
    else:
        event["authorizationEventObject"]["userIdToken"] = tokens[case]
    addon.post(endpoints.HOMEPAGE, event, expect=401)


def test_a_valid_request_is_accepted_and_enrols_the_person_in_their_firm(addon, database):
    answer, card = addon.card(endpoints.HOMEPAGE, LEA)
    assert card["header"]["title"] == "Comptoir"
    with database.system_session() as db:
        user = db.scalar(select(User).where(User.google_sub == LEA.subject))
        assert user.email == LEA.email
        assert db.scalar(select(Tenant.domain).where(Tenant.id == user.tenant_id)) == "atelier.fr"


def test_a_consumer_account_is_told_comptoir_is_for_workspace_accounts(addon, database):
    consumer = Person("sub-gmail", "someone@gmail.com", "Someone", None)
    answer, card = addon.card(endpoints.HOMEPAGE, consumer)
    assert "Google Workspace" in card_text(card)
    with database.system_session() as db:
        assert db.scalar(select(func.count()).select_from(User)) == 0


def test_a_domain_outside_the_allowed_list_is_told_so(make_app, addon_settings, google,
                                                     clean_database, database):
    app = make_app(**addon_settings, allowed_domains=("atelier.fr",))
    client = AddonClient(app, google)
    outsider = Person("sub-x", "x@intrus.fr", "Intrus", "intrus.fr")
    _, card = client.card(endpoints.HOMEPAGE, outsider)
    assert "intrus.fr" in card_text(card)
    with database.system_session() as db:
        assert db.scalar(select(func.count()).select_from(User)) == 0
    _, allowed = client.card(endpoints.HOMEPAGE, LEA)
    assert allowed["name"] == "home"


def test_certificates_are_fetched_once_for_a_hundred_verified_requests(make_app, addon_settings,
                                                                      clean_database):
    from tests.fakes.google import FakeGoogle

    with FakeGoogle() as fresh:
        app = make_app(**{**addon_settings, "google_certs_url": fresh.certs_url,
                          "google_api_url": fresh.url})
        client = AddonClient(app, fresh)
        for _ in range(100):
            client.post(endpoints.HOMEPAGE, client.event(LEA))
        assert fresh.certs_fetches == 1


def test_the_authorization_event_object_is_never_logged(addon, caplog):
    event = addon.event(LEA)
    event["commonEventObject"]["timeZone"] = "not an object"
    with caplog.at_level("DEBUG"):
        addon.post(endpoints.HOMEPAGE, event, expect=400)
        addon.post(endpoints.HOMEPAGE, addon.event(LEA), token="forged.token.value", expect=401)
    logged = caplog.text
    assert event["authorizationEventObject"]["userIdToken"] not in logged
    assert "ya29" not in logged


def test_the_apps_script_variant_is_accepted_with_its_identity_token(make_app, addon_settings,
                                                                    google, clean_database):
    app = make_app(**addon_settings, apps_script_client_id="apps-script-client")
    client = AddonClient(app, google)
    identity_token = google.key.mint({**LEA.claims(), "aud": "apps-script-client"})
    event = client.event(LEA)
    del event["authorizationEventObject"]
    answer = client.post(endpoints.HOMEPAGE, event, token=identity_token).get_json()
    assert validate_answer(answer)[0]["name"] == "home"
    wrong = google.key.mint({**LEA.claims(), "aud": "another-script"})
    client.post(endpoints.HOMEPAGE, event, token=wrong, expect=401)
