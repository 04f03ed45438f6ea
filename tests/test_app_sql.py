"""The SQL page: runs a query, shows an error for a bad one without an exception, inserts schema
names, saves a query, switches to English."""

from __future__ import annotations

import json

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


def test_null_dates_and_one_row_read_as_in_sql(page):
    """A missing value in the result grid reads NULL, as in SQL (and apart from an empty string),
    not Python's "None"; a DATE reads 2026-01-31, not 2026-01-31 00:00:00; one row is "1 række"."""
    run_sql(page, "select 1 as a, null as b, '' as c, date '2026-01-31' as d, timestamp '2026-01-31 08:30' as ts")
    grid = page.dataframe[-1]
    assert grid.proto.placeholder == "NULL"
    assert grid.value["b"].isna().all() and list(grid.value["c"]) == [""]
    config = json.loads(grid.proto.columns)
    assert config["d"]["type_config"] == {"type": "date", "format": "YYYY-MM-DD"}
    assert "ts" not in config  # a timestamp keeps its time
    captions = [c.value for c in page.caption]
    assert any(c.startswith("1 række ·") for c in captions), captions
    assert "Downloads indeholder den ene række." in captions
    run_sql(page, "select * from range(2)")
    assert any(c.value.startswith("2 rækker ·") for c in page.caption)


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
    assert any(c.value.startswith("1 row ·") for c in page.caption), [c.value for c in page.caption]


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


# --- downloads hold the whole result, not only the rows shown --------------------------------------

