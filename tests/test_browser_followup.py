"""The follow-up cycle against the running app (`streamlit run dashboard/server.py`, as `maalbord
serve` starts it): the subscribable calendar fetched over real HTTP and read back with icalendar
(a wrong, malformed or revoked token → 404), and in Debian's chromium a data steward sets an
owner, writes the account for a 😞 target and finds it in the Udvalgsrapport."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from icalendar import Calendar

from queries import feeds, store
from tests.streamlit_server import chromium_page, serve, wait_until_idle
from tests.test_accounts import with_open_round

TODAY = "2026-12-07"


@pytest.fixture(scope="module")
def db(store_path, tmp_path_factory) -> dict:
    return with_open_round(store_path, tmp_path_factory.mktemp("cycle") / "store.duckdb")


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


@pytest.fixture(scope="module")
def page(server):
    with chromium_page() as tab:
        yield tab


def choose(page, label: str, text: str, last: bool = False) -> None:
    """Pick an option of a select box by typing part of it (Streamlit's select boxes filter as you type)."""
    boxes = page.get_by_role("combobox", name=label, exact=True)
    box = boxes.last if last else boxes.first
    box.click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_until_idle(page)


def form(page, text: str):
    return page.locator('[data-testid="stForm"]').filter(has_text=text).first


@pytest.mark.browser
def test_a_steward_sets_an_owner_writes_an_account_and_finds_it_in_the_report(db, server, page):
    red = db["red"]
    page.goto(server + "/datapleje")
    page.get_by_text("Ejer af indsats eller mål").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    # the owner of the 😞 target
    choose(page, "Hvad", "Mål")
    choose(page, "Indsats eller mål", red)
    owner = form(page, "Funktionspostkasse")
    owner.get_by_label("Funktionspostkasse (e-mail)").fill("aktivering-maal@kk.example")
    owner.get_by_label("Begrundelse").fill("Målet følges op af jobcentrene")
    owner.get_by_role("button", name="Gem").click()
    page.get_by_text("Gemt.").first.wait_for(timeout=20_000)
    wait_until_idle(page)
    # the account behind its 😞: the form asks for it
    choose(page, "Mål", red, last=True)  # (the measurement and target forms' "Mål" come first)
    page.get_by_text("skriv gerne en redegørelse").first.wait_for(timeout=20_000)
    account = form(page, "Historien bag kurven")
    account.get_by_label("Historien bag kurven").fill("Tilbuddet lukkede i foråret; færre kom i gang.")
    account.get_by_role("button", name="Gem").click()
    page.get_by_text("Gemt.").first.wait_for(timeout=20_000)
    with store.reading(db["path"]) as con:
        assert con.execute("select mailbox, owner_source from v_owners where target_id = ?", [red]).fetchone() == \
            ("aktivering-maal@kk.example", "target")
    # the Udvalgsrapport: freeze the open round, and the account is under its initiative
    page.goto(server + "/udvalgsrapport")
    page.get_by_role("button", name="Frys runden nu").click()
    page.get_by_text("Tilbuddet lukkede i foråret; færre kom i gang.").first.wait_for(timeout=30_000)
    assert page.get_by_text("Historien bag kurven").count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
