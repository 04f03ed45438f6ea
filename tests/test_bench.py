"""The refresh benchmark at a tiny size: pandas and SQLite must compute the same figures as the
project's series (bench_refresh.same raises otherwise), and the printed table must hold a row per
size with the ratios. Timing itself is not tested (see docs/performance.md)."""

from __future__ import annotations

import sys

import pytest

from bench import bench_refresh


@pytest.mark.xdist_group("bench")
def test_bench_refresh_small_run_checks_baselines_and_prints_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bench_refresh", "--sizes", "3000", "--runs", "1", "--quick-runs", "1",
                                      "--workdir", str(tmp_path)])
    bench_refresh.main()
    out = capsys.readouterr().out
    assert "pandas" in out and "(checked equal)" in out
    rows = [line for line in out.splitlines() if line.startswith("| 3,000 |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == 12 and all(c.endswith("×") for c in (cells[5], cells[7], cells[9], cells[11]))


def test_same_reports_a_differing_figure():
    a = {("t", "all", "2026-01-31"): (10, 4.0, 0)}
    b = {("t", "all", "2026-01-31"): (10, 5.0, 0)}
    with pytest.raises(AssertionError, match="1 figures differ"):
        bench_refresh.same(a, b, "pandas")
