"""Saved queries (queries/saved/*.sql) and the schema browser's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import charts
from queries import sandbox, workbench


def test_every_saved_query_has_a_header_and_runs(store_path):
    saved = workbench.saved_queries()
    assert 5 <= len(saved) <= 12
    for q in saved:
        assert q.title != q.name and q.description, q.name
        result = sandbox.run(q.sql, store_path)
        assert result.ok, (q.name, result.detail)
        assert result.rows.height > 0, q.name


def test_save_writes_a_header_and_never_overwrites(tmp_path):
    path = workbench.save("mine", "Mine mål", "Alle mål", "select * from v_targets", tmp_path)
    parsed = workbench.parse(path)
    assert (parsed.name, parsed.title, parsed.description) == ("mine", "Mine mål", "Alle mål")
    assert parsed.sql.rstrip().endswith("select * from v_targets")
    with pytest.raises(workbench.SaveError) as exc:
        workbench.save("mine", "Andet", "", "select 1", tmp_path)
    assert exc.value.code == "sql.save.exists"
    assert workbench.parse(path).title == "Mine mål"
    assert [q.name for q in workbench.saved_queries(tmp_path)] == ["mine"]


@pytest.mark.parametrize("name", ["", "../evil", "a/b", "Store", "x" * 61, ".hidden", "with space"])
def test_save_refuses_bad_names(name, tmp_path):
    with pytest.raises(workbench.SaveError) as exc:
        workbench.save(name, "T", "", "select 1", tmp_path)
    assert exc.value.code == "sql.save.bad_name"
    assert not list(tmp_path.iterdir())


def test_save_needs_a_title(tmp_path):
    with pytest.raises(workbench.SaveError) as exc:
        workbench.save("ok", "  ", "", "select 1", tmp_path)
    assert exc.value.code == "sql.save.no_title"


def test_schema_lists_views_and_tables_with_comments(con):
    schema = workbench.schema(con)
    objects = set(schema["object_name"])
    assert {"v_targets", "v_initiatives", "v_measurements", "v_budget", "targets", "measurements"} <= objects
    tables = schema.filter(schema["object_type"] == "table")
    assert tables["column_comment"].null_count() == 0  # every table column has COMMENT ON
    targets = schema.filter(schema["object_name"] == "v_targets")
    assert targets["column_name"].to_list()[:2] == ["target_id", "initiative_id"]
    assert targets["object_comment"][0].startswith("Current version")
    assert schema["object_type"][0] == "view"  # views first: they are the analyst's interface


def test_quick_chart_keeps_real_names_as_titles():
    import polars as pl

    df = pl.DataFrame({"committee": ["A", "B", "A"], "sum(amount_tdkk)": [1.0, 2.0, 3.0], "year": [1, 2, 3]})
    spec = charts.quick_chart(df, "committee", "sum(amount_tdkk)", "year").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["title"] == "sum(amount_tdkk)" and spec["encoding"]["y"]["aggregate"] == "sum"
    assert spec["encoding"]["color"]["title"] == "year"
    line = charts.quick_chart(df, "year", "sum(amount_tdkk)", kind="line").to_dict()
    assert line["mark"]["type"] == "line" and line["encoding"]["x"]["type"] == "quantitative"



def test_quick_chart_holds_decimals_as_float_values():
    """DECIMAL columns (as DuckDB hands them over) reach the chart's data as floats with their real
    values: in the browser a decimal from Streamlit's Arrow data is its unscaled integer (×10 here)."""
    import duckdb
    import polars as pl

    df = pl.from_arrow(duckdb.sql(
        "select * from (values ('BIU', 80227.0::decimal(12,1)), (null, 62466.3::decimal(12,1)),"
        " ('SUD', 0.5::decimal(12,1))) t(committee, amount)").to_arrow_table())
    assert isinstance(df.schema["amount"], pl.Decimal)
    for kind in ("bar", "line", "point"):
        chart = charts.quick_chart(df, "committee", "amount", kind=kind)
        assert chart.data.schema["f1"] == pl.Float64
        values = next(iter(charts.spec(chart)["datasets"].values()))
        assert [v["f1"] for v in values] == [80227.0, 62466.3, 0.5]
        assert all(type(v["f1"]) is float for v in values)
    assert charts.numeric_columns(df) == ["amount"]

EXOTIC = (Path(__file__).resolve().parent / "cases" / "exotic_types.sql").read_text(encoding="utf-8")


def test_every_column_type_reaches_the_frame_and_the_downloads(store_path):
    result = sandbox.run(EXOTIC, store_path)
    assert result.ok, result.detail
    assert result.columns[9:11] == ["a", "a_1"]  # duplicate names made unique
    assert result.rows["i"][0] == "0 months 1 days 0 s"  # INTERVAL, which polars cannot import, as text
    csv = workbench.csv_bytes(result.rows).decode("utf-8")
    assert csv.splitlines()[0].startswith("l,s,i,u,bl")
    assert workbench.parquet_bytes(result.rows)[:4] == b"PAR1"
    assert workbench.excel_bytes(result.rows)[:2] == b"PK"


def test_downloads_of_a_large_result_read_back_whole(store_path):
    """The page's three downloads (workbench.DOWNLOADS) of a whole result bigger than the display cap."""
    import io

    import fastexcel
    import polars as pl

    full = sandbox.run_full("select range as n, 'r' || range as s from range(12345)", store_path,
                            sandbox.Limits(max_rows=100))
    assert full.ok and not full.truncated and full.rows.height == 12345
    files = {ext: make(full.rows) for ext, _label, make, _mime in workbench.DOWNLOADS}
    csv = pl.read_csv(io.BytesIO(files["csv"]))
    xlsx = fastexcel.read_excel(files["xlsx"]).load_sheet(0).to_polars()
    for df in (csv, pl.read_parquet(io.BytesIO(files["parquet"])), xlsx):
        assert df.height == 12345 and [int(v) for v in df["n"].to_list()] == list(range(12345))
        assert df["s"][-1] == "r12344"
