"""A local RSA key that signs tokens shaped like Google's.

Tests, the benchmark and the development card preview mint add-on and user ID
tokens with it; its certificate is served (by a loopback fake, or trusted
in-process in development) exactly as Google serves its own.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt


class LocalSigningKey:
    def __init__(self, key_id: str | None = None):
        self.key_id = key_id or secrets.token_hex(8)
        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = self._private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode()
        self.certificate_pem = _self_signed(self._private_key).public_bytes(
            serialization.Encoding.PEM).decode()
        self._signer = crypt.RSASigner.from_string(self.private_pem, key_id=self.key_id)

    def certs(self) -> dict[str, str]:
        return {self.key_id: self.certificate_pem}

    def mint(self, claims: Mapping[str, Any], *, lifetime: int = 3600,
             now: float | None = None) -> str:
        """A signed token; `iat` and `exp` are added unless `claims` sets them."""
        issued = int(now if now is not None else time.time())
        payload = {"iss": "https://accounts.google.com", "iat": issued,
                   "exp": issued + lifetime, **claims}
        return jwt.encode(self._signer, payload).decode()


def _self_signed(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "comptoir local signer")])
    now = datetime.now(timezone.utc)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .sign(key, hashes.SHA256()))


def user_claims(*, audience: str, subject: str, email: str, domain: str | None,
                name: str = "", email_verified: bool = True, **extra: Any) -> dict[str, Any]:
    """Claims of a user's ID token as Google issues it."""
    claims = {"aud": audience, "sub": subject, "email": email,
              "email_verified": email_verified, "name": name, **extra}
    if domain:
        claims["hd"] = domain
    return claims


def service_claims(*, audience: str, email: str, email_verified: bool = True) -> dict[str, Any]:
    """Claims of the add-on service account's system ID token."""
    return {"aud": audience, "sub": "1" + secrets.token_hex(10), "email": email,
            "email_verified": email_verified, "azp": email}
