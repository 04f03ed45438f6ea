"""maalbord sql: the same sandbox from the command line — csv, table, parquet; refusals without traces."""

from __future__ import annotations

import subprocess
import sys

import polars as pl

from queries import cli

ROOT = cli.__file__.rsplit("/queries/", 1)[0]


def run(*args, db=None, lang=None):
    cmd = [sys.executable, "-m", "queries.cli"]
    if db:
        cmd += ["--db", str(db)]
    if lang:
        cmd += ["--lang", lang]
    return subprocess.run(cmd + ["sql", *args], capture_output=True, text=True, cwd=ROOT)


def test_csv(store_path, con):
    result = run("select target_id, kind from v_targets order by target_id", "--format", "csv", db=store_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "target_id,kind"
    expected = con.execute("select target_id, kind from v_targets order by target_id").fetchall()
    assert [tuple(line.split(",", 1)) for line in lines[1:]] == expected


def test_table(store_path):
    result = run("select committee, count(*) as n from v_budget group by 1 order by 1", db=store_path)
    assert result.returncode == 0, result.stderr
    header, rule = result.stdout.splitlines()[:2]
    assert header.split() == ["committee", "n"] and set(rule.replace(" ", "")) == {"-"}


def test_parquet_reads_back(store_path, tmp_path, con):
    out = tmp_path / "budget.parquet"
    result = run("select * from v_budget order by budget_line_id", "--format", "parquet", "--out", str(out),
                 db=store_path)
    assert result.returncode == 0, result.stderr
    df = pl.read_parquet(out)
    assert df.height == con.execute("select count(*) from v_budget").fetchone()[0]
    assert df["budget_line_id"].to_list() == [r[0] for r in con.execute(
        "select budget_line_id from v_budget order by budget_line_id").fetchall()]


def test_row_cap_is_reported(store_path):
    result = run("select * from range(50)", "--format", "csv", "--max-rows", "10", db=store_path)
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 11
    assert "10 af 50 rækker" in result.stderr


def test_all_is_the_whole_result_up_to_the_download_cap(store_path, monkeypatch):
    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "10")
    whole = run("select * from range(50)", "--format", "csv", "--all", db=store_path)
    assert whole.returncode == 0 and len(whole.stdout.strip().splitlines()) == 51 and whole.stderr == ""
    monkeypatch.setenv("MAALBORD_SQL_DOWNLOAD_ROWS", "20")
    cut = run("select * from range(50)", "--format", "csv", "--all", db=store_path)
    assert cut.returncode == 0 and len(cut.stdout.strip().splitlines()) == 21
    assert "20 af 50 rækker" in cut.stderr and "download-loftet på 20 rækker" in cut.stderr


def test_refused_statement_in_danish_and_english(store_path):
    result = run("copy targets to '/tmp/maalbord_cli_leak.csv'", db=store_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "COPY" in result.stderr and "ikke tilladt" in result.stderr
    english = run("delete from measurements", db=store_path, lang="en")
    assert english.returncode == 2 and "DELETE statements are not allowed" in english.stderr


def test_duckdb_error_shows_message_and_position(store_path):
    result = run("select nope from v_targets", db=store_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "nope" in result.stderr and "LINE 1:" in result.stderr


def test_time_limit_option(store_path):
    result = run("select count(*) from range(1000000000) a, range(1000000000) b", "--seconds", "1", db=store_path)
    assert result.returncode == 2 and "tidsgrænsen på 1 sekunder" in result.stderr
