"""The Data page: upload a file → problems table or preview → confirm → imported; forms; audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from queries import store
from tests.conftest import dump

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
CASES = Path(__file__).resolve().parent / "cases" / "imports"


@pytest.fixture()
def db(app_store) -> Path:
    return app_store


def page(db, lang: str = "da") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if lang != "da":  # (AppTest 1.67 does not show the sidebar radio after switch_page; switch first)
        at.radio(key="lang").set_value(lang).run()
    at.switch_page("screens/data.py")
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str, content: bytes | None = None) -> AppTest:
    content = (CASES / name).read_bytes() if content is None else content
    at.file_uploader(key="data_upload").set_value((name, content, "text/csv"))
    return at.run()


def test_bad_upload_shows_every_problem_and_writes_nothing(db):
    before = dump(db)
    at = upload(page(db), "bad_many.csv")
    assert not at.exception
    assert "6 fejl" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["file", "row", "column", "value", "reason"]
    assert len(problems) == 6 and "ukendt mål-id" in set(problems["reason"])
    assert not [b for b in at.button if b.key == "data_confirm"]
    assert dump(db) == before


def test_good_upload_previews_then_imports_on_confirm(db):
    at = upload(page(db), "good_cp1252_semicolon.csv")
    assert not at.exception and not at.error
    assert at.info[0].value == "Rækker: 2 nye, 1 rettet (gammel → ny), 0 uændrede."
    preview = at.dataframe[0].value
    assert len(preview) == 3 and set(preview["status"]) == {"ny", "retter"}
    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert "Importerede" in at.success[0].value
    with store.reading(db) as con:
        assert con.execute("select count(*) from measurements where origin = 'import'").fetchone()[0] == 3
        assert con.execute("select actor from audit_log where action = 'import_measurements'").fetchone()[0] == "app"
    # the rerun after the import shows its result only — not also "already imported" for the same file
    assert [s.value for s in at.success] == [at.success[0].value] and not at.info and not at.error
    assert at.success[0].value.startswith("Importerede rækker: 2 nye, 1 rettet (parti imp-")
    assert not [b for b in at.button if b.key == "data_confirm"]
    # the same file uploaded again (a new session): recognised, nothing to do
    again = upload(page(db), "good_cp1252_semicolon.csv")
    assert not again.success and [i.value for i in again.info if "allerede importeret" in i.value]


def test_forms_save_and_show_problems(db):
    # (Danish only: in AppTest 1.67 the sidebar language radio is not in the tree after switch_page, so a
    # rerun resets the language; the English texts are checked in test_imports/test_texts.)
    at = page(db)
    at.sidebar.text_input(key="data_user").set_value("steward-1").run()
    at.text_input(key="fm_value").set_value("abc")
    at.text_input(key="fm_source").set_value("")
    at.button(key="FormSubmitter:data_form_measurement-Gem").click().run()
    assert not at.exception
    assert "fejl" in at.error[0].value
    reasons = set(at.dataframe[0].value["reason"])
    assert {"ikke et tal", "feltet mangler eller er tomt"} <= reasons
    at.text_input(key="fm_value").set_value("12,5")
    at.text_input(key="fm_source").set_value("hånd")
    at.selectbox(key="fm_target").set_value("bi07-sundhed-antal-borgere")
    at.button(key="FormSubmitter:data_form_measurement-Gem").click().run()
    assert not at.exception and at.success
    with store.reading(db) as con:
        assert con.execute("select value, entered_by from measurements where origin = 'form'").fetchall() == \
            [(12.5, "steward-1")]
    # the target form: a reason is required, then a new version
    at.selectbox(key="ft_target").set_value("bi07-veteraner-job-6m").run()
    at.text_input(key="ft_value").set_value("45")
    at.button(key="FormSubmitter:data_form_target-Gem").click().run()
    assert not at.exception and "begrundelse" in set(at.dataframe[0].value["reason"]).pop()
    at.text_area(key="ft_reason").set_value("hævet af udvalget")
    at.button(key="FormSubmitter:data_form_target-Gem").click().run()
    assert not at.exception and at.success
    with store.reading(db) as con:
        assert con.execute("select target_value, version, changed_by from targets "
                           "where target_id = 'bi07-veteraner-job-6m' and valid_to is null").fetchone() == \
            (45, 2, "steward-1")
    log = at.dataframe[-1].value
    assert {"Måling indtastet", "Mål ændret"} <= set(log["action"])


def test_assessment_form(db):
    at = page(db)
    ini = at.selectbox(key="fa_initiative").value
    at.selectbox(key="fa_state").set_value("red")
    at.text_area(key="fa_text").set_value("Ingen borgere i job endnu")
    at.text_input(key="fa_author").set_value("kontorchef, BIF")
    at.button(key="FormSubmitter:data_form_assessment-Gem").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    with store.reading(db) as con:
        assert con.execute("select initiative_id, state, target_id from assessments where author = 'kontorchef, BIF'"
                           ).fetchall() == [(ini, "red", None)]


GOOD_DA = ("mål_id;dato;værdi;kilde;note\n"
           "snit-faelles-borgere-pr-aar;31-12-2025;5.500;QA;ok\n"
           "snit-faelles-borgere-pr-aar;30-06-2026;5700,5;QA;\n").encode()


def test_preview_shows_dates_numbers_and_arms_as_the_language_writes_them(db):
    at = upload(page(db), "good.csv", GOOD_DA)
    assert not at.exception and not at.error
    rows = at.dataframe[0].value.to_dict("records")
    assert [(r["as_of"], r["value"], r["arm"], r["old_value"], r["numerator"], r["note"]) for r in rows] == \
        [("31-12-2025", "5.500", "Alle", "", "", "ok"), ("30-06-2026", "5.700,5", "Alle", "", "", "")]
    assert "None" not in repr(rows)
    # the arm picker of the measurement form offers the same labels, and stores the code
    assert at.selectbox(key="fm_arm").options == ["Alle", "Indsatsgruppe", "Kontrolgruppe", "Forskel (effekt)"]


def test_preview_in_english(db, monkeypatch):
    monkeypatch.setattr(ui, "lang", lambda: "en")  # (see test_form_problems_name_the_form_in_english)
    at = upload(page(db), "good.csv", GOOD_DA)
    rows = at.dataframe[0].value.to_dict("records")
    assert [(r["as_of"], r["value"], r["arm"], r["status"]) for r in rows] == \
        [("31-12-2025", "5,500", "All", "new"), ("30-06-2026", "5,700.5", "All", "new")]


def test_no_literal_none_on_the_page(db):
    at = page(db)
    at.selectbox(key="ft_target").set_value("bi07-veteraner-job-6m").run()
    assert "Gældende: målværdi 40, tolerance – (version 1)." in [c.value for c in at.caption]
    # a file-level problem has no row and no value: empty cells, not "None"
    at = upload(at, "bad_missing_column.csv")
    problems = at.dataframe[0].value
    assert not at.exception and len(problems) == 1
    assert problems["row"].isna().all() and problems["value"].tolist() == [""]
    # every table on the page shows a missing cell as empty (Streamlit's default text is "None")
    assert [(d.proto.HasField("placeholder"), d.proto.placeholder) for d in at.dataframe] == [(True, "")] * 2


def test_form_problems_name_the_form_in_english(db, monkeypatch):
    # AppTest 1.67 drops the sidebar language radio after switch_page, and evaluates a selectbox's
    # format_func in the test process (no session state there): choose English for both sides.
    monkeypatch.setattr(ui, "lang", lambda: "en")
    before = dump(db)
    at = page(db)
    at.text_input(key="fm_value").set_value("12,5x")
    at.button(key="FormSubmitter:data_form_measurement-Save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The form “Enter one measurement” has 2 problems; nothing was saved."]
    table = at.dataframe[0].value
    assert list(table.columns) == ["field", "value", "reason"]
    assert table.to_dict("records") == [
        {"field": "Value", "value": "12,5x", "reason": "not a number"},
        {"field": "Source", "value": "", "reason": "the field is missing or empty"}]
    at.button(key="FormSubmitter:data_form_assessment-Save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The form “Record an assessment” has 1 problem; nothing was saved."]
    assert at.dataframe[0].value.to_dict("records") == [
        {"field": "Reason (required)", "value": "", "reason": "a reason must be written"}]
    assert dump(db) == before


def test_form_problems_name_the_form_in_danish(db):
    at = page(db)
    at.text_input(key="fm_value").set_value("12,5x")
    at.text_input(key="fm_source").set_value("hånd")
    at.button(key="FormSubmitter:data_form_measurement-Gem").click().run()
    assert [e.value for e in at.error] == ["Skemaet »Indtast én måling« har 1 fejl; intet er gemt."]
    assert at.dataframe[0].value.to_dict("records") == [{"field": "Værdi", "value": "12,5x", "reason": "ikke et tal"}]


def english_in_the_script_only():
    """ui.lang for an English session as the app sees it: the script's thread (and AppTest's, which
    formats widget values) read "en"; any other thread — polars' workers — can't reach
    st.session_state and falls back to Danish, as in the browser."""
    import threading

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    def lang() -> str:
        here = get_script_run_ctx(suppress_warning=True) or threading.current_thread() is threading.main_thread()
        return "en" if here else "da"
    return lang


ARMS = ("mål_id;dato;værdi;gruppe;kilde\n"
        "snit-faelles-borgere-pr-aar;31-12-2025;45,5;treatment;QA\n"
        "snit-faelles-borgere-pr-aar;31-12-2025;5.800,5;all;QA\n").encode()


def test_preview_in_english_is_formatted_in_the_script_thread(db, monkeypatch):
    """The walkthrough's English preview showed 'Indsatsgruppe' and '45,5' (formatted on polars'
    threads, which don't see the language) beside a translated status."""
    monkeypatch.setattr(ui, "lang", english_in_the_script_only())
    at = upload(page(db), "arms.csv", ARMS)
    assert not at.exception and not at.error
    rows = at.dataframe[0].value.to_dict("records")
    assert [(r["as_of"], r["value"], r["arm"], r["status"]) for r in rows] == \
        [("31-12-2025", "45.5", "Treatment group", "new"), ("31-12-2025", "5,800.5", "All", "new")]


