"""Sending mail: SMTP in its three forms against a real server on loopback, and .eml files."""

from __future__ import annotations

import email
import smtplib
import time
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest

from integrations.mail import FolderMailer, MailNotSent, SmtpMailer, build_mailer
from integrations.mail.smtp import parse_smtp_url
from tests.fakes.server import SilentServer
from tests.fakes.smtp import FakeSmtp, TestCertificate
from tests.support import free_port


def a_message(to: str = "lea@firm-a.fr", subject: str = "Votre résumé") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Comptoir <comptoir@firm-a.fr>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Bonjour Léa,\n\nvoici les nouvelles.")
    message.add_alternative("<p>Bonjour Léa,</p>", subtype="html")
    return message


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> TestCertificate:
    return TestCertificate(tmp_path_factory.mktemp("tls"))


@pytest.mark.parametrize("url,expected", [
    ("smtp://mail.example.fr", ("mail.example.fr", 25, False, False, None, None, 30.0)),
    ("smtp://bot%40firm.fr:p%3Ass@mail.example.fr:587?starttls=1&timeout=5",
     ("mail.example.fr", 587, False, True, "bot@firm.fr", "p:ss", 5.0)),
    ("smtps://bot:secret@mail.example.fr",
     ("mail.example.fr", 465, True, False, "bot", "secret", 30.0)),
])
def test_an_smtp_url_names_host_port_security_credentials_and_timeout(url, expected):
    s = parse_smtp_url(url)
    assert (s.host, s.port, s.implicit_tls, s.starttls, s.username, s.password,
            s.timeout) == expected


@pytest.mark.parametrize("url", ["http://mail.example.fr", "smtp://", "smtps://h?starttls=1",
                                 "smtp://h?timeout=0"])
def test_a_malformed_smtp_url_is_refused(url):
    with pytest.raises(ValueError):
        parse_smtp_url(url)


def test_plain_smtp_delivers_the_message_as_written():
    with FakeSmtp() as server:
        SmtpMailer.from_url(server.url).send(a_message())

    [received] = server.received
    assert received.rcpt_tos == ("lea@firm-a.fr",)
    assert received.message["Subject"] == "Votre résumé"
    assert received.message.get_body(("plain",)).get_content().startswith("Bonjour Léa")
    assert received.message.get_body(("html",)).get_content().strip() == "<p>Bonjour Léa,</p>"


def test_starttls_then_login_delivers(certificate):
    with FakeSmtp(credentials=("bot@firm-a.fr", "s3cret:/"), tls=certificate) as server:
        url = f"smtp://bot%40firm-a.fr:s3cret%3A%2F@127.0.0.1:{server.port}?starttls=1"
        SmtpMailer.from_url(url, ssl_context=certificate.client_context()).send(a_message())

    assert [m["To"] for m in server.messages] == ["lea@firm-a.fr"]


def test_the_server_refuses_a_login_over_plain_text_when_it_requires_starttls(certificate):
    with FakeSmtp(credentials=("bot", "pw"), tls=certificate) as server:
        mailer = SmtpMailer.from_url(f"smtp://bot:pw@127.0.0.1:{server.port}")
        with pytest.raises(MailNotSent):
            mailer.send(a_message())
    assert server.received == []


# Our fake only: aiosmtpd cannot tell that TLS from the first byte is TLS (see FakeSmtp).
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_delivers(certificate):
    with FakeSmtp(credentials=("bot", "pw"), tls=certificate, implicit_tls=True) as server:
        url = f"smtps://bot:pw@127.0.0.1:{server.port}"
        SmtpMailer.from_url(url, ssl_context=certificate.client_context()).send(a_message())

    assert len(server.messages) == 1


def test_a_certificate_nobody_vouches_for_is_refused(certificate):
    with FakeSmtp(tls=certificate, implicit_tls=True) as server:
        with pytest.raises(MailNotSent):
            SmtpMailer.from_url(f"smtps://127.0.0.1:{server.port}").send(a_message())
    assert server.received == []


def test_a_wrong_password_is_a_failure_safe_to_retry(certificate):
    with FakeSmtp(credentials=("bot", "right"), tls=certificate) as server:
        url = f"smtp://bot:wrong@127.0.0.1:{server.port}?starttls=1"
        with pytest.raises(MailNotSent) as caught:
            SmtpMailer.from_url(url, ssl_context=certificate.client_context()).send(a_message())
    assert isinstance(caught.value.__cause__, smtplib.SMTPAuthenticationError)
    assert server.received == []


def test_a_refused_recipient_is_a_failure_safe_to_retry():
    with FakeSmtp() as server:
        server.refuse("gone@firm-a.fr")
        with pytest.raises(MailNotSent):
            SmtpMailer.from_url(server.url).send(a_message(to="gone@firm-a.fr"))
    assert server.received == []


def test_a_connection_lost_after_the_message_went_over_is_not_called_safe_to_retry():
    with FakeSmtp() as server:
        server.drop_connections_after_data()
        with pytest.raises(smtplib.SMTPServerDisconnected):
            SmtpMailer.from_url(server.url).send(a_message())
    assert len(server.received) == 1  # it did arrive: trying again would send it twice


def test_no_server_listening_is_a_failure_safe_to_retry():
    with pytest.raises(MailNotSent):
        SmtpMailer.from_url(f"smtp://127.0.0.1:{free_port()}?timeout=2").send(a_message())


def test_a_server_that_never_answers_times_out_instead_of_hanging():
    silent = SilentServer()
    started = time.monotonic()
    try:
        mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{silent.port}?timeout=0.5")
        with pytest.raises(MailNotSent, match="timed out"):
            mailer.send(a_message())
    finally:
        silent.close()
    assert time.monotonic() - started < 5


def test_the_folder_mailer_writes_one_readable_eml_file_per_message(tmp_path):
    outbox = tmp_path / "outbox"
    mailer = FolderMailer(outbox)

    mailer.send(a_message(subject="Premier"))
    mailer.send(a_message(subject="Second"))

    files = mailer.messages()
    assert [path.suffix for path in files] == [".eml", ".eml"]
    assert not list(outbox.glob(".*.part"))
    parsed = [email.message_from_bytes(path.read_bytes(), policy=default_policy)
              for path in files]
    assert sorted(m["Subject"] for m in parsed) == ["Premier", "Second"]
    assert parsed[0].get_body(("html",)) is not None


def test_the_factory_prefers_smtp_then_the_outbox_then_nothing(tmp_path):
    assert isinstance(build_mailer("smtp://mail.example.fr", outbox=tmp_path), SmtpMailer)
    folder = build_mailer(None, outbox=tmp_path / "outbox")
    assert isinstance(folder, FolderMailer) and folder.folder == tmp_path / "outbox"
    assert build_mailer("", outbox=None) is None
