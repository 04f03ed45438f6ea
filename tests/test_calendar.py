"""maalbord calendar and the Opfølgning page's download: the .ics read back with icalendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar
from streamlit.testing.v1 import AppTest

from queries import cli, feeds, store

AS_OF = "2026-12-07"
APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def events(path: Path) -> list:
    return Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def write(store_path, out: Path, *extra) -> list:
    assert cli.main(["--db", str(store_path), "calendar", "--as-of", AS_OF, "--out", str(out), *extra]) == 0
    return events(out)


def test_one_all_day_event_per_target_and_date_with_stable_uids(store_path, con, tmp_path):
    first, second = write(store_path, tmp_path / "a.ics"), write(store_path, tmp_path / "b.ics")
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids)) and uids == [str(e["UID"]) for e in second]
    # bi07-veteraner-job-6m: first follow-up 31-12-2022, every 6 months, up to a year after the as-of date
    mine = sorted(e.decoded("DTSTART") for e in first if str(e["UID"]).startswith("bi07-veteraner-job-6m-"))
    assert mine == [dt.date(2022, 12, 31), dt.date(2023, 6, 30), dt.date(2023, 12, 31), dt.date(2024, 6, 30),
                    dt.date(2024, 12, 31), dt.date(2025, 6, 30), dt.date(2025, 12, 31), dt.date(2026, 6, 30),
                    dt.date(2026, 12, 31), dt.date(2027, 6, 30)]
    ev = next(e for e in first if str(e["UID"]) == "bi07-veteraner-job-6m-20230630@maalbord.kk.example")
    assert ev.decoded("DTEND") == dt.date(2023, 7, 1)  # all-day: a date, the end exclusive
    assert str(ev["SUMMARY"]) == "Opfølgning: Veteraner med koordineret indsats i job/udd. efter 6 mdr."
    assert "40 pct af de veteraner" in str(ev["DESCRIPTION"]) and "/indsats?id=bi07-veteraner-koordination" in str(ev["URL"])
    # every target with a first follow-up has its dates in the file
    with_dates = {r[0] for r in con.execute("select target_id from v_targets where first_followup is not null").fetchall()}
    assert {str(e["UID"]).rsplit("-", 1)[0] for e in first} == with_dates


def test_the_committee_filter(store_path, tmp_path):
    """(In the catalogue every target with follow-up dates is BIU's: BIU gets them all, SUD none.)"""
    every = write(store_path, tmp_path / "all.ics")
    biu = write(store_path, tmp_path / "biu.ics", "--committee", "BIU")
    assert len(every) > 0 and all("Udvalg: BIU" in str(e["DESCRIPTION"]) for e in biu)
    assert {str(e["UID"]) for e in biu} == {str(e["UID"]) for e in every if "Udvalg: BIU" in str(e["DESCRIPTION"])}
    assert write(store_path, tmp_path / "sud.ics", "--committee", "SUD") == []


def test_the_followup_page_offers_the_calendar(store_path, monkeypatch):
    monkeypatch.setenv("MAALBORD_DB", str(store_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("screens/followup.py")
    at.run()
    assert not at.exception
    [button] = at.get("download_button")
    assert button.proto.label == "Hent kalender (.ics)" and button.proto.url.endswith(".ics")
    at.selectbox(key="fu_cal_committee").set_value("BIU").run()
    assert not at.exception and at.get("download_button")[0].proto.url != button.proto.url


def test_a_steward_makes_replaces_and_closes_the_subscription_address_on_the_page(app_store, monkeypatch):
    """Local mode (all grants): no address yet → "Opret"; the page then shows the secret URL (the
    store's token at $MAALBORD_BASE_URL); "Ny adresse" replaces it, "Luk" closes it — each with the
    session's user in the audit log."""
    monkeypatch.setenv("MAALBORD_BASE_URL", "https://maalbord.kk.example")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("screens/followup.py")
    at.run()
    at.selectbox(key="fu_cal_committee").set_value("BIU").run()
    assert not at.code and "Ingen abonnementsadresse for dette valg endnu." in [c.value for c in at.caption]
    at.text_input(key="data_user").set_value("datapleje, BIF").run()
    at.button(key="fu_feed_create").click().run()
    assert not at.exception and not at.error

    def live():
        with store.reading(app_store) as con:
            return feeds.live(con, "BIU")
    first = live()
    assert [c.value for c in at.code] == [f"https://maalbord.kk.example/kalender/{first}.ics"]
    at.button(key="fu_feed_replace").click().run()
    second = live()
    assert second != first and [c.value for c in at.code] == [f"https://maalbord.kk.example/kalender/{second}.ics"]
    at.button(key="fu_feed_revoke").click().run()
    assert live() is None and not at.code and at.button(key="fu_feed_create")
    with store.reading(app_store) as con:
        assert con.execute("select actor, action from audit_log where action like 'calendar_feed%' order by logged_at"
                           ).fetchall() == [("datapleje, BIF", "calendar_feed_created"),
                                            ("datapleje, BIF", "calendar_feed_replaced"),
                                            ("datapleje, BIF", "calendar_feed_revoked")]
    with store.reading(app_store) as con:  # the other scopes are untouched
        assert feeds.live(con, None) is None


def test_the_cli_shows_makes_replaces_and_closes_the_address(app_store, monkeypatch, capsys):
    monkeypatch.setenv("MAALBORD_BASE_URL", "https://maalbord.kk.example")
    monkeypatch.setenv("MAALBORD_USER", "drift")

    def run(action: str, *extra) -> str:
        assert cli.main(["--db", str(app_store), "calendar", "--address", action, *extra]) == 0
        return capsys.readouterr().out.strip()

    assert run("show") == "Der er ingen abonnementsadresse for dette valg."
    made = run("create", "--committee", "BIU")
    with store.reading(app_store) as con:
        token = feeds.live(con, "BIU")
    assert made == f"https://maalbord.kk.example/kalender/{token}.ics" == run("show", "--committee", "BIU")
    assert run("replace", "--committee", "BIU") != made
    assert run("revoke", "--committee", "BIU") == "Adressen er lukket; den svarer nu 404."
    assert run("show", "--committee", "BIU") == "Der er ingen abonnementsadresse for dette valg."
    with store.reading(app_store) as con:
        assert con.execute("select distinct actor from audit_log where action like 'calendar_feed%'").fetchall() == \
            [("drift",)]