@pytest.mark.parametrize("lang, label", [("da", "Importér 1 række"), ("en", "Import 1 row")])
def test_confirm_button_says_one_row_in_the_singular(db, monkeypatch, lang, label):
    monkeypatch.setattr(ui, "lang", lambda: lang)
    one = b"\n".join(GOOD_DA.splitlines()[:2]) + b"\n"
    at = upload(page(db), "good.csv", one)
    assert not at.exception and not at.error
    assert at.button(key="data_confirm").label == label
    at = upload(page(db), "good.csv", GOOD_DA)
    assert at.button(key="data_confirm").label == ("Importér 2 rækker" if lang == "da" else "Import 2 rows")


def test_the_audit_log_writes_its_times_as_the_app_writes_dates(db):
    """DD-MM-YYYY HH:mm (formats.date's day-month-year), not the ISO date-time Streamlit shows."""
    import json

    at = page(db)
    audit = at.dataframe[-1].proto
    config = json.loads(audit.columns)
    assert config["logged_at"]["type_config"]["format"] == "DD-MM-YYYY HH:mm", config["logged_at"]


@pytest.mark.parametrize("lang, typed, stored", [
    ("da", "5.600", 5600), ("da", "5,6", 5.6), ("da", "1.234,5", 1234.5), ("en", "1,234.5", 1234.5)])
