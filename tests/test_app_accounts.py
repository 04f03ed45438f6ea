"""The Data page's account form (issue 20): pick a round and a target, write the account; the form
asks for one when the smiley is 😐/😞; a frozen round refuses with a message, never a trace. And the
Udvalgsrapport page shows the account under its initiative."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries import accounts, rounds, store
from tests.conftest import dump
from tests.test_accounts import with_open_round

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def db(store_path, tmp_path, monkeypatch) -> dict:
    made = with_open_round(store_path, tmp_path / "store.duckdb")
    monkeypatch.setenv("MAALBORD_DB", str(made["path"]))
    monkeypatch.delenv("MAALBORD_USER", raising=False)
    return made


def page(script: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(script)
    at.run()
    assert not at.exception
    return at


def test_account_form_asks_for_red_and_saves_a_version(db):
    at = page("screens/data.py")
    at.selectbox(key="fx_round").set_value(db["round"]).run()
    at.selectbox(key="fx_target").set_value(db["red"]).run()
    assert not at.exception
    assert "Målet står til 😞 Reelle udfordringer i runden — skriv gerne en redegørelse (ikke et krav)." in \
        [w.value for w in at.warning]
    at.text_area(key="fx_story").set_value("Tilbuddet blev *lukket* i foråret.")
    at.text_area(key="fx_partners").set_value("Sundhedsforvaltningen")
    at.text_input(key="fx_author").set_value("kontorchef, BIF")
    at.button(key="FormSubmitter:data_form_account-Gem").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    with store.reading(db["path"]) as con:
        cur = accounts.current(con, db["round"], db["red"])
        logged = con.execute("select actor from audit_log where action = 'account'").fetchall()
    assert (cur.story, cur.partners, cur.author, cur.version) == ("Tilbuddet blev *lukket* i foråret.",
                                                                  "Sundhedsforvaltningen", "kontorchef, BIF", 1)
    assert logged == [("kontorchef, BIF",)]
    # a fresh page shows the current version in the form, and a second save supersedes it
    again = page("screens/data.py")
    again.selectbox(key="fx_round").set_value(db["round"]).run()
    again.selectbox(key="fx_target").set_value(db["red"]).run()
    assert again.text_area(key="fx_story").value == "Tilbuddet blev *lukket* i foråret."
    assert "Nuværende version 1 af kontorchef, BIF" in " ".join(c.value for c in again.caption)
    again.text_area(key="fx_story").set_value("Tilbuddet er genåbnet.")
    again.button(key="FormSubmitter:data_form_account-Gem").click().run()
    assert not again.exception and again.success
    with store.reading(db["path"]) as con:
        assert accounts.current(con, db["round"], db["red"]).version == 2
        assert accounts.history(con, db["round"], db["red"]).height == 2


def test_account_form_refuses_a_frozen_round(db):
    before = dump(db["path"])
    at = page("screens/data.py")
    at.selectbox(key="fx_round").set_value("BIU-2013-08-08").run()
    assert "Runden er låst: redegørelsen kan ikke længere ændres." in [c.value for c in at.caption]
    at.text_area(key="fx_story").set_value("for sent")
    at.button(key="FormSubmitter:data_form_account-Gem").click().run()
    assert not at.exception and not at.success
    assert [e.value for e in at.error] == ["Skemaet »Redegørelse bag status« har 1 fejl; intet er gemt."]
    assert "runden er låst" in at.dataframe[0].value["reason"][0]
    assert dump(db["path"]) == before


def test_report_page_shows_the_account(db):
    with store.writing(db["path"]) as con:
        accounts.record(con, db["round"], db["red"], {"story": "Tilbuddet blev lukket i foråret.",
                                                      "next_step": "Genåbning"}, "kontorchef, BIF",
                        next_step_date="31-01-2027")
        rounds.freeze_round(con, db["round"], "test")
    at = page("screens/report.py")
    at.selectbox(key="report_round").set_value(db["round"]).run()
    assert not at.exception
    md = [m.value for m in at.markdown]
    assert "Tilbuddet blev lukket i foråret." in md and "**Historien bag kurven**" in md
    assert "**Næste skridt senest 31-01-2027**" in md


def test_the_target_picker_lists_the_chosen_rounds_targets_only(db):
    """An open SOU round reports on SOU's initiatives only (35 targets), the open BIU round on more;
    a target chosen for one round and not in the next is not carried over."""
    with store.writing(db["path"]) as con:
        sou = rounds.create_round(con, "SOU", "2026-11-01", "November", "test", freeze_now=False)
        wanted = {r: set(rounds.round_targets(con, r)) for r in (sou, db["round"], "BIU-2013-08-08")}
    assert len(wanted[sou]) < len(wanted[db["round"]]) and db["red"] not in wanted[sou]
    at = page("screens/data.py")
    for rid in (db["round"], sou, "BIU-2013-08-08"):
        at.selectbox(key="fx_round").set_value(rid).run()
        assert not at.exception
        shown = {o.split(" — ")[0] for o in at.selectbox(key="fx_target").options}
        assert shown == wanted[rid], rid
        if rid == db["round"]:
            at.selectbox(key="fx_target").set_value(db["red"]).run()
    assert at.selectbox(key="fx_target").value in wanted["BIU-2013-08-08"]


def history(at: AppTest) -> list[dict]:
    [expander] = [e for e in at.expander if e.label.startswith(("Alle versioner", "Every version"))]
    return expander.dataframe[0].value.to_dict("records")


def test_the_history_shows_every_version_who_when_and_what_changed(db):
    with store.writing(db["path"]) as con:
        accounts.record(con, db["round"], db["red"], {"story": "Første *udkast*", "partners": "Jobcentret"},
                        "kontorchef, BIF")
        accounts.record(con, db["round"], db["red"], {"story": "Tilbuddet er genåbnet.", "partners": "Jobcentret"},
                        "teamleder, BIF", next_step_date="31-01-2027")
    at = page("screens/data.py")
    at.selectbox(key="fx_round").set_value(db["round"]).run()
    at.selectbox(key="fx_target").set_value(db["red"]).run()
    assert not at.exception
    assert [e.label for e in at.expander if "versioner" in e.label] == [
        "Alle versioner af redegørelsen (2) — hvem, hvornår, hvad der blev ændret"]
    rows = history(at)
    assert [(r["version"], r["author"], r["changed"], r["story"]) for r in rows] == [
        (2, "teamleder, BIF", "Historien bag kurven, Dato for næste skridt", "Tilbuddet er genåbnet."),
        (1, "kontorchef, BIF", "Historien bag kurven, Samarbejdspartnere", "Første udkast")]  # no Markdown marks
    assert rows[0]["next_step_date"] == "31-01-2027" and rows[1]["next_step_date"] == ""
    assert rows[0]["entered_at"] >= rows[1]["entered_at"]


def test_the_account_form_in_english(db, monkeypatch):
    """Labels, the 😞 prompt, a problem, the saved message and the history, all in English. (The
    language is set as tests/test_app_data.py sets it: AppTest keeps a switched page's Danish
    selectbox values, which the English run then cannot find.)"""
    from dashboard import ui
    monkeypatch.setattr(ui, "lang", lambda: "en")
    at = page("screens/data.py")
    at.selectbox(key="fx_round").set_value(db["round"]).run()
    at.selectbox(key="fx_target").set_value(db["red"]).run()
    assert not at.exception
    assert at.text_area(key="fx_story").label == "The story behind the curve"
    assert [w.value for w in at.warning if "😞" in w.value] == [
        "The target stands at 😞 Real challenges in the round — please write an account (not required)."]
    submit = "FormSubmitter:data_form_account-Save"
    at.button(key=submit).click().run()  # nothing written: a problem, in English
    assert not at.exception and [e.value for e in at.error] == [
        "The form “Account behind the status” has 1 problem; nothing was saved."]
    assert at.dataframe[0].value["reason"][0] == "write at least one of the four parts"
    at.text_area(key="fx_action_plan").set_value("- reopen the service")
    at.text_input(key="fx_author").set_value("head of office, BIF")
    at.button(key=submit).click().run()
    assert not at.exception and at.success[0].value == "Saved."
    rows = history(at)
    assert [(r["version"], r["changed"], r["action_plan"]) for r in rows] == [
        (1, "What works / what we will do", "• reopen the service")]  # plain text, as in the sheet
