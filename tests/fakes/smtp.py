"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives.

It can ask for a login, speak STARTTLS or TLS from the first byte with a
certificate made for the test, and refuse chosen recipients, so the real
smtplib client meets every answer a mail server gives.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support import free_port


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes  # as it came over the wire, before any decoding


@dataclass
class _Handler:
    refused: set[str] = field(default_factory=set)
    drop_after_data: bool = False
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), parsed,
                                          envelope.original_content or envelope.content))
        if self.drop_after_data:
            # The message has arrived, but the client never hears so: an ambiguous failure.
            server.transport.abort()
        return "250 Message accepted for delivery"


class FakeSmtp:
    """`with FakeSmtp() as smtp:` then send to `smtp.url`; read `smtp.messages`."""

    def __init__(self, *, credentials: tuple[str, str] | None = None,
                 tls: "TestCertificate | None" = None, implicit_tls: bool = False):
        self.handler = _Handler()
        self.port = free_port()
        self._credentials = credentials
        options: dict = {}
        if credentials:
            # aiosmtpd does not count TLS from the first byte as TLS for AUTH: the
            # connection is encrypted all the same, so only STARTTLS needs the check.
            options.update(authenticator=self._authenticate, auth_required=True,
                           auth_require_tls=tls is not None and not implicit_tls)
        if tls is not None and implicit_tls:
            options["ssl_context"] = tls.server_context()
        elif tls is not None:
            options.update(tls_context=tls.server_context(), require_starttls=True)
        self.scheme = "smtps" if implicit_tls else "smtp"
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                      server_hostname="localhost", **options)

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and self._credentials == (
                auth_data.login.decode(), auth_data.password.decode()):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def refuse(self, address: str) -> None:
        self.handler.refused.add(address.lower())

    def accept_again(self) -> None:
        self.handler.refused.clear()

    def drop_connections_after_data(self, drop: bool = True) -> None:
        self.handler.drop_after_data = drop

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    @property
    def messages(self) -> list[EmailMessage]:
        return [item.message for item in self.received]

    def to(self, address: str) -> list[EmailMessage]:
        return [item.message for item in self.received if address in item.rcpt_tos]

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.received.clear()

    def __enter__(self) -> "FakeSmtp":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


class TestCertificate:
    """A self-signed certificate for 127.0.0.1 and localhost, and contexts that use it."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, folder: Path):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
        now = dt.datetime.now(dt.timezone.utc)
        certificate = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
        self.cert_path = folder / "smtp-cert.pem"
        self.key_path = folder / "smtp-key.pem"
        self.cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        self.key_path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert_path))
