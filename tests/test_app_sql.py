"""The SQL page: runs a query, shows an error for a bad one without an exception, inserts schema
names, saves a query, switches to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def page(store_path, monkeypatch, tmp_path):
    monkeypatch.setenv("MAALBORD_DB", str(store_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("screens/sql.py").run()
    assert not at.exception
    return at


def button(at, label):
    return next(b for b in at.button if b.label == label)


def run_sql(at, sql, run_label="Kør"):
    at.text_area(key="sql_text").set_value(sql)
    button(at, run_label).click().run()
    assert not at.exception


def test_runs_a_query_and_shows_rows(page, con):
    run_sql(page, "select committee, count(*) as n from v_budget group by 1 order by 1")
    expected = con.execute("select count(*) from (select distinct committee from v_budget)").fetchone()[0]
    result = page.dataframe[-1].value
    assert list(result.columns) == ["committee", "n"] and len(result) == expected
    assert any(c.value.startswith(f"{expected} rækker") for c in page.caption)
    assert not page.error
    assert {b.label for b in page.get("download_button")} == {"Hent CSV", "Hent Parquet", "Hent Excel"}
    assert "sql_history" in page.session_state and len(page.session_state["sql_history"]) == 1


def test_capped_result_says_first_n_of_m(page, monkeypatch):
    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "100")
    page.run()
    run_sql(page, "select * from range(250)")
    assert len(page.dataframe[-1].value) == 100
    assert any("Viser de første 100 af 250 rækker" in c.value for c in page.caption)


def test_bad_query_shows_duckdbs_message_and_page_stays_usable(page):
    run_sql(page, "select nope from v_targets")
    assert page.error and "nope" in page.error[0].value
    assert any(c.value.startswith("LINE 1:") for c in page.code)
    run_sql(page, "drop table targets")
    assert "DROP" in page.error[0].value
    run_sql(page, "select 1 as one")
    assert not page.error and page.dataframe[-1].value["one"].tolist() == [1]


def test_schema_button_inserts_a_name(page):
    page.text_area(key="sql_text").set_value("select * from")  # typed, not yet run
    button(page, "v_budget").click().run()
    assert page.text_area(key="sql_text").value == "select * from v_budget"


def test_save_current_query(page, tmp_path, monkeypatch):
    monkeypatch.setenv("MAALBORD_SAVED_DIR", str(tmp_path / "saved"))
    run_sql(page, "select * from v_budget")
    page.text_input(key="save_name").set_value("mit_budget")
    page.text_input(key="save_title").set_value("Mit budget")
    button(page, "Gem").click().run()
    assert not page.exception
    saved = tmp_path / "saved" / "mit_budget.sql"
    assert saved.exists() and "-- title: Mit budget" in saved.read_text(encoding="utf-8")
    button(page, "Gem").click().run()  # same name again: refused, not overwritten
    assert any("findes allerede" in e.value for e in page.error)


def test_english_switch_changes_labels(page):
    # AppTest.switch_page runs the page script on its own (without app.py's sidebar), so the
    # language is switched through the session state the sidebar radio writes.
    page.session_state["lang"] = "en"
    page.run()
    assert page.title[0].value == "SQL workbench"
    run_sql(page, "select 1 as one", run_label="Run")
    assert any(c.value.startswith("1 rows") for c in page.caption), [c.value for c in page.caption]


def test_insert_column_keeps_typed_text(page):
    page.text_area(key="sql_text").set_value("select")
    page.selectbox(key="col_v_budget").set_value("amount_tdkk")
    next(b for b in page.button if b.key == "inscol_v_budget").click().run()
    assert page.text_area(key="sql_text").value == "select amount_tdkk"


def test_load_example(page):
    page.button(key="sql_load").click().run()
    assert page.text_area(key="sql_text").value.startswith("-- title:")


def test_chart_survives_a_new_result_with_other_columns(page):
    run_sql(page, "select committee, year, sum(amount_tdkk) as tdkk from v_budget group by all")
    assert page.selectbox(key="chart_x").value == "committee" and page.selectbox(key="chart_y").value == "tdkk"
    page.selectbox(key="chart_color").set_value("year").run()
    assert not page.exception and page.get("vega_lite_chart")
    run_sql(page, "select kind, count(*) as n from v_targets group by 1")
    assert page.selectbox(key="chart_x").value == "kind" and page.selectbox(key="chart_y").value == "n"


def test_missing_store_explains_itself(monkeypatch, tmp_path):
    monkeypatch.setenv("MAALBORD_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("screens/sql.py").run()
    assert not at.exception
    assert "maalbord init" in at.info[0].value


def test_every_column_type_renders(page):
    run_sql(page, (Path(__file__).resolve().parent / "cases" / "exotic_types.sql").read_text(encoding="utf-8"))
    assert not page.error and len(page.dataframe[-1].value.columns) == 14
    assert len(page.get("download_button")) == 3
