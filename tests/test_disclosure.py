"""Small numbers (diskretionering): golden cases in tests/cases/disclosure/ — tables with margins
(primary + secondary suppression, checked against a subtraction attack) and single figures
(shares, counts). Adding a case = adding a file there."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries import disclosure

CASES = Path(__file__).resolve().parent / "cases" / "disclosure"
TABLES = sorted(CASES.glob("*.json"))
SHARES = list(csv.DictReader((CASES / "shares.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("path", TABLES, ids=[p.stem for p in TABLES])
def test_table_case(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    limit = case["threshold"]
    protected = disclosure.protect_table(case["cells"], limit)
    assert protected.shown(limit) == case["expected"]
    # the published table gives no hidden cell away by subtraction …
    assert disclosure.subtraction_attack(protected.published()) == {}
    # … while primary suppression alone would (where the case says so)
    primary_only = [[None if protected.primary[i][j] else v for j, v in enumerate(row)]
                    for i, row in enumerate(protected.grid)]
    leaked = disclosure.subtraction_attack(primary_only)
    assert bool(leaked) == case["primary_only_leaks"]
    for (i, j), value in leaked.items():
        assert value == protected.grid[i][j]  # the attack is real: it finds the true value


def test_leak_case_really_leaks_the_small_cell():
    case = json.loads((CASES / "leak_by_subtraction.json").read_text(encoding="utf-8"))
    grid = disclosure.with_margins(case["cells"])
    published = [row[:] for row in grid]
    published[0][0] = None  # primary suppression only
    assert disclosure.subtraction_attack(published) == {(0, 0): 3}


def _num(s: str):
    return float(s) if s not in ("", None) else None


@pytest.mark.parametrize("row", SHARES, ids=[r["case"] for r in SHARES])
def test_share_case(row):
    limit = int(row["threshold"])
    d = disclosure.disclose_share(_num(row["value"]), _num(row["numerator"]), _num(row["n"]), _num(row["ci_low"]),
                                  _num(row["ci_high"]), row["unit"], limit)
    assert d.value == _num(row["shown_value"])
    assert d.n_text == row["shown_n"]
    assert (d.ci_low is not None and d.ci_high is not None) == (row["shown_ci"] == "yes")
    assert d.suppressed == (row["suppressed"] == "yes")
    if d.value_hidden and row["unit"] == "persons":
        assert disclosure.value_text(d, _num(row["value"]), row["unit"], limit) == f"<{limit}"


def test_disclose_frame_for_pages():
    df = pl.DataFrame({"target_id": ["a", "b"], "actual": [40.0, 50.0], "numerator": [40.0, 2.0],
                       "n": [100.0, 4.0], "ci_low": [30.0, 15.0], "ci_high": [50.0, 85.0], "unit": ["pct", "pct"]})
    out = disclosure.disclose_frame(df, value="actual", limit=5)
    assert out.columns == df.columns + ["n_text", "suppressed", "hidden_value_text"]
    assert out.row(0, named=True)["actual"] == 40.0 and out.row(0, named=True)["n_text"] == "100"
    b = out.row(1, named=True)
    assert (b["actual"], b["ci_low"], b["ci_high"], b["n"], b["n_text"], b["suppressed"]) == \
        (None, None, None, None, "<5", True)
    assert (out.row(0, named=True)["hidden_value_text"], b["hidden_value_text"]) == (None, "–")  # a share: '–'
    persons = disclosure.disclose_frame(pl.DataFrame({"value": [3.0, 40.0], "unit": ["persons", "persons"]}), limit=5)
    assert persons["hidden_value_text"].to_list() == ["<5", None]  # a count of persons: '<5'


def test_threshold_is_configurable(monkeypatch):
    assert disclosure.threshold() == 5
    monkeypatch.setenv("MAALBORD_SMALL_N", "10")
    assert disclosure.threshold() == 10
    assert disclosure.threshold(3) == 3
    monkeypatch.setenv("MAALBORD_SMALL_N", "nonsense")
    assert disclosure.threshold() == 5


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda nr: st.integers(1, 4).flatmap(
    lambda nc: st.lists(st.lists(st.integers(0, 40), min_size=nc, max_size=nc), min_size=nr, max_size=nr))),
    st.integers(2, 10))
def test_no_table_leaks_by_subtraction(cells, limit):
    p = disclosure.protect_table(cells, limit)
    assert disclosure.subtraction_attack(p.published()) == {}
    nr, nc = len(p.grid), len(p.grid[0])
    for i in range(nr):
        assert sum(p.hidden[i]) != 1
    for j in range(nc):
        assert sum(p.hidden[i][j] for i in range(nr)) != 1
    for i in range(nr):
        for j in range(nc):
            if disclosure.is_small(p.grid[i][j], limit):
                assert p.hidden[i][j]


def test_threshold_from_the_store(monkeypatch):
    import duckdb
    monkeypatch.delenv("MAALBORD_SMALL_N", raising=False)
    con = duckdb.connect()
    con.execute("create table meta (key varchar primary key, value varchar)")
    assert disclosure.threshold(None, con) == 5
    con.execute("insert into meta values ('disclosure_threshold', '8')")
    assert disclosure.threshold(None, con) == 8
    assert disclosure.threshold(3, con) == 3
