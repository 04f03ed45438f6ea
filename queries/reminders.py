"""`maalbord remind`: one e-mail per owner listing follow-ups that lack a figure, and a digest for
the data stewards — sent through the municipality's SMTP server (Python's smtplib and
email.message.EmailMessage, plain text + HTML).

What is due comes from queries/followups.py `calendar` (the latest passed follow-up and the next
one per target, and whether the period has a measurement); the owner from v_owners
(queries/owners.py). A follow-up is listed when it has no measurement for its period and is
overdue or due within `days` days. Never twice for the same follow-up and recipient: each message
is recorded in `reminders_sent` (and the audit log) only after the server accepted it.

Configuration: environment variables (docs/followup.md) — MAALBORD_SMTP_HOST, MAALBORD_SMTP_PORT,
MAALBORD_SMTP_STARTTLS, MAALBORD_SMTP_CAFILE, MAALBORD_SMTP_USER, MAALBORD_SMTP_PASSWORD,
MAALBORD_SMTP_FROM, MAALBORD_STEWARD_MAIL, MAALBORD_REMIND_DAYS, MAALBORD_BASE_URL.

STARTTLS always verifies the server's certificate and name (ssl.create_default_context): against
the system's CAs, or, with MAALBORD_SMTP_CAFILE, against that file's (a municipality's own CA) —
verification is never switched off.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import quote

import duckdb
import polars as pl

from queries import followups, formats, imports, owners, store
from queries.texts import t

DEFAULT_DAYS = 14
DEFAULT_BASE_URL = "http://localhost:8501"
MSGID_DOMAIN = "maalbord.kk.example"


class RemindError(Exception):
    """A configuration or SMTP problem: a text key and its parameters (the CLI prints it)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str = "da") -> str:
        return t(self.key, lang, **self.params)


