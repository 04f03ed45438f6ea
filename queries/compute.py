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
import re
import uuid
from pathlib import Path

import duckdb

from queries import microdata, store
from queries import upkeep

MEASURES_DIR = Path(__file__).resolve().parent / "measures"
MEASURES = ("share", "retention", "effect")
KPI_COLUMNS = ("target_id", "as_of", "arm", "numerator", "denominator", "pending", "value", "ci_low", "ci_high")


def measure_sql(name: str) -> str:
    return (MEASURES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def measure_params(name: str) -> list[str]:
    """The named parameters the file uses ($name), in order of first use."""
    sql = re.sub(r"--[^\n]*", "", measure_sql(name))
    return list(dict.fromkeys(re.findall(r"\$([a-z_]+)", sql)))


def header(name: str) -> dict[str, str]:
    """The header comment's fields (name, title, unit, better)."""
    out = {}
    for line in measure_sql(name).splitlines():
        m = re.match(r"--\s*(name|title|unit|better):\s*(.*)", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
        elif not line.startswith("--"):
            break
    return out


def run_measure(con: duckdb.DuckDBPyConnection, name: str, params: dict):
    """Run one measure file with its named parameters (extra keys are ignored); a polars frame."""
    wanted = measure_params(name)
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


INSERT_NEW = """
insert into measurements (target_id, target_version, as_of, arm, value, numerator, denominator, pending,
                          ci_low, ci_high, source, origin, synthetic, entered_by, entered_at, supersedes, batch_id)
select n.target_id, n.target_version, n.as_of, n.arm, n.value, n.numerator, n.denominator, n.pending,
       n.ci_low, n.ci_high, 'beregnet', 'beregnet', $synthetic, $actor, $stamp, c.measurement_id, $batch
from _refresh_new n
left join (
    select * from measurements m
    where m.origin = 'beregnet'
      and not exists (select 1 from measurements x where x.supersedes = m.measurement_id)
) c on c.target_id = n.target_id and c.as_of = n.as_of and c.arm = n.arm
where c.measurement_id is null
   or c.value is distinct from n.value or c.numerator is distinct from n.numerator
   or c.denominator is distinct from n.denominator or c.pending is distinct from n.pending
   or c.ci_low is distinct from n.ci_low or c.ci_high is distinct from n.ci_high
   or c.synthetic is distinct from $synthetic or c.target_version is distinct from n.target_version
"""


def refresh_into(con: duckdb.DuckDBPyConnection, as_of: dt.date, actor: str) -> dict:
    """Append the series to measurements inside the caller's transaction. Returns counts."""
    synthetic = con.execute("select value from meta where key = 'synthetic'").fetchall() == [("true",)]
    microdata.fill_citizen_keys(con)  # the series joins on citizen_key (schema 008)
    con.execute("drop table if exists _refresh_new")
    con.execute(f"""
        create temp table _refresh_new as
        select target_id, target_version, as_of, arm,
               round(value, 9) as value, numerator, denominator, pending,
               round(ci_low, 9) as ci_low, round(ci_high, 9) as ci_high
        from ({series_sql()})""", {"as_of": as_of})
    computed = con.execute("select count(*) from _refresh_new").fetchall()[0][0]
    batch = f"beregnet-{as_of.isoformat()}-{uuid.uuid4().hex[:8]}"
    stamp = store.now()
    before = con.execute("select count(*) from measurements").fetchall()[0][0]
    con.execute(INSERT_NEW, {"synthetic": synthetic, "actor": actor, "stamp": stamp, "batch": batch})
    after = con.execute("select count(*) from measurements").fetchall()[0][0]
    superseded = con.execute("select count(*) from measurements where batch_id = ? and supersedes is not null",
                             [batch]).fetchall()[0][0]
    con.execute("drop table _refresh_new")
    report = {"as_of": as_of.isoformat(), "computed": computed, "added": after - before,
              "superseded": superseded, "synthetic": synthetic}
    if after > before:
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
