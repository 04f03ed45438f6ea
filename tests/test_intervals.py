"""Wilson and Newcombe intervals against the published values in tests/cases/intervals.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from queries.intervals import newcombe, wilson

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
