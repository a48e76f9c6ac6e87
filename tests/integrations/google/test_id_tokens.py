"""TokenVerifier: a Google ID token is accepted only when everything about it is right.

Every refusal is an InvalidToken, whatever the token looks like: any other
exception would surface as a 500, and a message built from a hostile token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any, Callable

import pytest
from google.auth import crypt
from google.auth import jwt as google_jwt

from integrations.google.certs import CertsCache
from integrations.google.id_tokens import InvalidToken, TokenVerifier
from integrations.google.local_keys import LocalSigningKey, user_claims

AUDIENCE = "1234-comptoir.apps.googleusercontent.com"
CLAIMS = user_claims(audience=AUDIENCE, subject="110248495921238986420",
                     email="anne@firm-a.fr", domain="firm-a.fr", name="Anne")


@pytest.fixture
def verifier(google) -> TokenVerifier:
    return TokenVerifier(CertsCache(google.certs_url))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(value: Any) -> str:
    return b64url(json.dumps(value).encode())


def signed(key: LocalSigningKey, claims: dict[str, Any], **header: Any) -> str:
    """A token signed with `key`, carrying exactly `claims` (no defaults added)."""
    signer = crypt.RSASigner.from_string(key.private_pem, key_id=key.key_id)
    return google_jwt.encode(signer, claims, header=header or None).decode()


def now() -> int:
    return int(time.time())


def test_a_valid_token_gives_its_claims(google, verifier):
    claims = verifier.verify(google.key.mint(CLAIMS), [AUDIENCE])

    assert claims["sub"] == CLAIMS["sub"]
    assert claims["email"] == "anne@firm-a.fr" and claims["hd"] == "firm-a.fr"


def test_a_token_issued_within_the_clock_skew_ahead_is_accepted(google, verifier):
    token = google.key.mint(CLAIMS, now=now() + 30)

    assert verifier.verify(token, [AUDIENCE])["sub"] == CLAIMS["sub"]


def test_the_bare_issuer_name_google_also_uses_is_accepted(google, verifier):
    token = google.key.mint({**CLAIMS, "iss": "accounts.google.com"})

    assert verifier.verify(token, [AUDIENCE])["iss"] == "accounts.google.com"


def test_any_of_the_configured_audiences_is_accepted(google, verifier):
    token = google.key.mint({**CLAIMS, "aud": "https://comptoir.example.fr/"})

    claims = verifier.verify(token, ["https://comptoir.example.fr",
                                     "https://comptoir.example.fr/"])

    assert claims["aud"] == "https://comptoir.example.fr/"


def test_a_single_audience_given_as_a_string_is_one_audience_not_its_letters(google, verifier):
    assert verifier.verify(google.key.mint(CLAIMS), AUDIENCE)["sub"] == CLAIMS["sub"]

    with pytest.raises(InvalidToken):
        verifier.verify(google.key.mint({**CLAIMS, "aud": "1"}), AUDIENCE)


def test_a_token_signed_by_a_rotated_key_is_accepted_without_waiting_for_expiry(google):
    moments = [0.0]
    verifier = TokenVerifier(CertsCache(google.certs_url, min_refresh_seconds=60,
                                        clock=lambda: moments[0]))
    verifier.verify(google.key.mint(CLAIMS), [AUDIENCE])
    moments[0] += 60

    new_key = google.rotate_key()

    assert verifier.verify(new_key.mint(CLAIMS), [AUDIENCE])["sub"] == CLAIMS["sub"]


def _hs256_with_the_public_certificate_as_secret(key: LocalSigningKey) -> str:
    signing_input = f"{b64json({'alg': 'HS256', 'typ': 'JWT', 'kid': key.key_id})}." \
                    f"{b64json({**CLAIMS, 'iss': 'https://accounts.google.com', 'iat': now(), 'exp': now() + 3600})}"
    mac = hmac.new(key.certificate_pem.encode(), signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{b64url(mac.digest())}"


def _alg_none(key: LocalSigningKey) -> str:
    header = {"alg": "none", "typ": "JWT", "kid": key.key_id}
    payload = {**CLAIMS, "iss": "https://accounts.google.com", "iat": now(), "exp": now() + 3600}
    return f"{b64json(header)}.{b64json(payload)}."


def _with_header(key: LocalSigningKey, header: Any) -> str:
    """A genuine signature, under a header we chose."""
    body = google_jwt.encode(crypt.RSASigner.from_string(key.private_pem, key_id=key.key_id),
                             {**CLAIMS, "iat": now(), "exp": now() + 3600}).decode()
    return b64json(header) + body[body.index("."):]


def _fresh(**claims: Any) -> dict[str, Any]:
    return {**CLAIMS, "iss": "https://accounts.google.com", "iat": now(),
            "exp": now() + 3600, **claims}


def _without(*names: str) -> dict[str, Any]:
    return {name: value for name, value in _fresh().items() if name not in names}


REFUSED: dict[str, Callable[[LocalSigningKey], str]] = {
    "expired an hour ago": lambda key: key.mint(CLAIMS, now=now() - 7200, lifetime=3600),
    "expired beyond the skew": lambda key: key.mint(CLAIMS, now=now() - 3720, lifetime=3600),
    "issued ten minutes in the future": lambda key: key.mint(CLAIMS, now=now() + 600),
    "issued beyond the skew ahead": lambda key: key.mint(CLAIMS, now=now() + 120),
    "for another audience": lambda key: key.mint({**CLAIMS, "aud": "someone-else"}),
    "for no audience": lambda key: signed(key, _without("aud")),
    "from another issuer": lambda key: key.mint({**CLAIMS, "iss": "https://evil.example"}),
    "with a look-alike issuer": lambda key: key.mint({**CLAIMS, "iss": "accounts.google.com.evil"}),
    "with no issuer": lambda key: signed(key, _without("iss")),
    "with an issuer that is a list": lambda key: signed(key, _fresh(iss=["accounts.google.com"])),
    "with no expiry": lambda key: signed(key, _without("exp")),
    "with no issue time": lambda key: signed(key, _without("iat")),
    "with an expiry that is text": lambda key: signed(key, _fresh(exp="tomorrow")),
    "from an unknown key id": lambda key: LocalSigningKey("not-published").mint(CLAIMS),
    "from another key under the same key id":
        lambda key: LocalSigningKey(key_id=key.key_id).mint(CLAIMS),
    "with alg none": _alg_none,
    "HS256 keyed with the public certificate": _hs256_with_the_public_certificate_as_secret,
    "with a key id that is a list": lambda key: _with_header(
        key, {"alg": "RS256", "typ": "JWT", "kid": [key.key_id]}),
    "with a key id that is an object": lambda key: _with_header(
        key, {"alg": "RS256", "typ": "JWT", "kid": {"id": key.key_id}}),
    "with alg as a list": lambda key: _with_header(
        key, {"alg": ["RS256"], "typ": "JWT", "kid": key.key_id}),
    "10 kB long": lambda key: key.mint({**CLAIMS, "padding": "x" * 10_000}),
    "with a tampered payload": lambda key: _tampered(key.mint(CLAIMS)),
}


def _tampered(token: str) -> str:
    header, _, signature = token.split(".")
    return f"{header}.{b64json(_fresh(email='boss@firm-a.fr'))}.{signature}"


@pytest.mark.parametrize("make_token", REFUSED.values(), ids=REFUSED.keys())
def test_every_other_token_is_refused(google, verifier, make_token):
    token = make_token(google.key)

    with pytest.raises(InvalidToken):
        verifier.verify(token, [AUDIENCE])


GARBAGE = {
    "empty": "",
    "a word": "garbage",
    "three dots": "...",
    "three letters": "a.b.c",
    "four segments": "a.b.c.d",
    "not base64": "!!!.???.***",
    "not ascii": "é.é.é",
    "a header that is not JSON": f"{b64url(b'not json')}.e30.e30",
    "a header that is a list": f"{b64json(['RS256'])}.e30.e30",
    "a header nested 3000 deep": f"{b64url(b'[' * 3000)}.e30.e30",
    "a payload nested 3000 deep":
        f"{b64json({'alg': 'RS256', 'typ': 'JWT'})}.{b64url(b'[' * 3000)}.AAAA",
    "a payload that is a list":
        f"{b64json({'alg': 'RS256', 'typ': 'JWT'})}.{b64json([1, 2])}.AAAA",
    "a signature that is not base64":
        f"{b64json({'alg': 'RS256', 'typ': 'JWT'})}.{b64json({'aud': AUDIENCE})}.!",
    "ten kilobytes of dots and letters": ("a" * 5000) + ".." + ("b" * 5000),
}


@pytest.mark.parametrize("token", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_is_refused(verifier, token):
    with pytest.raises(InvalidToken):
        verifier.verify(token, [AUDIENCE])


@pytest.mark.parametrize("not_a_string", [None, b"a.b.c", 42, ["a", "b", "c"]])
def test_something_that_is_not_a_string_is_refused(verifier, not_a_string):
    with pytest.raises(InvalidToken):
        verifier.verify(not_a_string, [AUDIENCE])


@pytest.mark.parametrize("audiences", [[], (), [""], ""], ids=["list", "tuple", "blank", "text"])
def test_a_valid_token_is_refused_when_no_audience_is_configured(google, verifier, audiences):
    with pytest.raises(InvalidToken):
        verifier.verify(google.key.mint(CLAIMS), audiences)


def test_a_token_whose_audience_is_empty_is_refused_even_if_blank_is_configured(google, verifier):
    with pytest.raises(InvalidToken):
        verifier.verify(google.key.mint({**CLAIMS, "aud": ""}), ["", AUDIENCE])


def test_a_valid_token_is_refused_when_the_certificates_cannot_be_fetched(google, verifier):
    google.certs_fail_next = [503]

    with pytest.raises(InvalidToken):
        verifier.verify(google.key.mint(CLAIMS), [AUDIENCE])
