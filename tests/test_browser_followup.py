"""The follow-up cycle against the running app (`streamlit run dashboard/server.py`, as `maalbord
serve` starts it): the subscribable calendar fetched over real HTTP and read back with icalendar
(a wrong, malformed or revoked token → 404), and in Debian's chromium a data steward sets an
owner, writes the account for a 😞 target and finds it in the Udvalgsrapport."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request

import pytest
from icalendar import Calendar

from queries import feeds, rounds, store
from tests.streamlit_server import ARGS, CHROMIUM, require_chromium, serve
from tests.test_accounts import accounts_red_target

TODAY = "2026-12-07"


@pytest.fixture(scope="module")
def db(store_path, tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("cycle") / "store.duckdb"
    shutil.copy(store_path, path)
    with store.writing(path) as con:
        rid = rounds.create_round(con, "BIU", "2026-11-01", "November", "test", freeze_now=False)
        red = accounts_red_target(con, rid)
    return {"path": path, "round": rid, "red": red}


@pytest.fixture(scope="module")
def server(db):
    with serve(db["path"], MAALBORD_TODAY=TODAY, MAALBORD_USER="datapleje-test") as url:
        yield url


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_the_secret_calendar_address_serves_the_ics_until_it_is_revoked(db, server):
    token = feeds.create(db["path"], "BIU", actor="datapleje")
    assert feeds.create(db["path"], "BIU", actor="datapleje") == token  # one live address per scope
    status, kind, body = fetch(feeds.url(token, server))
    assert status == 200 and kind.startswith("text/calendar"), (status, kind)
    events = Calendar.from_ical(body).walk("VEVENT")
    assert events and all("Udvalg: BIU" in str(e["DESCRIPTION"]) for e in events)
    assert "bi07-veteraner-job-6m-20230630@maalbord.kk.example" in {str(e["UID"]) for e in events}
    english = Calendar.from_ical(fetch(feeds.url(token, server, "en"))[2]).walk("VEVENT")
    assert str(english[0]["SUMMARY"]).startswith("Follow-up: ")

    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "../../etc/passwd"):
        status, _, body = fetch(f"{server}/kalender/{wrong}.ics")
        assert status in (400, 404) and b"VCALENDAR" not in body, wrong  # (400: Streamlit's path check)

    new = feeds.replace(db["path"], "BIU", actor="datapleje")  # a leaked address: the old one stops at once
    assert fetch(feeds.url(token, server))[0] == 404 and fetch(feeds.url(new, server))[0] == 200
    assert feeds.revoke(db["path"], "BIU", actor="datapleje") and fetch(feeds.url(new, server))[0] == 404
    assert not feeds.revoke(db["path"], "BIU", actor="datapleje")
    with store.reading(db["path"]) as con:
        log = con.execute("select actor, action, object, detail from audit_log where action like 'calendar_feed%' "
                          "order by logged_at").fetchall()
        assert token not in json.dumps(log)  # the secret is not copied into the audit log
    assert [(a, act, o) for a, act, o, _ in log] == [
        ("datapleje", "calendar_feed_created", "kalender:BIU"), ("datapleje", "calendar_feed_replaced", "kalender:BIU"),
        ("datapleje", "calendar_feed_revoked", "kalender:BIU")]