def test_the_measurement_form_reads_numbers_as_the_page_writes_them(db, monkeypatch, lang, typed, stored):
    """The walkthrough: Danish "5.600" for a count of persons, Gem → "Gemt." and the store held 5.6."""
    monkeypatch.setattr(ui, "lang", lambda: lang)
    at = page(db)
    at.selectbox(key="fm_target").set_value("snit-faelles-borgere-pr-aar")
    at.text_input(key="fm_value").set_value(typed)
    at.text_input(key="fm_den").set_value(typed)
    at.text_input(key="fm_source").set_value("Jobindsats")
    at.button(key=f"FormSubmitter:data_form_measurement-{'Gem' if lang == 'da' else 'Save'}").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    with store.reading(db) as con:
        assert con.execute("select value, denominator from measurements where origin = 'form'").fetchall() == \
            [pytest.approx((stored, stored))]


def test_an_arm_written_as_the_page_shows_it_is_imported(db):
    """'Alle' as the preview shows it was refused with 'tilladt er: all, treatment, control, effect'."""
    at = upload(page(db), "arms.csv", "mål_id;dato;værdi;gruppe;kilde\nsnit-faelles-borgere-pr-aar;31-12-2025;5.600;"
                "alle;QA\nsnit-faelles-borgere-pr-aar;31-12-2025;7;Kontrolgruppe;QA\n".encode())
    assert not at.exception and not at.error
    assert [r["arm"] for r in at.dataframe[0].value.to_dict("records")] == ["Alle", "Kontrolgruppe"]
    at = upload(page(db), "arms.csv", "mål_id;dato;værdi;gruppe;kilde\nsnit-faelles-borgere-pr-aar;31-12-2025;5.600;"
                "behandling;QA\n".encode())
    assert at.dataframe[0].value.to_dict("records")[0]["reason"] == \
        "ugyldig værdi; tilladt er: alle, indsatsgruppe, kontrolgruppe, forskel (effekt)"