@pytest.fixture()
def downloads(monkeypatch):
    """The files behind the page's download buttons, by file name: the page passes a callable as
    `data` (made on click), which AppTest's mock runtime registers with add_deferred; this records
    the callable so a test can click-make the file and read it back."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def read_back(made) -> dict[str, list[int]]:
    """Each download made and read back: CSV with polars, Parquet with polars, xlsx with fastexcel."""
    import io

    import fastexcel
    import polars as pl

    xlsx = fastexcel.read_excel(made["forespoergsel.xlsx"]()).load_sheet(0).to_polars()
    return {
        "csv": pl.read_csv(io.BytesIO(made["forespoergsel.csv"]()))["n"].to_list(),
        "parquet": pl.read_parquet(io.BytesIO(made["forespoergsel.parquet"]()))["n"].to_list(),
        "xlsx": [int(v) for v in xlsx["n"].to_list()],
    }


def test_download_holds_every_row_not_only_those_shown(page, monkeypatch, downloads):
    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "100")
    page.run()
    run_sql(page, "select range as n from range(250) order by n")
    assert len(page.dataframe[-1].value) == 100
    assert not page.get("download_button")  # no download of the 100 shown rows alone
    assert any("første 100 rækker" in i.value and "hele resultatet" in i.value for i in page.info)
    button(page, "Hent hele resultatet til download").click().run()
    assert not page.exception and not page.error
    assert any("250 rækker" in s.value for s in page.success)
    assert len(page.dataframe[-1].value) == 100  # the table still shows the display cap
    assert {b.label for b in page.get("download_button")} == {"Hent CSV", "Hent Parquet", "Hent Excel"}
    assert read_back(downloads) == {fmt: list(range(250)) for fmt in ("csv", "parquet", "xlsx")}
    run_sql(page, "select range as n from range(300)")  # a new query: its whole result must be fetched anew
    assert not page.get("download_button") and not page.success


def test_uncapped_result_downloads_directly(page, downloads):
    run_sql(page, "select range as n from range(7)")
    assert any(c.value == "Downloads indeholder alle 7 rækker." for c in page.caption)
    assert read_back(downloads) == {fmt: list(range(7)) for fmt in ("csv", "parquet", "xlsx")}


def test_download_cap_is_applied_and_announced(page, monkeypatch, downloads):
    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "100")
    monkeypatch.setenv("MAALBORD_SQL_DOWNLOAD_ROWS", "300")
    page.run()
    assert "højst 300 rækker" in page.caption[0].value  # the cap is stated up front
    run_sql(page, "select range as n from range(1000) order by n")
    button(page, "Hent hele resultatet til download").click().run()
    assert not page.exception
    assert any("skåret ved loftet på 300 af 1.000 rækker" in w.value for w in page.warning)
    assert read_back(downloads) == {fmt: list(range(300)) for fmt in ("csv", "parquet", "xlsx")}


def test_download_cap_in_english(page, monkeypatch, downloads):
    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "10")
    monkeypatch.setenv("MAALBORD_SQL_DOWNLOAD_ROWS", "20")
    page.session_state["lang"] = "en"
    page.run()
    # text only: no quick chart, whose kind picker's format_func AppTest calls outside a run (in Danish)
    run_sql(page, "select 'r' || range as n from range(50)", run_label="Run")
    button(page, "Fetch the whole result for download").click().run()
    assert any("cut at the cap of 20 of 50 rows" in w.value for w in page.warning)


def test_failed_full_fetch_is_a_danish_message(page, monkeypatch, downloads):
    from queries import sandbox

    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "100")
    page.run()
    run_sql(page, "select * from range(250)")
    monkeypatch.setattr(sandbox, "run_full", lambda sql, path=None, limits=None, microdata=True: sandbox.Result(
        sql=sql, error="timeout", limits=limits or sandbox.Limits()))
    button(page, "Hent hele resultatet til download").click().run()
    assert not page.exception
    assert "stoppet efter tidsgrænsen" in page.error[0].value
    assert not page.get("download_button")
    assert button(page, "Hent hele resultatet til download")  # can be tried again


def test_bad_sql_offers_no_download_and_no_trace(page, downloads):
    run_sql(page, "selec 1")
    assert not page.exception and "kan ikke læses" in page.error[0].value
    assert not page.get("download_button") and not downloads


def test_quick_chart_sends_decimal_sums_as_their_values(page, con):
    """The chart's data leaves for the browser as Arrow (st.altair_chart); a DECIMAL there reaches
    Vega as its unscaled integer (80227.0 in DECIMAL(…,1) drawn as 802270), so the quick chart sends
    floats — with the sums DuckDB computes."""
    import pyarrow as pa

    sql = "select year, committee, sum(amount_tdkk) as amount from v_budget group by all order by year"
    assert con.execute(f"select typeof(amount) from ({sql}) limit 1").fetchone()[0].startswith("DECIMAL")
    run_sql(page, sql)
    assert page.selectbox(key="chart_x").value == "committee" and page.selectbox(key="chart_y").value == "amount"
    chart = page.get("vega_lite_chart")[0].proto
    assert len(chart.datasets) == 1
    from dashboard import charts
    assert json.loads(chart.spec)["config"]["locale"] == charts.LOCALES["da"]  # "80.000" on the axis
    sent = pa.ipc.open_stream(chart.datasets[0].data.data).read_all()
    assert sent.schema.field("f1").type == pa.float64()  # f1 = amount (quick_chart's safe names)
    bars: dict = {}
    for committee, amount in zip(sent["f0"].to_pylist(), sent["f1"].to_pylist()):
        bars[committee] = bars.get(committee, 0.0) + amount
    expected = dict(con.execute("select committee, sum(amount_tdkk)::double from v_budget group by 1").fetchall())
    assert bars.keys() == expected.keys() and all(abs(bars[k] - expected[k]) < 1e-6 for k in expected)


def test_elapsed_time_is_a_danish_number(page, monkeypatch):
    from queries import sandbox

    real_run = sandbox.run

    def run(sql, path=None, limits=None, microdata=True):
        result = real_run(sql, path, limits=limits, microdata=microdata)
        result.elapsed = 0.69
        return result

    monkeypatch.setattr(sandbox, "run", run)
    run_sql(page, "select 'x' as s")  # text only: no quick chart (see test_download_cap_in_english)
    assert "1 række · 0,69 s" in [c.value for c in page.caption]
    assert any(m.value.endswith(" 1 · 0,69 s") for m in page.markdown)  # the history
    page.session_state["lang"] = "en"
    page.run()
    assert "1 row · 0.69 s" in [c.value for c in page.caption]
    assert any(m.value.endswith(" 1 · 0.69 s") for m in page.markdown)


def test_downloads_are_named_in_english_on_the_english_page(page, downloads):
    page.session_state["lang"] = "en"
    page.run()
    run_sql(page, "select range as n from range(3)", run_label="Run")
    assert set(downloads) == {"query.csv", "query.parquet", "query.xlsx"}


def test_downloads_of_a_synthetic_store_say_so(store_path, tmp_path, monkeypatch, downloads):
    """A store holding synthetic data: every file's name ends in _syntetisk (the one label a CSV can
    carry without breaking its readers), Parquet says it in its file metadata, Excel in its
    properties and a sheet "Om data" after the data sheet, whose first row stays the header."""
    import io
    import shutil
    import zipfile

    import fastexcel
    import polars as pl
    import pyarrow.parquet as pq

    from queries import store, workbench

    copy = tmp_path / "demo.duckdb"
    shutil.copy(store_path, copy)
    with store.writing(copy) as con:
        store.set_meta(con, "synthetic", "true")
    monkeypatch.setenv("MAALBORD_DB", str(copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("screens/sql.py").run()
    run_sql(at, "select range as n from range(4)")
    assert set(downloads) == {f"forespoergsel_syntetisk.{x}" for x in ("csv", "parquet", "xlsx")}
    assert pl.read_csv(io.BytesIO(downloads["forespoergsel_syntetisk.csv"]()))["n"].to_list() == [0, 1, 2, 3]
    parquet = downloads["forespoergsel_syntetisk.parquet"]()
    meta = pq.read_metadata(io.BytesIO(parquet)).metadata
    assert meta[workbench.SYNTHETIC_KEY.encode()].decode().startswith("SYNTETISKE DEMODATA")
    assert pl.read_parquet(io.BytesIO(parquet))["n"].to_list() == [0, 1, 2, 3]
    xlsx = downloads["forespoergsel_syntetisk.xlsx"]()
    book = fastexcel.read_excel(xlsx)
    assert book.sheet_names == ["forespoergsel", "Om data"]
    assert [int(v) for v in book.load_sheet(0).to_polars()["n"].to_list()] == [0, 1, 2, 3]
    about = book.load_sheet("Om data", header_row=None).to_polars()
    assert about[0, 0].startswith("🧪 SYNTETISKE DEMODATA")
    core = zipfile.ZipFile(io.BytesIO(xlsx)).read("docProps/core.xml").decode()
    assert "SYNTETISKE DEMODATA" in core


def test_downloads_of_real_data_carry_no_label(page, downloads):
    import io

    import fastexcel
    import pyarrow.parquet as pq

    run_sql(page, "select 1 as n")
    assert set(downloads) == {"forespoergsel.csv", "forespoergsel.parquet", "forespoergsel.xlsx"}
    assert b"maalbord.synthetic" not in (pq.read_metadata(io.BytesIO(downloads["forespoergsel.parquet"]())).metadata or {})
    assert fastexcel.read_excel(downloads["forespoergsel.xlsx"]()).sheet_names == ["forespoergsel"]
