"""The SQL sandbox: every known bypass is refused with a clear message (tests/cases/sandbox_attacks.csv,
one case a line), the store is byte-for-byte unchanged afterwards, the time limit holds, concurrent
queries work, the row cap streams."""

from __future__ import annotations

import csv
import hashlib
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from queries import sandbox, store
from queries.texts import t

CASES = Path(__file__).resolve().parent / "cases" / "sandbox_attacks.csv"
ATTACKS = list(csv.DictReader(CASES.open(encoding="utf-8")))
LIMITS = sandbox.Limits(seconds=1.0, memory="256MB", threads=1, max_rows=1000)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def box(store_path, tmp_path_factory) -> Path:
    """A private copy of the session store: the battery must not disturb other tests."""
    target = tmp_path_factory.mktemp("sandbox") / "maalbord.duckdb"
    shutil.copy(store_path, target)
    return target


@pytest.fixture(scope="module")
def before(box) -> str:
    return digest(box)


@pytest.mark.parametrize("case", ATTACKS, ids=[f"{i:02d}-{c['note']}" for i, c in enumerate(ATTACKS)])
def test_attack_is_refused_with_a_clear_message(case, box, before):
    result = sandbox.run(case["sql"], box, LIMITS)
    assert not result.ok, f"ran: {case['sql']}"
    assert result.error == case["code"], (result.error, result.detail)
    assert result.rows.height == 0
    for lang in ("da", "en"):
        message = result.message(lang)
        assert message and not message.startswith("sql.err.") and "Traceback" not in message
    if case["code"] == "refused":
        assert result.statement_type in result.message("en")
    if case["code"] == "timeout":
        assert "1 s" in result.message("en").replace("1 seconds", "1 s")


def test_store_unchanged_after_the_battery_and_select_still_works(box, before):
    # Runs after the parametrised battery in this module (pytest keeps file order).
    for case in ATTACKS:  # once more, in one go, in case the battery was deselected
        if case["code"] not in ("timeout", "memory"):
            sandbox.run(case["sql"], box, LIMITS)
    assert digest(box) == before
    assert not Path(str(box) + ".wal").exists()
    for leak in ("/tmp/maalbord_leak.csv", "/tmp/maalbord_leak.parquet", "/tmp/maalbord_export", "/tmp/other.duckdb"):
        assert not Path(leak).exists()
    result = sandbox.run("select count(*) as n from v_targets", box, LIMITS)
    assert result.ok, result.detail
    with store.reading(box) as con:
        assert result.rows["n"][0] == con.execute("select count(*) from v_targets").fetchone()[0]


def test_settings_are_locked_in(box):
    result = sandbox.run(
        "select current_setting('enable_external_access') as ext, current_setting('lock_configuration') as locked, "
        "current_setting('autoload_known_extensions') as autoload, current_setting('autoinstall_known_extensions') as autoinstall, "
        "current_setting('allow_community_extensions') as community, current_setting('threads') as threads, "
        "current_setting('max_execution_time') as max_ms, current_setting('access_mode') as mode",
        box, LIMITS)
    assert result.ok, result.detail
    row = result.rows.row(0, named=True)
    assert row["ext"] is False and row["locked"] is True and row["autoload"] is False
    assert row["autoinstall"] is False and row["community"] is False
    assert int(row["threads"]) == 1 and int(row["max_ms"]) == 1000
    assert str(row["mode"]).lower() == "read_only"


def test_time_limit_stops_a_long_query_within_twice_the_limit(box):
    started = time.perf_counter()
    result = sandbox.run("select count(*) from range(1000000000) a, range(1000000000) b", box, LIMITS)
    wall = time.perf_counter() - started
    assert result.error == "timeout"
    assert "maximum execution time" in result.detail  # the engine stopped it, not the backstop
    assert result.engine_elapsed < 2 * LIMITS.seconds, result.engine_elapsed
    # The wall clock adds the worker's start-up (~0.3–0.5 s idle, more on a busy machine).
    assert wall < 2 * LIMITS.seconds + sandbox.STARTUP_GRACE, wall
    after = sandbox.run("select 42 as answer", box, LIMITS)
    assert after.ok and after.rows["answer"][0] == 42


def test_hard_backstop_kills_a_stuck_worker(box, monkeypatch):
    """If the engine ever ignored max_execution_time, the parent kills the worker at 1.5× + 3 s."""
    import subprocess as sp

    real = sp.run

    def slow(cmd, **kw):
        return real(["sleep", "30"], **{k: v for k, v in kw.items() if k in ("timeout", "capture_output")})

    monkeypatch.setattr(sandbox.subprocess, "run", slow)
    limits = sandbox.Limits(seconds=0.2)
    started = time.perf_counter()
    result = sandbox.run("select 1", box, limits)
    assert result.error == "timeout" and time.perf_counter() - started < sandbox.backstop(limits) + 1


