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


def test_paired_divides_each_baseline_run_by_the_refresh_runs_around_it(monkeypatch):
    calls = []
    clock = iter([1.0, 10.0, 3.0,   # refresh, baseline, refresh: 10 / 2 = 5
                  2.0, 30.0, 2.0,   # 30 / 2 = 15
                  4.0, 24.0, 4.0])  # 24 / 4 = 6
    monkeypatch.setattr(bench_refresh, "timed", lambda fn: (calls.append(fn()), next(clock))[1])
    seconds, ratio = bench_refresh.paired(lambda: "base", lambda: "refresh", 3)
    assert calls == ["refresh", "base", "refresh"] * 3
    assert seconds == 24.0  # median of 10, 30, 24
    assert ratio == 6.0  # median of 5, 15, 6 -- not 24 / 3 (the medians' ratio)


@pytest.mark.xdist_group("bench")
def test_bench_revisions_times_both_revisions_on_the_same_steps(tmp_path, capsys):
    """HEAD against the working tree at a tiny size: both unpacked/started, the series checked equal
    (main raises when the revisions compute different figures), a row per step with its ratio."""
    from bench import bench_revisions

    times = bench_revisions.main(["--before", "HEAD", "--citizens", "1500", "--runs", "1", "--workdir", str(tmp_path)])
    out = capsys.readouterr().out
    assert set(times) == {"series", "refresh", *(f"page:{p}" for p in bench_revisions.PAGES)}
    assert all(len(a) == len(b) == 1 and a[0] > 0 and b[0] > 0 for a, b in times.values())
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    assert {"series", "refresh", "Overblik", "Økonomi"} <= set(rows)
    assert float(rows["refresh"].strip(" |").split("|")[-2]) > 0  # the median ratio (then its range)


@pytest.mark.xdist_group("bench")
def test_bench_import_runs_every_phase_on_a_small_file(tmp_path, capsys):
    """The import benchmark at 2,000 rows: the good file is imported whole, then recognised, and
    the file with 1 % bad cells is refused with its problems counted (nothing added)."""
    from bench import bench_import

    results = dict(bench_import.main(["--rows", "2000", "--keep", str(tmp_path)]))
    assert results["plan (read+validate+preview)"]["problems"] == 0
    assert results["import (plan+commit)"]["added"] == 2000
    assert results["re-import (hash known)"].get("added", 0) == 0
    assert results["bad file, 1 % bad cells"]["problems"] == 20
    assert "peak RSS MB" in capsys.readouterr().out


@pytest.mark.xdist_group("bench")
def test_bench_pages_times_every_page_without_an_error(tmp_path, capsys):
    """The page benchmark on a 2,000-citizen store: every page runs (main stops at a page that
    fails, e.g. local mode refusing an unset address) and gets its row. Whether a page meets its goal
    (main returns 1 when one does not) is the benchmark's verdict, not a test's: a timed assertion
    fails on a loaded machine, not on slow code."""
    from bench import bench_pages

    assert bench_pages.main(["--citizens", "2000", "--runs", "5", "--db", str(tmp_path / "pages.duckdb")]) in (0, 1)
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ") and "side" not in line]
    assert [r.split("|")[1].strip() for r in rows] == list(bench_pages.PAGES)
