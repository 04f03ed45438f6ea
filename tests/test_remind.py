"""maalbord remind against a real SMTP server (aiosmtpd on loopback), the messages read back;
no duplicates; a refusing server and an unreachable port change nothing."""

from __future__ import annotations

import email
import shutil
import socket
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
