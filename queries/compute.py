"""Computed actuals: the measure SQL files in queries/measures/ and `refresh`, which stores the
monthly series of every computed target as measurements (origin and source 'beregnet').

- `run_measure(con, name, params)`: one measure file (share, retention, effect) for one cohort and
  date, exactly as an analyst would run it in the DuckDB CLI.
- `target_params(row, as_of)`: a v_targets row -> that file's named parameters.
- `series(con, as_of)`: every computed target, every month-end, all arms, in one pass
  (queries/measures/series.sql).
- `refresh(path, as_of)`: append the series to `measurements`, set-based: unchanged values add
  nothing, a changed value is a new row that supersedes the old one; entered rows are untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import duckdb

from queries import microdata, store
from queries import upkeep

MEASURES = ("share", "retention", "effect")
KPI_COLUMNS = ("target_id", "as_of", "arm", "numerator", "denominator", "pending", "value", "ci_low", "ci_high")


def measure_sql(name: str) -> str:
    """queries/measures/<name>.sql (read once per process)."""
    return store.sql_file(name, "measures")


def measure_params(name: str, con: duckdb.DuckDBPyConnection | None = None) -> list[str]:
    """The named parameters the file uses ($name), sorted."""
    return sorted(store.sql_params(name, "measures", con))


def header(name: str) -> dict[str, str]:
    """The header comment's fields (name, title, unit, better, params)."""
    return store.sql_header(name, "measures")


def run_measure(con: duckdb.DuckDBPyConnection, name: str, params: dict):
    """Run one measure file with its named parameters (extra keys are ignored); a polars frame."""
    wanted = measure_params(name, con)
    return store.frame(con, measure_sql(name), {k: params.get(k) for k in wanted})


def target_params(row: dict, as_of: dt.date) -> dict:
    """A v_targets row (as a dict) -> the named parameters of its measure file."""
    return {
        "initiative_id": row["initiative_id"],
        "arms": row.get("arms") or "treatment",
        "anchor": row.get("anchor") or "start",
        "event_kind": row.get("event_kind"),
        "offset_months": int(row.get("offset_months") or 0),
        "states": row.get("states"),
        "outcome": row.get("outcome"),
        "as_of": as_of,
    }


def computed_targets(con) -> list[dict]:
    """Targets with a measure and something to measure (states or an event outcome)."""
    df = store.frame(con, """
        select * from v_targets
        where measure in ('share', 'retention', 'effect')
          and (states is not null or (measure = 'effect' and outcome is not null))
        order by target_id""")
    return df.to_dicts()


def series_sql() -> str:
    return measure_sql("series")


def series(con: duckdb.DuckDBPyConnection, as_of: dt.date):
    """Every computed target's monthly series up to as_of (polars frame)."""
    return store.frame(con, f"select * from ({series_sql()}) order by target_id, arm, as_of", {"as_of": as_of})


def kpi(con: duckdb.DuckDBPyConnection, as_of: dt.date):
    """The computed targets' figures at as_of (one pass, not stored)."""
    cols = ", ".join(KPI_COLUMNS)
    return store.frame(con, f"""
        select {cols} from ({series_sql()}) where as_of = $as_of::date
        order by target_id, case arm when 'all' then 0 when 'treatment' then 1 when 'control' then 2 else 3 end""",
                       {"as_of": as_of})


def refresh_into(con: duckdb.DuckDBPyConnection, as_of: dt.date, actor: str) -> dict:
    """Append the series to measurements inside the caller's transaction. Returns counts."""
    synthetic = con.execute("select value from meta where key = 'synthetic'").fetchall() == [("true",)]
    microdata.fill_citizen_keys(con)  # the series joins on citizen_key (schema 008)
    # the series as a temp table, which queries/statements/refresh_append.sql appends from (the one
    # structural composition left: series.sql as a table's source; its only value is $as_of)
    computed = con.execute(f"create or replace temp table _refresh_series as {series_sql()}",
                           {"as_of": as_of}).fetchall()[0][0]  # CREATE TABLE AS returns its row count
    batch = f"beregnet-{as_of.isoformat()}-{uuid.uuid4().hex[:8]}"
    stamp = store.now()
    added = store.execute_file(con, "refresh_append", {"synthetic": synthetic, "actor": actor, "stamp": stamp,
                                                       "batch": batch}).fetchall()  # RETURNING supersedes
    superseded = sum(1 for (replaced,) in added if replaced is not None)
    con.execute("drop table _refresh_series")
    report = {"as_of": as_of.isoformat(), "computed": computed, "added": len(added),
              "superseded": superseded, "synthetic": synthetic}
    if added:
        con.execute("insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'refresh', ?, ?)",
                    [stamp, actor, batch, json.dumps(report)])
    return report


def refresh(path=None, as_of: dt.date | None = None, actor: str | None = None) -> dict:
    """maalbord refresh: one transaction; calls the after-change hooks before commit."""
    as_of = as_of or dt.date.today()
    with store.writing(store.existing(path)) as con:
        report = refresh_into(con, as_of, actor or store.current_user())
        upkeep.after_write(con)
    return report
