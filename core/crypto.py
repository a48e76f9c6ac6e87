"""Encrypting X and LinkedIn tokens at rest, with key rotation.

`COMPTOIR_TOKEN_KEY` is a comma-separated list of Fernet keys (cryptography's
MultiFernet): the first encrypts, every one decrypts. Rotating keys is:
put a new key first, keep the old ones after it, run `python main.py tokens
rotate` (re-encrypts every stored token under the first key), then drop the
old keys. Fernet is AES-128-CBC + HMAC-SHA256 with a random IV, so the same
token encrypts differently each time and a tampered ciphertext never decrypts.
"""

from __future__ import annotations

from typing import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenKeyError(ValueError):
    """A configured key is not a Fernet key; the message names its position, never the key."""


class TokenDecryptError(Exception):
    """A stored token does not decrypt: wrong keys, or the value was altered."""


class TokenCipher:
    def __init__(self, keys: Sequence[str]):
        if not keys:
            raise TokenKeyError("COMPTOIR_TOKEN_KEY holds no key")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.strip().encode("ascii")))
            except (ValueError, UnicodeEncodeError):
                raise TokenKeyError(
                    f"COMPTOIR_TOKEN_KEY: key {position} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes)") from None
        self._primary = fernets[0]
        self._all = MultiFernet(fernets)

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def encrypt(self, plaintext: str) -> str:
        return self._all.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._all.decrypt(_ascii(ciphertext)).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            raise TokenDecryptError(
                "a stored token does not decrypt with any COMPTOIR_TOKEN_KEY key "
                "(a key was removed too early, or the value was altered)") from None

    def rotate(self, ciphertext: str) -> str:
        """The same plaintext, encrypted under the first key (whichever key encrypted it)."""
        try:
            return self._all.rotate(_ascii(ciphertext)).decode("ascii")
        except InvalidToken:
            raise TokenDecryptError(
                "a stored token does not decrypt with any COMPTOIR_TOKEN_KEY key") from None

    def is_current(self, ciphertext: str) -> bool:
        """Whether the first key decrypts it: what `tokens rotate` reports on."""
        try:
            self._primary.decrypt(_ascii(ciphertext))
        except InvalidToken:
            return False
        return True


def _ascii(ciphertext: str) -> bytes:
    # Fernet tokens are url-safe base64: anything else cannot be one of ours.
    try:
        return ciphertext.encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        raise TokenDecryptError("a stored token is not a Fernet token") from None
