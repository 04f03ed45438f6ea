"""Wilson and Newcombe intervals against the published values in tests/cases/intervals.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from queries.intervals import Z95, newcombe, wilson

CASES = Path(__file__).parent / "cases" / "intervals.csv"


def _cases():
    lines = [l for l in CASES.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return list(csv.DictReader(lines))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['method']}-{c['k1']}/{c['n1']}-{c['k2']}/{c['n2']}")
def test_published_values(case):
    if case["method"] == "wilson":
        low, high = wilson(int(case["k1"]), int(case["n1"]))
    else:
        low, high = newcombe(int(case["k1"]), int(case["n1"]), int(case["k2"]), int(case["n2"]))
    assert low == pytest.approx(float(case["low"]), abs=6e-5)
    assert high == pytest.approx(float(case["high"]), abs=6e-5)


def test_wilson_rejects_bad_input():
    with pytest.raises(ValueError):
        wilson(0, 0)
    with pytest.raises(ValueError):
        wilson(6, 5)


def test_wilson_contains_point_and_narrows_with_n():
    for k, n in [(2, 5), (20, 50), (200, 500)]:
        low, high = wilson(k, n)
        assert low < k / n < high
    assert (wilson(200, 500)[1] - wilson(200, 500)[0]) < (wilson(2, 5)[1] - wilson(2, 5)[0])


# --- the SQL macros (queries/views/00_intervals.sql) the measure files use, against this reference ----

GRID = [(k, n) for n in (1, 2, 3, 5, 7, 12, 30, 112, 263, 1000) for k in sorted({0, 1, n // 3, n // 2, n - 1, n})]


@pytest.fixture(scope="module")
def macros():
    import duckdb

    from queries.store import VIEWS_DIR
    con = duckdb.connect()
    con.execute((VIEWS_DIR / "00_intervals.sql").read_text(encoding="utf-8"))
    yield con
    con.close()


def test_wilson_macro_equals_the_reference(macros):
    got = macros.execute("select k, n, wilson_low(k, n), wilson_high(k, n) from (values "
                         + ", ".join(f"({k}, {n})" for k, n in GRID) + ") g(k, n)").fetchall()
    assert len(got) == len(GRID)
    for k, n, low, high in got:
        ref_low, ref_high = wilson(k, n)
        assert low == pytest.approx(ref_low, abs=1e-6) and high == pytest.approx(ref_high, abs=1e-6), (k, n)


def test_newcombe_macro_equals_the_reference(macros):
    pairs = [(a, b) for a in GRID[::3] for b in GRID[1::4]]
    got = macros.execute("select k1, n1, k2, n2, newcombe_low(k1, n1, k2, n2), newcombe_high(k1, n1, k2, n2) "
                         "from (values " + ", ".join(f"({a[0]}, {a[1]}, {b[0]}, {b[1]})" for a, b in pairs)
                         + ") g(k1, n1, k2, n2)").fetchall()
    assert len(got) == len(pairs)
    for k1, n1, k2, n2, low, high in got:
        ref_low, ref_high = newcombe(k1, n1, k2, n2)
        assert low == pytest.approx(ref_low, abs=1e-6) and high == pytest.approx(ref_high, abs=1e-6), (k1, n1, k2, n2)


def test_macros_give_no_interval_for_n_zero(macros):
    assert macros.execute("select wilson_low(0, 0), wilson_high(0, 0), newcombe_low(0, 0, 1, 2), "
                          "newcombe_high(1, 2, 0, 0), wilson_low(null, 5)").fetchall() == [(None,) * 5]


def test_macros_agree_with_the_published_values(macros):
    for case in _cases():
        if case["method"] == "wilson":
            low, high = macros.execute("select wilson_low(?, ?), wilson_high(?, ?)",
                                       [int(case["k1"]), int(case["n1"])] * 2).fetchall()[0]
        else:
            args = [int(case[c]) for c in ("k1", "n1", "k2", "n2")]
            low, high = macros.execute("select newcombe_low(?, ?, ?, ?), newcombe_high(?, ?, ?, ?)",
                                       args * 2).fetchall()[0]
        assert max(low, -1.0 if case["method"] != "wilson" else 0.0) == pytest.approx(float(case["low"]), abs=6e-5)
        assert min(high, 1.0) == pytest.approx(float(case["high"]), abs=6e-5)


def test_normal_and_welch_macros_are_the_textbook_intervals(macros):
    """Means (counts per person): mean ± z·sqrt(var/n); a difference of means: ± z·sqrt(v1/n1 + v2/n2)."""
    import math
    low, high, dlow, dhigh = macros.execute(
        "select normal_low(1.5, 2.0, 40), normal_high(1.5, 2.0, 40), "
        "welch_low(1.5, 2.0, 40, 0.5, 1.0, 30), welch_high(1.5, 2.0, 40, 0.5, 1.0, 30)").fetchall()[0]
    assert (low, high) == pytest.approx((1.5 - Z95 * math.sqrt(2 / 40), 1.5 + Z95 * math.sqrt(2 / 40)), abs=1e-6)
    half = Z95 * math.sqrt(2 / 40 + 1 / 30)
    assert (dlow, dhigh) == pytest.approx((1.0 - half, 1.0 + half), abs=1e-6)
