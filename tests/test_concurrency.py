"""Concurrency and crashes: the CLI import works while another process keeps opening short-lived
read connections (as the app does); a reader sees the old data or the new, never half; a SIGKILL
during an import leaves the store exactly as it was (see docs/architecture.md, Samtidighed)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from queries import store
from tests.conftest import ROOT, dump

pytestmark = pytest.mark.slow

READER = r"""
import json, sys, time, duckdb
from queries import store
db, stop = sys.argv[1], sys.argv[2]
counts, busy = [], 0
import os
while not os.path.exists(stop):
    try:
        with store.reading(db) as con:           # short-lived, like dashboard/data.py
            counts.append(con.execute("select count(*) from measurements").fetchone()[0])
    except duckdb.IOException:
        busy += 1                                  # the writer held the file longer than the retries
    time.sleep(0.01)
print(json.dumps({"counts": counts, "busy": busy}))
"""


@pytest.fixture()
def db(store_path, tmp_path) -> Path:
    target = tmp_path / "store.duckdb"
    shutil.copy(store_path, target)
    return target


def big_file(path: Path, n: int) -> Path:
    start = pl.date(1900, 1, 1)
    pl.DataFrame({
        "mål_id": ["bi07-sundhed-antal-borgere"] * n,
        "dato": pl.date_range(start, start + pl.duration(days=n - 1), eager=True).dt.strftime("%d-%m-%Y"),
        "værdi": [f"{i},5" for i in range(n)],
        "kilde": ["LIS"] * n,
    }).write_csv(path, separator=";")
    return path


def cli_cmd(db: Path, *args) -> list[str]:
    return [sys.executable, "-m", "queries.cli", "--db", str(db), *args]


def test_import_while_a_reader_polls_sees_old_or_new(db, tmp_path):
    f = big_file(tmp_path / "m.csv", 20_000)
    with store.reading(db) as con:
        before = con.execute("select count(*) from measurements").fetchone()[0]
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)  # the reader is busy opening and closing
        env = {**os.environ, "MAALBORD_IMPORT_SLEEP": "0.5"}  # hold the transaction open a while
        r = subprocess.run(cli_cmd(db, "import", "measurements", str(f), "--yes"), cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        time.sleep(0.5)
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=30)
    assert r.returncode == 0, r.stderr
    result = json.loads(out)
    after = before + 20_000
    print("reader:", len(result["counts"]), "reads,", result["busy"], "gave up on the lock")
    assert set(result["counts"]) <= {before, after}
    assert before in result["counts"] and after in result["counts"]


@pytest.mark.parametrize("moment", ["100000/250000", "inside the transaction"],
                         ids=["while-inserting", "before-commit"])
def test_sigkill_during_import_leaves_store_as_before(db, tmp_path, moment):
    """Killed after the first chunk of rows is inserted (the second is being inserted), or with every
    row inserted and the commit pending (the sleep hook keeps the commit from happening first)."""
    f = big_file(tmp_path / "m.csv", 250_000)
    before = dump(db)
    env = {**os.environ, "MAALBORD_IMPORT_SLEEP": "60"}
    proc = subprocess.Popen(cli_cmd(db, "import", "measurements", str(f), "--yes"), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        for line in proc.stderr:  # wait until every row is inserted and the commit is pending
            if moment in line or time.time() > deadline:
                break
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert dump(db) == before
    # and the store still takes the same import afterwards
    r = subprocess.run(cli_cmd(db, "import", "measurements", str(f), "--yes"), cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    with store.reading(db) as con:
        assert con.execute("select count(*) from measurements where origin = 'import'").fetchone()[0] == 250_000