def base_url() -> str:
    """$MAALBORD_BASE_URL (the app's public address), else http://localhost:8501."""
    return (os.environ.get("MAALBORD_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def initiative_url(initiative_id: str, base: str | None = None) -> str:
    """The Indsats page of one initiative (dashboard/selection.py reads ?id=)."""
    return f"{base or base_url()}/indsats?id={quote(initiative_id)}"


def reminder_days(value: int | None = None) -> int:
    if value is not None:
        return value
    raw = os.environ.get("MAALBORD_REMIND_DAYS")
    if not raw:
        return DEFAULT_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = -1
    if days < 0:
        raise RemindError("remind.err.config", setting="MAALBORD_REMIND_DAYS", value=raw)
    return days


def steward_addresses() -> list[str]:
    """$MAALBORD_STEWARD_MAIL: the data stewards' functional mailbox(es), comma-separated."""
    raw = os.environ.get("MAALBORD_STEWARD_MAIL") or ""
    out = [a.strip() for a in raw.split(",") if a.strip()]
    for a in out:
        if not owners.valid_mailbox(a):
            raise RemindError("remind.err.config", setting="MAALBORD_STEWARD_MAIL", value=a)
    return out


@dataclass
class SmtpConfig:
    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    cafile: str | None = None

    @classmethod
    def from_env(cls) -> SmtpConfig:
        env = os.environ
        host = env.get("MAALBORD_SMTP_HOST", "").strip()
        if not host:
            raise RemindError("remind.err.config", setting="MAALBORD_SMTP_HOST", value="")
        flag = env.get("MAALBORD_SMTP_STARTTLS", "false").strip().lower()
        if flag not in ("true", "false", "1", "0", "yes", "no"):
            raise RemindError("remind.err.config", setting="MAALBORD_SMTP_STARTTLS", value=flag)
        starttls = flag in ("true", "1", "yes")
        raw_port = env.get("MAALBORD_SMTP_PORT", "").strip() or ("587" if starttls else "25")
        if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
            raise RemindError("remind.err.config", setting="MAALBORD_SMTP_PORT", value=raw_port)
        sender = env.get("MAALBORD_SMTP_FROM", "").strip()
        if not owners.valid_mailbox(sender):
            raise RemindError("remind.err.config", setting="MAALBORD_SMTP_FROM", value=sender)
        cafile = env.get("MAALBORD_SMTP_CAFILE", "").strip() or None
        if cafile and not Path(cafile).is_file():
            raise RemindError("remind.err.config", setting="MAALBORD_SMTP_CAFILE", value=cafile)
        return cls(host, int(raw_port), starttls, env.get("MAALBORD_SMTP_USER") or None,
                   env.get("MAALBORD_SMTP_PASSWORD") or None, sender, cafile)


@dataclass
class Reminder:
    """One e-mail: its recipient, kind (owner / steward) and the follow-ups it lists."""
    recipient: str
    kind: str
    administration: str | None
    items: list[dict] = field(default_factory=list)


def due_items(con: duckdb.DuckDBPyConnection, today: dt.date, days: int) -> pl.DataFrame:
    """Follow-ups without a measurement for their period, overdue or due within `days` days, with
    the target's owner. Columns: followups.calendar's + administration_id, mailbox, overdue."""
    cal = followups.calendar(con, today)
    horizon = today + dt.timedelta(days=days)
    due = cal.filter(~pl.col("has_measurement") & (pl.col("due") <= horizon)).with_columns(
        (pl.col("due") < today).alias("overdue"))
    owner = owners.current(con).select("target_id", "administration_id", "mailbox")
    return due.join(owner, on="target_id", how="left").sort("due", "target_id")


def plan(con: duckdb.DuckDBPyConnection, today: dt.date, days: int, stewards: list[str]) -> list[Reminder]:
    """The e-mails to send: one per owner mailbox, one per steward address; follow-ups already
    reminded to that recipient (reminders_sent) left out, and a recipient with nothing new gets none."""
    items = due_items(con, today, days)
    sent = {(r[0], r[1], r[2]) for r in con.execute(
        "select target_id, due, recipient from reminders_sent").fetchall()}
    out: list[Reminder] = []
    for mailbox in sorted({m for m in items["mailbox"] if m}):
        mine = [r for r in items.filter(pl.col("mailbox") == mailbox).iter_rows(named=True)
                if (r["target_id"], r["due"], mailbox) not in sent]
        if mine:
            out.append(Reminder(mailbox, "owner", mine[0]["administration_id"], mine))
    for steward in stewards:
        theirs = [r for r in items.iter_rows(named=True) if (r["target_id"], r["due"], steward) not in sent]
        if theirs:
            out.append(Reminder(steward, "steward", None, theirs))
    return out


def _lines(rem: Reminder, today: dt.date, days: int, base: str) -> list[tuple[str, list[str]]]:
    """(heading, item lines) per section: overdue, due soon."""
    key = "remind.item_owner" if rem.kind == "steward" else "remind.item"
    sections = []
    for heading, part in ((t("remind.overdue"), [i for i in rem.items if i["overdue"]]),
                          (t("remind.due_soon", days=days), [i for i in rem.items if not i["overdue"]])):
        if part:
            sections.append((heading, [t(key, due=formats.date(i["due"]), target=i["short_text"],
                                         initiative=i["initiative"], start=formats.date(i["period_start"]) or "–",
                                         mailbox=i["mailbox"] or "–",
                                         url=initiative_url(i["initiative_id"], base)) for i in part]))
    return sections


def message(rem: Reminder, cfg_sender: str, today: dt.date, days: int, base: str | None = None) -> EmailMessage:
    """The e-mail (Danish): plain text and an HTML alternative with the same content."""
    base = base or base_url()
    n = len(rem.items)
    if rem.kind == "steward":
        subject, intro, greeting = (t("remind.steward_subject", n=n), t("remind.steward_intro", today=formats.date(today)),
                                    None)
    else:
        subject, intro = t("remind.subject", n=n, mailbox=rem.recipient), t("remind.intro")
        greeting = t("remind.greeting", mailbox=rem.recipient, administration=rem.administration or "–")
    sections = _lines(rem, today, days, base)
    text = ([greeting, ""] if greeting else []) + [intro, ""]
    for heading, lines in sections:
        text += [heading, *[f"- {line}" for line in lines], ""]
    text.append(t("remind.footer"))
    body = "".join(f"<h3>{html.escape(h)}</h3><ul>" + "".join(
        f"<li>{_html_item(line)}</li>" for line in lines) + "</ul>" for h, lines in sections)
    page = (f"<html><body>{f'<p>{html.escape(greeting)}</p>' if greeting else ''}<p>{html.escape(intro)}</p>"
            f"{body}<p>{html.escape(t('remind.footer'))}</p></body></html>")
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, cfg_sender, rem.recipient
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Message-ID"] = make_msgid(domain=MSGID_DOMAIN)
    msg.set_content("\n".join(text) + "\n")
    msg.add_alternative(page, subtype="html")
    return msg


def _html_item(line: str) -> str:
    """An item line with its trailing URL as a link."""
    head, _, url = line.rpartition(" — ")
    return f'{html.escape(head)} — <a href="{html.escape(url)}">{html.escape(url)}</a>'


def _connect(cfg: SmtpConfig) -> smtplib.SMTP:
    where = {"host": cfg.host, "port": cfg.port}
    try:
        server = smtplib.SMTP(cfg.host, cfg.port, timeout=15)
    except (OSError, smtplib.SMTPException) as exc:
        raise RemindError("remind.err.unreachable", reason=str(exc) or type(exc).__name__, **where) from None
    try:
        if cfg.starttls:
            server.starttls(context=ssl.create_default_context(cafile=cfg.cafile))
    except (OSError, smtplib.SMTPException) as exc:
        server.close()
        raise RemindError("remind.err.tls", reason=str(exc) or type(exc).__name__, **where) from None
    try:
        if cfg.user:
            server.login(cfg.user, cfg.password or "")
    except (OSError, smtplib.SMTPException) as exc:
        server.close()
        raise RemindError("remind.err.auth", reason=str(exc) or type(exc).__name__, **where) from None
    return server


def _refusal(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                         for code, msg in exc.recipients.values())
    code, text = getattr(exc, "smtp_code", None), getattr(exc, "smtp_error", None)
    if code is not None:
        return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return str(exc) or type(exc).__name__


def _record(path, rem: Reminder, msg: EmailMessage, actor: str) -> None:
    """After the server accepted `msg`: its follow-ups as sent to its recipient, and an audit row."""
    stamp = store.now()
    with store.writing(path) as con:
        for item in rem.items:
            con.execute("insert or ignore into reminders_sent (target_id, due, recipient, kind, sent_at, sent_by, "
                        "message_id) values (?, ?, ?, ?, ?, ?, ?)",
                        [item["target_id"], item["due"], rem.recipient, rem.kind, stamp, actor, msg["Message-ID"]])
        imports.audit(con, actor, "reminder_sent", rem.recipient, {
            "kind": rem.kind, "message_id": msg["Message-ID"], "subject": msg["Subject"],
            "followups": [f"{i['target_id']} {i['due']}" for i in rem.items]})


def run(path: Path | str | None, today: dt.date, days: int | None = None, dry_run: bool = False,
        actor: str | None = None, say=print) -> int:
    """Plan, then (unless dry_run) send each e-mail and record it once accepted. Returns the number
    of e-mails sent (dry run: that would be sent). Raises RemindError on configuration or SMTP
    problems — e-mails accepted before the problem stay recorded, the rest are not."""
    actor = actor or store.current_user()
    days = reminder_days(days)
    stewards = steward_addresses()
    base = base_url()
    cfg = None if dry_run else SmtpConfig.from_env()  # a bad setting stops before anything is sent
    with store.reading(path) as con:
        reminders = plan(con, today, days, stewards)
    if not reminders:
        say(t("remind.nothing", today=formats.date(today)))
        return 0
    messages = [(rem, message(rem, cfg.sender if cfg else "maalbord@kk.example", today, days, base))
                for rem in reminders]
    if dry_run:
        for rem, msg in messages:
            say(t("remind.would_send", to=rem.recipient, subject=msg["Subject"]))
            say(msg.get_body(("plain",)).get_content())
        return len(messages)
    server = _connect(cfg)
    sent = 0
    try:
        for rem, msg in messages:
            try:
                refused = server.send_message(msg)
            except smtplib.SMTPServerDisconnected as exc:
                raise RemindError("remind.err.unreachable", host=cfg.host, port=cfg.port,
                                  reason=str(exc) or type(exc).__name__) from None
            except smtplib.SMTPException as exc:
                raise RemindError("remind.err.refused", host=cfg.host, port=cfg.port, to=rem.recipient,
                                  reason=_refusal(exc)) from None
            if refused:  # (one recipient per message: a partial refusal is a refusal)
                raise RemindError("remind.err.refused", host=cfg.host, port=cfg.port, to=rem.recipient,
                                  reason=str(refused))
            _record(path, rem, msg, actor)
            sent += 1
            say(t("remind.sent", to=rem.recipient, subject=msg["Subject"]))
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    say(t("remind.summary", n=sent))
    return sent
