"""Subscribable calendar addresses: the follow-up calendar (queries/feed.py) at a secret address,
`<base>/kalender/<token>.ics`, which the app serves without sign-in (dashboard/server.py) so that
Outlook and Google Calendar can subscribe — the way Google Calendar's own "secret address in iCal
format" works. Whoever holds the address can read the calendar (target texts and dates, no citizen
data), so the token is random (256 bits, `secrets.token_urlsafe`), never derived from anything
guessable, and an admin or data steward can replace or revoke it; a revoked or unknown token
answers 404. The file is made on each request from the store, so it is always current: nothing to
write or refresh after a change.

One live address per scope (every committee, or one committee). `create` (none live yet),
`replace` (the old one stops working, a new one is made) and `revoke` write an audit row each.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

import duckdb

from queries import feed, imports, store
from queries.problems import InputError, Problem

FORM = "kalender"
PATH_PREFIX = "/kalender/"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
LANGS = ("da", "en")


def url(token: str, base: str, lang: str = "da") -> str:
    """The subscription address of a token (`?lang=en`: the English calendar)."""
    return f"{base.rstrip('/')}{PATH_PREFIX}{token}.ics" + ("?lang=en" if lang == "en" else "")


def live(con: duckdb.DuckDBPyConnection, committee: str | None) -> str | None:
    """The live token of a scope (None: every committee), or None."""
    row = con.execute("select token from calendar_feeds where revoked_at is null and "
                      "committee_id is not distinct from ? order by created_at desc limit 1", [committee]).fetchall()
    return row[0][0] if row else None


def lookup(con: duckdb.DuckDBPyConnection, token: str) -> tuple[bool, str | None]:
    """(True, committee) for a live token, (False, None) for an unknown, revoked or malformed one."""
    if not token or not TOKEN.fullmatch(token):
        return False, None
    row = con.execute("select committee_id from calendar_feeds where token = ? and revoked_at is null",
                      [token]).fetchall()
    return (True, row[0][0]) if row else (False, None)


def calendar(con: duckdb.DuckDBPyConnection, token: str, today: dt.date, lang: str = "da",
             base: str | None = None) -> bytes | None:
    """The .ics bytes a token's address serves, or None (unknown or revoked: the server says 404)."""
    ok, committee = lookup(con, token)
    if not ok:
        return None
    return feed.ics(con, today, committee, lang if lang in LANGS else "da", base)[0]


def _check_committee(con, committee: str | None) -> None:
    if committee is not None and not con.execute("select 1 from committees where committee_id = ?",
                                                 [committee]).fetchall():
        raise InputError([Problem(FORM, None, "committee", "err.unknown_ref", committee)], "err.form_failed")


def _revoke(con, token: str, actor: str, stamp) -> None:
    con.execute("update calendar_feeds set revoked_at = ?, revoked_by = ? where token = ? and revoked_at is null",
                [stamp, actor, token])


def _add(con, committee: str | None, actor: str, stamp) -> str:
    token = secrets.token_urlsafe(32)
    con.execute("insert into calendar_feeds (token, committee_id, created_at, created_by) values (?, ?, ?, ?)",
                [token, committee, stamp, actor])
    return token


def _scope(committee: str | None) -> str:
    return f"kalender:{committee or 'alle'}"


def create(path: Path | str | None, committee: str | None, actor: str | None = None) -> str:
    """A secret address for the scope; a scope that has a live one keeps it (returned as it is)."""
    actor = actor or store.current_user()
    with store.writing(path) as con:
        _check_committee(con, committee)
        existing = live(con, committee)
        if existing:
            return existing
        token = _add(con, committee, actor, store.now())
        imports.audit(con, actor, "calendar_feed_created", _scope(committee), {"committee": committee})
    return token


def replace(path: Path | str | None, committee: str | None, actor: str | None = None) -> str:
    """A new secret address for the scope; the old one stops working at once (a leaked address)."""
    actor = actor or store.current_user()
    with store.writing(path) as con:
        _check_committee(con, committee)
        stamp, old = store.now(), live(con, committee)
        if old:
            _revoke(con, old, actor, stamp)
        token = _add(con, committee, actor, stamp)
        imports.audit(con, actor, "calendar_feed_replaced", _scope(committee),
                      {"committee": committee, "revoked": bool(old)})
    return token


def revoke(path: Path | str | None, committee: str | None, actor: str | None = None) -> bool:
    """Stop the scope's address working (no new one). False when it had none."""
    actor = actor or store.current_user()
    with store.writing(path) as con:
        old = live(con, committee)
        if not old:
            return False
        _revoke(con, old, actor, store.now())
        imports.audit(con, actor, "calendar_feed_revoked", _scope(committee), {"committee": committee})
    return True
