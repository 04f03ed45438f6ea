"""The interval macros of queries/views/00_intervals.sql — the one definition of Wilson, Newcombe,
normal and Welch intervals — against the published values in tests/cases/intervals.csv and against
statsmodels (an independent implementation) on a grid of k and n, 0 and n included; and the interval
an entered share is judged with (v_judged_measurement's judged_ci_low/high), which they compute."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from queries import status as S
from queries.store import VIEWS_DIR
from tests.judging import judged

CASES = Path(__file__).parent / "cases" / "intervals.csv"
Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution


def _cases():
    lines = [l for l in CASES.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return list(csv.DictReader(lines))


GRID = [(k, n) for n in (1, 2, 3, 5, 7, 12, 30, 112, 263, 1000) for k in sorted({0, 1, n // 3, n // 2, n - 1, n})]


@pytest.fixture(scope="module")
def macros():
    con = duckdb.connect()
    con.execute((VIEWS_DIR / "00_intervals.sql").read_text(encoding="utf-8"))
    yield con
    con.close()


def test_wilson_macro_equals_statsmodels(macros):
    got = macros.execute("select k, n, wilson_low(k, n), wilson_high(k, n) from (values "
                         + ", ".join(f"({k}, {n})" for k, n in GRID) + ") g(k, n)").fetchall()
    assert len(got) == len(GRID)
    for k, n, low, high in got:
        ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert low == pytest.approx(ref_low, abs=1e-6) and high == pytest.approx(ref_high, abs=1e-6), (k, n)


def test_newcombe_macro_equals_statsmodels(macros):
    pairs = [(a, b) for a in GRID[::3] for b in GRID[1::4]]
    got = macros.execute("select k1, n1, k2, n2, newcombe_low(k1, n1, k2, n2), newcombe_high(k1, n1, k2, n2) "
                         "from (values " + ", ".join(f"({a[0]}, {a[1]}, {b[0]}, {b[1]})" for a, b in pairs)
                         + ") g(k1, n1, k2, n2)").fetchall()
    assert len(got) == len(pairs)
    for k1, n1, k2, n2, low, high in got:
        ref_low, ref_high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=0.05)
        assert low == pytest.approx(ref_low, abs=1e-6) and high == pytest.approx(ref_high, abs=1e-6), (k1, n1, k2, n2)


def test_wilson_contains_the_share_and_narrows_with_n(macros):
    widths = []
    for k, n in [(2, 5), (20, 50), (200, 500)]:
        low, high = macros.execute("select wilson_low(?, ?), wilson_high(?, ?)", [k, n, k, n]).fetchall()[0]
        assert low < k / n < high
        widths.append(high - low)
    assert widths == sorted(widths, reverse=True)


@pytest.mark.parametrize("value, numerator, n, k", [(40, 2, 5, 2), (40, None, 5, 2), (37, None, 112, 37 * 1.12)])
def test_an_entered_share_is_judged_with_the_wilson_interval_of_its_count(value, numerator, n, k):
    """No stored interval: the count is the numerator, else value % of n (v_judged_measurement)."""
    target = S.Target(kind="share", value=40, unit="pct")
    m = judged(target, S.Measurement(value=value, n=n, numerator=numerator))
    ref = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert (m.ci_low, m.ci_high) == pytest.approx((100 * ref[0], 100 * ref[1]), abs=1e-4)


@pytest.mark.parametrize("m, why", [
    (S.Measurement(value=40, n=5, ci_low=10, ci_high=70), "stored"),
    (S.Measurement(value=40, n=5, numerator=6), "count above n"),
    (S.Measurement(value=40, n=0), "n = 0"),
    (S.Measurement(value=40, n=None), "no n"),
])
def test_a_stored_interval_stands_and_no_count_gives_none(m, why):
    got = judged(S.Target(kind="share", value=40, unit="pct"), m)
    expected = (10, 70) if why == "stored" else (None, None)
    assert (got.ci_low, got.ci_high) == expected, why


def test_a_derived_effect_is_judged_with_newcombes_interval_and_the_smaller_arm():
    target = S.Target(kind="effect", value=10, unit="pp")
    m = judged(target, S.Measurement(value=50, n=20, arm="treatment"),
               S.Measurement(value=40, n=25, numerator=10, arm="control"))
    ref = confint_proportions_2indep(10, 20, 10, 25, method="newcomb", compare="diff", alpha=0.05)
    assert (m.arm, m.value, m.n) == ("effect", 10, 20)
    assert (m.ci_low, m.ci_high) == pytest.approx((100 * ref[0], 100 * ref[1]), abs=1e-4)
    persons = judged(S.Target(kind="effect", value=5, unit="persons"), S.Measurement(value=20, n=20, arm="treatment"),
                     S.Measurement(value=14, n=25, arm="control"))
    assert (persons.value, persons.ci_low, persons.ci_high) == (6, None, None)  # no interval for persons


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
    low, high, dlow, dhigh = macros.execute(
        "select normal_low(1.5, 2.0, 40), normal_high(1.5, 2.0, 40), "
        "welch_low(1.5, 2.0, 40, 0.5, 1.0, 30), welch_high(1.5, 2.0, 40, 0.5, 1.0, 30)").fetchall()[0]
    assert (low, high) == pytest.approx((1.5 - Z95 * math.sqrt(2 / 40), 1.5 + Z95 * math.sqrt(2 / 40)), abs=1e-6)
    half = Z95 * math.sqrt(2 / 40 + 1 / 30)
    assert (dlow, dhigh) == pytest.approx((1.0 - half, 1.0 + half), abs=1e-6)
