"""Progression assessments (scores 1–5) are lined up with the sub-goal targets and shown.

- v_progression on hand-made cases (tests/cases/progression/*.yaml: targets, enrolments,
  progression rows and the expected view rows; adding a case = adding a file);
- `maalbord demo` scores exactly the catalogue's sub-goal dimensions, reproducibly;
- the page's small-number rules and compact table (queries/progression.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from queries import demo, progression, store

CASES = sorted((Path(__file__).resolve().parent / "cases" / "progression").glob("*.yaml"))
KEY = ("initiative_id", "target_id", "dimension", "arm", "quarter")


@pytest.fixture(scope="module")
def copy_store(store_path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("progression") / "progression.duckdb"
    shutil.copy(store_path, path)
    return path


def _setup(con, case: dict) -> None:
    for table in ("progression", "enrolments"):
        con.execute(f"delete from {table}")
    initiatives = {t["initiative_id"] for t in case["targets"]} | {e["initiative_id"] for e in case["enrolments"]}
    for iid in sorted(initiatives):
        con.execute("insert into initiatives select * replace (? as initiative_id) from initiatives limit 1", [iid])
    for t in case["targets"]:
        con.execute("""insert into targets (target_id, version, valid_from, initiative_id, text, kind, direction,
                           progression_dimension) values (?, 1, now(), ?, 'case', 'level', 'higher', ?)""",
                    [t["target_id"], t["initiative_id"], t["progression_dimension"]])
    for i, e in enumerate(case["enrolments"]):
        con.execute("insert into enrolments (enrolment_id, citizen_id, initiative_id, arm, start_date, end_date) "
                    "values (?, ?, ?, ?, ?, ?)",
                    [f"E{i}", e["citizen_id"], e["initiative_id"], e["arm"], e["start_date"], e.get("end_date")])
    con.executemany("insert into progression values (?, ?, ?, ?)",
                    [[p["citizen_id"], p["date"], p["dimension"], p["score"]] for p in case["progression"]])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_view_case(copy_store, path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    con = duckdb.connect(str(copy_store))
    try:
        con.begin()
        _setup(con, case)
        got = con.sql("select * from v_progression").pl()
        con.rollback()
    finally:
        con.close()
    key = lambda r: tuple("" if r[k] is None else r[k] for k in KEY)  # noqa: E731
    rows = sorted(got.select(*KEY, "n", "mean_score", "n_score_4_5").to_dicts(), key=key)
    want = sorted(case["expected"], key=key)
    assert [key(r) for r in rows] == [key(r) for r in want], case["description"]
    for r, w in zip(rows, want):
        assert (r["n"], r["n_score_4_5"]) == (w["n"], w["n_score_4_5"]), key(w)
        assert r["mean_score"] == pytest.approx(w["mean_score"]), key(w)


def _demo_rows(path: Path, seed: int) -> list[tuple]:
    with store.writing(path) as con:
        demo.generate(con, 3000, seed)
        return con.execute("select * from progression order by all").fetchall()


def test_demo_scores_exactly_the_sub_goal_dimensions_reproducibly(copy_store):
    first = _demo_rows(copy_store, 7)
    with store.reading(copy_store) as con:
        wanted = {r[0] for r in con.execute(
            """select distinct progression_dimension from v_targets where progression_dimension is not null
               and initiative_id in (select distinct initiative_id from enrolments)""").fetchall()}
        catalogue = {r[0] for r in con.execute(
            "select progression_dimension from v_targets where progression_dimension is not null").fetchall()}
        lined_up = con.execute("select count(*), count(target_id) from v_progression").fetchone()
        scores = {r[0] for r in con.execute("select distinct score from progression").fetchall()}
    assert first, "the business case's trial gets progression scores"
    assert {r[2] for r in first} == wanted and wanted <= catalogue and len(wanted) >= 7
    assert lined_up[0] > 0 and lined_up[0] == lined_up[1]  # every demo row has its sub-goal target
    assert scores <= {1, 2, 3, 4, 5}
    assert _demo_rows(copy_store, 7) == first
    assert _demo_rows(copy_store, 8) != first


def _frame(n, n45, mean=3.0) -> pl.DataFrame:
    return pl.DataFrame({"target_id": ["t"] * len(n), "sub_goal": ["s"] * len(n), "dimension": ["d"] * len(n),
                         "arm": ["treatment", "control"][: len(n)], "quarter": [0] * len(n), "n": n,
                         "n_score_4_5": n45, "mean_score": [mean] * len(n)})


def test_small_points_lose_their_mean_and_counts():
    shown = progression.disclose(_frame([4, 20], [1, 17]), 5)
    assert shown["mean_score"].to_list() == [None, 3.0]
    assert shown["n_text"].to_list() == ["<5", "20"]
    # 17 of 20 with score 4–5 leaves 3 below: the complement is small, so the count is hidden
    assert shown["n_score_4_5"].to_list() == [None, None] and shown["n_4_5_text"].to_list() == ["<5", "<5"]
    ok = progression.disclose(_frame([30], [0]), 5)
    assert ok["n_score_4_5"].to_list() == [0] and ok["n_4_5_text"].to_list() == ["0"]


def test_wide_table_has_one_row_per_point_and_columns_per_arm():
    wide = progression.wide(progression.disclose(_frame([12, 9], [6, 0]), 5))
    assert wide.height == 1
    assert wide.row(0, named=True) | {} == {
        "target_id": "t", "sub_goal": "s", "dimension": "d", "quarter": 0,
        "mean_treatment": 3.0, "n_treatment": "12", "n_4_5_treatment": "6",
        "mean_control": 3.0, "n_control": "9", "n_4_5_control": "0"}