ONE_NEW_ONE_FIXED = ("mål_id;dato;værdi;kilde\n"
                     "snit-faelles-borgere-pr-aar;31-12-2025;5.600;QA\n"
                     "snit-faelles-borgere-pr-aar;30-06-2026;5.700;QA\n").encode()


@pytest.mark.parametrize("lang, preview, imported, already", [
    ("da", "Rækker: 1 ny, 1 rettet (gammel → ny), 0 uændrede.", "Importerede rækker: 1 ny, 1 rettet (parti imp-",
     r"Filen er allerede importeret \((\d\d-\d\d-\d{4} \d\d:\d\d) af app\); intet at gøre\."),
    ("en", "Rows: 1 new, 1 corrected (old → new), 0 unchanged.", "Imported rows: 1 new, 1 corrected (batch imp-",
     r"The file was already imported \((\d\d-\d\d-\d{4} \d\d:\d\d) by app\); nothing to do\.")])
def test_import_counts_agree_and_the_earlier_import_is_dated_as_the_app_writes(db, monkeypatch, lang, preview,
                                                                             imported, already):
    """The walkthrough: '1 nye, 1 rettede (gammel → ny), 0 uændrede rækker', 'Importeret: 1 nye, 1
    rettede rækker' and 'already imported (2026-11-23 06:13:35 by app)' (the log shows 23-11-2026 06:13)."""
    import re

    monkeypatch.setattr(ui, "lang", lambda: lang)
    upload(page(db), "first.csv", ONE_NEW_ONE_FIXED.splitlines()[0] + b"\nsnit-faelles-borgere-pr-aar;31-12-2025;5.500;QA\n"
           ).button(key="data_confirm").click().run()
    at = upload(page(db), "second.csv", ONE_NEW_ONE_FIXED)
    assert not at.exception and [i.value for i in at.info] == [preview]
    at.button(key="data_confirm").click().run()
    assert not at.exception and at.success[0].value.startswith(imported), at.success[0].value
    again = upload(page(db), "second.csv", ONE_NEW_ONE_FIXED)
    [message] = [i.value for i in again.info]
    with store.reading(db) as con:
        when = con.execute("select imported_at from imports where file_name = 'second.csv'").fetchone()[0]
    assert re.fullmatch(already, message).group(1) == when.strftime("%d-%m-%Y %H:%M"), message


def test_the_audit_log_shows_actions_in_words_and_details_as_text(db, monkeypatch):
    """The walkthrough: the Action column showed codes (form_measurement, demo …) and Detail raw JSON,
    for `demo` a Python repr. The stored rows are unchanged (the SQL page shows them raw)."""
    with store.writing(db) as con:
        con.execute("insert into audit_log (logged_at, actor, action, object, detail) values "
                    "(now(), 'test', 'demo', 'seed=1', $$" + "{'citizens': 20000, 'enrolments': 3117}" + "$$)")
    before = dump(db)
    for lang, demo, init in (("da", "Demodata dannet", "Lager oprettet/opgraderet"),
                             ("en", "Demo data generated", "Store created/upgraded")):
        monkeypatch.setattr(ui, "lang", lambda: lang)
        log = page(db).dataframe[-1].value
        rows = dict(zip(log["action"], log["detail"]))
        assert rows[demo] == "citizens: 20000, enrolments: 3117"
        assert init in rows and not any(d.startswith("{") for d in log["detail"].dropna())
        assert not {"demo", "init"} & set(log["action"])
    assert dump(db) == before


def test_chosen_values_follow_a_language_switch_on_the_page(db):
    """A selectbox keeps the label the browser last got: switched to English on this page, the
    assessment form's state read "På plan" and the arm "Alle". After the switch each is handed its
    value again, with the new language's label."""
    at = page(db)
    assert at.selectbox(key="fa_state").value == "green" and at.selectbox(key="fm_arm").value == "all"
    at.radio(key="lang").set_value("en").run()
    for key, label in (("fa_state", "On plan"), ("fm_arm", "All")):
        box = at.selectbox(key=key)
        assert box.proto.set_value and box.proto.raw_value == label, (key, box.proto.raw_value)
