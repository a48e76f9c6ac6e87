"""TokenCipher: tokens at rest are ciphertext only, and keys rotate without losing any."""

from __future__ import annotations

import base64

import pytest

from core.crypto import TokenCipher, TokenDecryptError, TokenKeyError

OLD_KEY = TokenCipher.generate_key()
NEW_KEY = TokenCipher.generate_key()
TOKENS = ["AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR", "é-token-ünïcode-🔑",
          "a", "x" * 2000]


@pytest.mark.parametrize("token", TOKENS)
def test_a_token_comes_back_as_it_went_in(token):
    cipher = TokenCipher([OLD_KEY])

    assert cipher.decrypt(cipher.encrypt(token)) == token


@pytest.mark.parametrize("token", TOKENS)
def test_the_ciphertext_never_contains_the_token_in_any_usual_encoding(token):
    ciphertext = TokenCipher([OLD_KEY]).encrypt(token)

    for form in (token, base64.b64encode(token.encode()).decode(),
                 base64.urlsafe_b64encode(token.encode()).decode().rstrip("="),
                 token.encode().hex()):
        if len(form) >= 4:  # a one-letter token can appear in any base64 text by chance
            assert form not in ciphertext
    assert ciphertext.isascii()


def test_the_same_token_encrypts_differently_each_time():
    cipher = TokenCipher([OLD_KEY])

    assert cipher.encrypt(TOKENS[0]) != cipher.encrypt(TOKENS[0])


def test_rotation_old_key_still_decrypts_and_rotate_moves_to_the_new_key():
    before = TokenCipher([OLD_KEY])
    during = TokenCipher([NEW_KEY, OLD_KEY])
    after = TokenCipher([NEW_KEY])
    stored = before.encrypt(TOKENS[0])

    assert during.decrypt(stored) == TOKENS[0]
    assert not during.is_current(stored)
    rotated = during.rotate(stored)
    assert during.is_current(rotated) and rotated != stored
    assert after.decrypt(rotated) == TOKENS[0]
    with pytest.raises(TokenDecryptError):
        after.decrypt(stored)
    with pytest.raises(TokenDecryptError):
        before.decrypt(rotated)


def test_new_tokens_are_encrypted_with_the_first_key():
    ciphertext = TokenCipher([NEW_KEY, OLD_KEY]).encrypt(TOKENS[0])

    assert TokenCipher([NEW_KEY]).decrypt(ciphertext) == TOKENS[0]
    with pytest.raises(TokenDecryptError):
        TokenCipher([OLD_KEY]).decrypt(ciphertext)


@pytest.mark.parametrize("altered", [
    lambda text: text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1],
    lambda text: text[:20],
    lambda text: "not a fernet token",
    lambda text: "é" + text,
    lambda text: "",
])
def test_an_altered_or_foreign_value_raises_a_clear_error(altered):
    cipher = TokenCipher([OLD_KEY])

    with pytest.raises(TokenDecryptError, match="does not decrypt|not a Fernet token"):
        cipher.decrypt(altered(cipher.encrypt(TOKENS[0])))


def test_a_wrong_key_raises_and_the_error_never_shows_the_key_or_the_token():
    stored = TokenCipher([OLD_KEY]).encrypt(TOKENS[0])

    with pytest.raises(TokenDecryptError) as raised:
        TokenCipher([NEW_KEY]).decrypt(stored)

    assert NEW_KEY not in str(raised.value) and TOKENS[0] not in str(raised.value)
    with pytest.raises(TokenDecryptError):
        TokenCipher([NEW_KEY]).rotate(stored)


@pytest.mark.parametrize("keys", [[], ["not-a-key"], [NEW_KEY, "short=="], ["é" * 44]])
def test_a_bad_key_list_is_refused_naming_the_position_not_the_key(keys):
    with pytest.raises(TokenKeyError) as raised:
        TokenCipher(keys)

    for key in keys:
        assert key not in str(raised.value)
    if keys:
        assert f"key {len(keys)}" in str(raised.value)
