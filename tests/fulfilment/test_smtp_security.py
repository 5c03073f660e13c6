"""SMTP over STARTTLS and implicit TLS with login: the server's certificate is verified."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path

import emails
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from graphql_portal.fulfilment.mail import OutgoingMail, SendError, smtp_send
from graphql_portal.settings import parse_smtp_url
from tests.support.ports import free_port
from tests.support.smtp import Mailbox

USER, PASSWORD = "portal", "s3cret-relay-password"

# With implicit TLS the whole session is encrypted, which aiosmtpd's AUTH check cannot see.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def _server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _mail() -> OutgoingMail:
    message = emails.Message(
        subject="Order CO-0000001",
        mail_from="orders@portal.example",
        mail_to="oscar@northwind.example",
        text="hi",
    )
    return OutgoingMail(message=message, recipient="oscar@northwind.example", eml_name="x.eml")


def _serve(**options):
    """A real SMTP server on a loopback port that requires login; yields (port, mailbox)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=port, authenticator=_authenticate, auth_required=True, **options
    )
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(certificate):
    yield from _serve(tls_context=_server_context(certificate), require_starttls=True, auth_require_tls=True)


@pytest.fixture
def ssl_server(certificate):
    yield from _serve(ssl_context=_server_context(certificate), auth_require_tls=False)


async def test_starttls_with_login_delivers(starttls_server, certificate, monkeypatch):
    port, mailbox = starttls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    await smtp_send(_mail(), parse_smtp_url(f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}?starttls=1"))
    assert [m.rcpt_tos for m in mailbox.messages] == [["oscar@northwind.example"]]


async def test_implicit_tls_with_login_delivers(ssl_server, certificate, monkeypatch):
    port, mailbox = ssl_server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    await smtp_send(_mail(), parse_smtp_url(f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}?ssl=1"))
    assert len(mailbox.messages) == 1


async def test_an_untrusted_certificate_is_refused(starttls_server, ssl_server):
    for port, query in ((starttls_server[0], "starttls=1"), (ssl_server[0], "ssl=1")):
        with pytest.raises(SendError, match="CERTIFICATE_VERIFY_FAILED"):
            await smtp_send(_mail(), parse_smtp_url(f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}?{query}"))
    assert starttls_server[1].messages == [] and ssl_server[1].messages == []


async def test_login_is_required_and_a_wrong_password_is_refused(ssl_server, certificate, monkeypatch):
    port, mailbox = ssl_server
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with pytest.raises(SendError, match="530"):
        await smtp_send(_mail(), parse_smtp_url(f"smtp://127.0.0.1:{port}?ssl=1"))
    with pytest.raises(SendError, match="535"):
        await smtp_send(_mail(), parse_smtp_url(f"smtp://{USER}:wrong@127.0.0.1:{port}?ssl=1"))
    assert mailbox.messages == []


async def test_a_server_that_requires_tls_refuses_plain_smtp(starttls_server):
    port, mailbox = starttls_server
    with pytest.raises(SendError):
        await smtp_send(_mail(), parse_smtp_url(f"smtp://127.0.0.1:{port}"))
    assert mailbox.messages == []
