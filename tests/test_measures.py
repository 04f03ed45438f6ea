"""Given -> expected cohorts (tests/cases/measures/*.yaml) through the measure SQL files AND through
refresh's one-pass monthly series: both must give the expected figures. Adding a case = adding a file.

A case file holds: measure, params (anchor, event_kind, offset_months, states, outcome, arms, unit),
as_of, the microdata rows (enrolments, spells, events) and expected rows per arm
(numerator, denominator, pending, value; value null = no value)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml

from queries import compute, microdata, store

CASES = Path(__file__).resolve().parent / "cases" / "measures"
CASE_FILES = sorted(CASES.glob("*.yaml"))
TID, IID = "case-target", "case-initiative"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def case_store(store_path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cases") / "cases.duckdb"
    shutil.copy(store_path, path)
    return path


def setup_case(con, case: dict) -> None:
    """Replace the microdata by the case's rows and add its initiative and target (in a transaction
    the test rolls back)."""
    for table in ("enrolments", "spells", "events", "citizens", "progression"):
        con.execute(f"delete from {table}")
    p = case["params"]
    starts = [e["start_date"] for e in case.get("enrolments") or []]
    period_start = case.get("period_start") or (min(starts) if starts else case["as_of"])
    con.execute("insert into initiatives select * replace (? as initiative_id, ?::date as period_start) "
                "from initiatives limit 1", [IID, period_start])
    con.execute("""insert into targets (target_id, version, valid_from, initiative_id, text, kind, unit, direction,
                       measure, anchor, event_kind, offset_months, states, outcome, arms)
                   values (?, 1, now(), ?, 'case', ?, ?, 'higher', ?, ?, ?, ?, ?, ?, ?)""",
                [TID, IID, case["measure"], p.get("unit", "pct"), case["measure"], p.get("anchor", "start"),
                 p.get("event_kind"), p.get("offset_months", 0), p.get("states"), p.get("outcome"),
                 p.get("arms", "treatment")])
    for i, e in enumerate(case.get("enrolments") or []):
        con.execute("insert into enrolments (enrolment_id, citizen_id, initiative_id, arm, start_date, end_date, completed) "
                    "values (?, ?, ?, ?, ?, ?, ?)",
                    [f"E{i}", e["citizen_id"], IID, e.get("arm", "treatment"), e["start_date"], e.get("end_date"),
                     bool(e.get("completed", False))])
    for s in case.get("spells") or []:
        con.execute("insert into spells (citizen_id, state, from_date, to_date) values (?, ?, ?, ?)", [s["citizen_id"], s["state"], s["from_date"], s.get("to_date")])
    for v in case.get("events") or []:
        con.execute("insert into events (citizen_id, kind, date, value) values (?, ?, ?, ?)",
                    [v["citizen_id"], v["kind"], v["date"], v.get("value")])
    microdata.fill_citizen_keys(con)  # rows written without the integer key (schema 008)


def check(got: dict, want: dict, where: str) -> None:
    for key, expected in want.items():
        if key == "arm":
            continue
        actual = got.get(key)
        if expected is None:
            assert actual is None, f"{where}: {key} = {actual}, expected no value"
        else:
            assert actual is not None and actual == pytest.approx(expected, abs=0.01), \
                f"{where}: {key} = {actual}, expected {expected}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(case_store, path):
    case = load(path)
    as_of = case["as_of"] if isinstance(case["as_of"], dt.date) else dt.date.fromisoformat(case["as_of"])
    con = store.connect(case_store)
    try:
        con.execute("begin transaction")
        setup_case(con, case)
        row = con.execute("select * from v_targets where target_id = ?", [TID]).fetchall()[0]
        cols = [d[0] for d in con.description]
        params = compute.target_params(dict(zip(cols, row)), as_of)
        # 1. the measure file, as an analyst runs it
        direct = compute.run_measure(con, case["measure"], params).to_dicts()
        if case["measure"] != "effect":
            direct = [{**direct[0], "arm": "all"}]
        by_arm = {r["arm"]: r for r in direct}
        # 2. refresh's one-pass series at the same date
        series = compute.series(con, as_of).filter(pl.col("target_id") == TID)
        at = {r["arm"]: r for r in series.to_dicts() if r["as_of"] == as_of}
        for want in case["expected"]:
            arm = want.get("arm", "all")
            d = dict(by_arm[arm])
            if arm == "effect" and case["params"].get("unit") == "persons":
                d.update(value=d["value_persons"], ci_low=d["ci_low_persons"], ci_high=d["ci_high_persons"])
            check(d, want, f"{path.name} {arm} (measure file)")
            if arm not in at and want.get("value", 0) is None and not case.get("enrolments"):
                continue  # an empty cohort: no series at all, i.e. no value
            assert arm in at, f"{path.name}: series has no row for {arm} at {as_of}"
            check(at[arm], want, f"{path.name} {arm} (series)")
    finally:
        con.execute("rollback")
        con.close()


@pytest.mark.parametrize("name", [*compute.MEASURES, "series"])
def test_measure_files_are_self_describing(name):
    """Header (name, title, unit, better, params), a CTE chain ending in `select * from final`,
    values only as named parameters."""
    sql = compute.measure_sql(name)
    head = compute.header(name)
    assert head.get("name") == name and {"title", "unit", "better"} <= set(head)
    assert "-- params:" in sql
    assert sql.rstrip().endswith("select * from final")
    assert "?" not in sql.replace("-- ", "")  # no positional parameters
    assert compute.measure_params(name)