def test_two_threads_both_succeed(box):
    results = {}

    def work(name, sql):
        results[name] = sandbox.run(sql, box, sandbox.Limits(seconds=10))

    threads = [
        threading.Thread(target=work, args=("a", "select count(*) as n from range(30000000) where range % 7 = 0")),
        threading.Thread(target=work, args=("b", "select count(*) as n from v_targets")),
    ]
    # An ordinary read connection open in this process at the same time: the sandbox's different
    # configuration must not clash with it (that is why each query runs in its own process).
    with store.reading(box) as con:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        n_targets = con.execute("select count(*) from v_targets").fetchone()[0]
    assert results["a"].ok, results["a"].detail
    assert results["b"].ok, results["b"].detail
    assert results["a"].rows["n"][0] == 30000000 // 7 + 1
    assert results["b"].rows["n"][0] == n_targets


def test_row_cap_streams_and_counts(box):
    result = sandbox.run("select range as i from range(25000)", box, sandbox.Limits(max_rows=10000))
    assert result.ok and result.truncated
    assert result.shown == result.rows.height == 10000 and result.total == 25000
    assert result.rows["i"].to_list()[:3] == [0, 1, 2]
    capped = sandbox.run("select range as i from range(5000000)", box,
                         sandbox.Limits(max_rows=100, count_cap=10000))
    assert capped.ok and capped.truncated and capped.shown == 100 and capped.total is None
    small = sandbox.run("select * from v_budget", box)
    assert small.ok and not small.truncated and small.total == small.shown == small.rows.height


def test_run_full_returns_every_row_past_the_display_cap(box):
    limits = sandbox.Limits(max_rows=100, download_rows=5000)
    shown = sandbox.run("select range as i from range(2500)", box, limits)
    assert shown.truncated and shown.rows.height == 100
    full = sandbox.run_full("select range as i from range(2500)", box, limits)
    assert full.ok and not full.truncated and full.total == full.shown == full.rows.height == 2500
    assert full.rows["i"].to_list() == list(range(2500))
    assert full.limits.seconds == limits.seconds and full.limits.memory == limits.memory  # only the row cap moves


def test_run_full_is_cut_at_the_download_cap(box):
    assert sandbox.Limits().download_rows == sandbox.DOWNLOAD_ROWS == 1_000_000 < 1_048_576  # one Excel sheet
    full = sandbox.run_full("select range as i from range(2000000)", box, sandbox.Limits(max_rows=100))
    assert full.ok and full.truncated and full.shown == full.rows.height == 1_000_000 and full.total is None
    small_cap = sandbox.run_full("select range as i from range(700)", box, sandbox.Limits(max_rows=10, download_rows=300))
    assert small_cap.truncated and small_cap.shown == 300 and small_cap.total == 700


def test_download_cap_from_the_environment(monkeypatch):
    monkeypatch.setenv("MAALBORD_SQL_DOWNLOAD_ROWS", "1234")
    monkeypatch.setenv("MAALBORD_SQL_MAX_ROWS", "100")
    assert sandbox.Limits.from_env().download_rows == 1234
    assert sandbox.Limits.from_env().for_download().max_rows == 1234


@pytest.mark.parametrize("sql,code", [
    ("select * from read_csv('/etc/passwd')", "external"),
    ("copy targets to '/tmp/maalbord_full_leak.csv'", "refused"),
    ("set memory_limit = '8GB'", "refused"),
    ("select 1; drop table targets", "multi"),
])
def test_run_full_keeps_every_refusal(sql, code, box):
    result = sandbox.run_full(sql, box, LIMITS)
    assert result.error == code and not Path("/tmp/maalbord_full_leak.csv").exists()


@pytest.mark.parametrize("sql", [
    "select * from v_targets limit 3",
    "with x as (select * from v_budget) select count(*) from x",
    "from v_initiatives limit 2",
    "describe v_targets",
    "show tables",
    "summarize v_budget",
    "values (1, 'a')",
    "explain select * from v_targets",
    "-- a comment first\nselect 1",
    "select 1;",
    "select * from duckdb_columns() where table_name = 'v_targets'",
])
def test_reads_are_allowed(sql, box):
    result = sandbox.run(sql, box, LIMITS)
    assert result.ok, (result.error, result.detail)


def test_duckdb_error_keeps_message_and_position(box):
    result = sandbox.run("select nope from v_targets", box, LIMITS)
    assert result.error == "duckdb"
    assert "nope" in result.message("da") and result.message("da").startswith(t("sql.err.duckdb", "da", detail="")[:6])
    assert result.position and result.position.startswith("LINE 1:")


def test_missing_store(tmp_path):
    result = sandbox.run("select 1", tmp_path / "none.duckdb", LIMITS)
    assert result.error == "no_store"


@pytest.mark.parametrize("sql", ["", "   ", ";", "-- only a comment", "/* nothing */"])
def test_nothing_to_run(sql, box):
    result = sandbox.run(sql, box, LIMITS)
    assert result.error == "empty", (result.error, result.detail)
