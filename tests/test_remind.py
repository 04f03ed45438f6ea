"""maalbord remind against a real SMTP server (aiosmtpd on loopback), the messages read back;
no duplicates; a refusing server and an unreachable port change nothing."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import shutil
import socket
import ssl
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from queries import cli, forms, owners, store

AS_OF = "2026-12-07"
STEWARD = "datapleje@kk.example"


class Collect:
    """An SMTP handler that keeps every accepted envelope, or refuses every message with `reply`."""

    def __init__(self, reply: str | None = None):
        self.envelopes, self.reply = [], reply

    async def handle_DATA(self, server, session, envelope):
        if self.reply:
            return self.reply
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp_server(request):
    handler = Collect(getattr(request, "param", None))
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture()
def db(store_path, tmp_path, monkeypatch) -> Path:
    target = tmp_path / "store.duckdb"
    shutil.copy(store_path, target)
    monkeypatch.setenv("MAALBORD_DB", str(target))
    for name in ("MAALBORD_SMTP_USER", "MAALBORD_SMTP_PASSWORD", "MAALBORD_REMIND_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAALBORD_SMTP_FROM", "maalbord@kk.example")
    monkeypatch.setenv("MAALBORD_SMTP_STARTTLS", "false")
    monkeypatch.setenv("MAALBORD_STEWARD_MAIL", STEWARD)
    monkeypatch.setenv("MAALBORD_BASE_URL", "https://maalbord.kk.example")
    return target


def use(monkeypatch, port: int) -> None:
    monkeypatch.setenv("MAALBORD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MAALBORD_SMTP_PORT", str(port))


def sent_rows(db):
    with store.reading(db) as con:
        return con.execute("select target_id, due, recipient, kind from reminders_sent order by all").fetchall()


def read(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)


def test_remind_sends_one_mail_per_owner_and_a_steward_digest_once(db, smtp_server, monkeypatch, capsys):
    controller, handler = smtp_server
    use(monkeypatch, controller.port)
    # a figure for the period ending 30-06-2026: that follow-up is no longer asked for
    forms.enter_measurement(db, "bi07-veteraner-job-6m", "2026-06-30", value="38", source="Jobindsats", actor="t")
    # a target given its own owner (SOF) on the Data page: its reminder goes to SOF, not to BIF
    owners.change_owner(db, "target", "bi07-veteraner-eftervaern-fastholdt-5m", "SOF", "social-maal@kk.example", "SOF", actor="t")
    assert cli.main(["remind", "--as-of", AS_OF]) == 0, capsys.readouterr().err
    by_to = {tuple(e.rcpt_tos): read(e) for e in handler.envelopes}
    assert set(by_to) == {("beskaeftigelse-maal@kk.example",), ("social-maal@kk.example",), (STEWARD,)}
    bif = by_to[("beskaeftigelse-maal@kk.example",)]
    assert bif["From"] == "maalbord@kk.example" and bif["Subject"].startswith("Målbord: ")
    plain, page = bif.get_body(("plain",)).get_content(), bif.get_body(("html",)).get_content()
    for part in (plain, page):
        assert "Overskredne opfølgninger" in part
        assert "IPS-misbrug: afsluttede i job/uddannelse" in part  # overdue 30-06-2026, no figure
        assert "https://maalbord.kk.example/indsats?id=bi07-ips-misbrug" in part
        assert "Veteraner i efterværn" not in part  # SOF's now
        assert "Veteraner med koordineret indsats" not in part  # measured
    assert '<a href="https://maalbord.kk.example/indsats?id=bi07-ips-misbrug">' in page
    assert "- 30-06-2026: IPS-misbrug: afsluttede i job/uddannelse" in plain
    sof = by_to[("social-maal@kk.example",)].get_body(("plain",)).get_content()
    assert "Til social-maal@kk.example (SOF)" in sof and "- 30-06-2026: Veteraner i efterværn fastholdt" in sof
    digest = by_to[(STEWARD,)].get_body(("plain",)).get_content()
    assert "ejer: beskaeftigelse-maal@kk.example" in digest and "ejer: social-maal@kk.example" in digest
    rows = sent_rows(db)
    assert {r[2] for r in rows} == {"beskaeftigelse-maal@kk.example", "social-maal@kk.example", STEWARD}
    assert len([r for r in rows if r[3] == "steward"]) == len([r for r in rows if r[3] == "owner"])
    with store.reading(db) as con:
        assert con.execute("select count(*) from audit_log where action = 'reminder_sent'").fetchone()[0] == 3
    # again: nothing new to tell anyone
    capsys.readouterr()
    assert cli.main(["remind", "--as-of", AS_OF]) == 0
    assert len(handler.envelopes) == 3 and "Intet at sende pr. 07-12-2026." in capsys.readouterr().out
    assert sent_rows(db) == rows


def test_dry_run_prints_and_sends_nothing(db, smtp_server, monkeypatch, capsys):
    controller, handler = smtp_server
    use(monkeypatch, controller.port)
    assert cli.main(["remind", "--as-of", AS_OF, "--dry-run", "--days", "30"]) == 0
    out = capsys.readouterr().out
    assert "Ville sende til beskaeftigelse-maal@kk.example" in out and f"Ville sende til {STEWARD}" in out
    assert "Opfølgninger de næste 30 dage" in out  # 31-12-2026 is within 30 days of 07-12-2026
    assert handler.envelopes == [] and sent_rows(db) == []


@pytest.mark.parametrize("smtp_server", ["550 5.7.1 Relaying denied"], indirect=True)
def test_a_refusing_server_marks_nothing_sent(db, smtp_server, monkeypatch, capsys):
    controller, handler = smtp_server
    use(monkeypatch, controller.port)
    assert cli.main(["remind", "--as-of", AS_OF]) == 4
    err = capsys.readouterr().err
    assert "afviste e-mailen" in err and "550" in err and "MAALBORD_SMTP_FROM" in err, err
    assert "Traceback" not in err and sent_rows(db) == []
    with store.reading(db) as con:
        assert con.execute("select count(*) from audit_log where action = 'reminder_sent'").fetchone()[0] == 0


def test_an_unreachable_server_names_the_setting(db, monkeypatch, capsys):
    use(monkeypatch, free_port())  # nothing listens there
    assert cli.main(["remind", "--as-of", AS_OF, "--lang", "en"]) == 4
    err = capsys.readouterr().err
    assert err.startswith(f"The SMTP server 127.0.0.1:") and "cannot be reached" in err
    assert "MAALBORD_SMTP_HOST" in err and "MAALBORD_SMTP_PORT" in err and sent_rows(db) == []


def test_a_missing_host_is_named_before_anything_is_sent(db, monkeypatch, capsys):
    monkeypatch.delenv("MAALBORD_SMTP_HOST", raising=False)
    assert cli.main(["remind", "--as-of", AS_OF]) == 4
    assert "Indstillingen MAALBORD_SMTP_HOST mangler" in capsys.readouterr().err and sent_rows(db) == []


# --- STARTTLS and login: a real TLS handshake with a certificate the client verifies ----------------

@pytest.fixture(scope="module")
def tls_files(tmp_path_factory) -> dict:
    """A CA and a server certificate for 127.0.0.1 signed by it (the `cryptography` package), as a
    municipality's own CA would issue: the client trusts the CA through MAALBORD_SMTP_CAFILE."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("tls")
    now = dt.datetime.now(dt.timezone.utc)

    def cert(subject, key, issuer, issuer_key, ca: bool, san=None):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
             .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
             .not_valid_after(now + dt.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            b = b.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                              content_commitment=False, key_encipherment=False,
                                              data_encipherment=False, key_agreement=False, encipher_only=False,
                                              decipher_only=False), critical=True) \
                 .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        else:
            b = b.add_extension(x509.SubjectAlternativeName(san), critical=False) \
                 .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False) \
                 .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                                critical=False)
        return b.sign(issuer_key, hashes.SHA256())

    ca_key, srv_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-CA kk.example")])
    ca = cert(ca_name, ca_key, ca_name, ca_key, True)
    srv = cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp.kk.example")]), srv_key, ca_name, ca_key,
               False, [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
    files = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key"}
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(srv.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(srv_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
    return files


class Sessions(Collect):
    """Collect, noting for each accepted message whether the session was encrypted and signed in."""

    def __init__(self):
        super().__init__()
        self.sessions = []

    async def handle_DATA(self, server, session, envelope):
        self.sessions.append((session.ssl is not None, session.authenticated))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture()
def tls_server(tls_files):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == \
            (b"maalbord", b"rigtig-adgangskode")
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_files["cert"], tls_files["key"])
    handler = Sessions()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, auth_required=True, auth_require_tls=True,
                            authenticator=authenticator)
    controller.start()
    yield controller, handler
    controller.stop()


def use_tls(monkeypatch, controller, tls_files, password: str, cafile: bool = True) -> None:
    use(monkeypatch, controller.port)
    monkeypatch.setenv("MAALBORD_SMTP_STARTTLS", "true")
    monkeypatch.setenv("MAALBORD_SMTP_USER", "maalbord")
    monkeypatch.setenv("MAALBORD_SMTP_PASSWORD", password)
    if cafile:
        monkeypatch.setenv("MAALBORD_SMTP_CAFILE", str(tls_files["ca"]))
    else:
        monkeypatch.delenv("MAALBORD_SMTP_CAFILE", raising=False)


def test_starttls_and_login_deliver(db, tls_server, tls_files, monkeypatch, capsys):
    controller, handler = tls_server
    use_tls(monkeypatch, controller, tls_files, "rigtig-adgangskode")
    assert cli.main(["remind", "--as-of", AS_OF]) == 0, capsys.readouterr().err
    assert handler.envelopes and set(handler.sessions) == {(True, True)}  # every message over TLS, signed in
    assert {r[2] for r in sent_rows(db)} == {e.rcpt_tos[0] for e in handler.envelopes}
    assert read(handler.envelopes[0])["From"] == "maalbord@kk.example"


def test_a_wrong_password_sends_and_marks_nothing(db, tls_server, tls_files, monkeypatch, capsys):
    controller, handler = tls_server
    use_tls(monkeypatch, controller, tls_files, "forkert")
    assert cli.main(["remind", "--as-of", AS_OF]) == 4
    err = capsys.readouterr().err
    assert "afviste login" in err and "535" in err and "MAALBORD_SMTP_USER og MAALBORD_SMTP_PASSWORD" in err
    assert handler.envelopes == [] and sent_rows(db) == []


def test_the_certificate_is_verified(db, tls_server, tls_files, monkeypatch, capsys):
    """Without the CA file the server's certificate is not trusted: STARTTLS fails, nothing is sent
    (verification is on; the test CA is trusted only through MAALBORD_SMTP_CAFILE)."""
    controller, handler = tls_server
    use_tls(monkeypatch, controller, tls_files, "rigtig-adgangskode", cafile=False)
    assert cli.main(["remind", "--as-of", AS_OF, "--lang", "en"]) == 4
    err = capsys.readouterr().err
    assert "STARTTLS with 127.0.0.1" in err and "CERTIFICATE_VERIFY_FAILED" in err and "MAALBORD_SMTP_CAFILE" in err
    assert handler.envelopes == [] and sent_rows(db) == []
    monkeypatch.setenv("MAALBORD_SMTP_CAFILE", str(tls_files["ca"].with_name("missing.pem")))
    assert cli.main(["remind", "--as-of", AS_OF]) == 4
    assert "Indstillingen MAALBORD_SMTP_CAFILE mangler eller er ugyldig" in capsys.readouterr().err
