"""export → restore gives back every table identical; restore never overwrites silently."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from queries import backup, imports
from tests.conftest import ROOT, dump

CASES = Path(__file__).resolve().parent / "cases" / "imports"


def cli(*args, db=None):
    cmd = [sys.executable, "-m", "queries.cli"] + (["--db", str(db)] if db else [])
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=ROOT)


@pytest.fixture()
def db(store_path, tmp_path) -> Path:
    target = tmp_path / "store.duckdb"
    shutil.copy(store_path, target)
    imports.import_file(target, CASES / "good_cp1252_semicolon.csv", actor="test")  # supersedes a catalogue row
    return target


def test_round_trip_is_identical(db, tmp_path):
    out = tmp_path / "backup"
    r = cli("export", str(out), db=db)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    original = dump(db)
    assert set(manifest["tables"]) == set(original)
    assert all(manifest["tables"][t]["rows"] == len(rows) for t, rows in original.items())
    assert all(len(v["sha256"]) == 64 for v in manifest["tables"].values())
    restored = tmp_path / "restored.duckdb"
    r = cli("restore", str(out), db=restored)
    assert r.returncode == 0, r.stderr
    assert dump(restored) == original
    # the restored store keeps working: new ids continue after the restored ones
    res = imports.import_file(restored, CASES / "good_decimal_comma.csv", actor="test")
    assert res.added == 1


def test_restore_refuses_to_overwrite_without_force(db, tmp_path):
    out = tmp_path / "backup"
    backup.export_store(db, out)
    other = tmp_path / "other.duckdb"
    shutil.copy(db, other)
    imports.import_file(other, CASES / "good_decimal_comma.csv", actor="test")
    before = dump(other)
    r = cli("restore", str(out), db=other)
    assert r.returncode == 2 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert dump(other) == before
    r = cli("restore", str(out), "--force", db=other)
    assert r.returncode == 0, r.stderr
    assert dump(other) == dump(db)
    assert not list(tmp_path.glob(".other.duckdb.restore-*"))  # temp file renamed away


def test_damaged_backup_is_refused(db, tmp_path):
    out = tmp_path / "backup"
    backup.export_store(db, out)
    with open(out / "measurements.parquet", "ab") as f:
        f.write(b"x")
    target = tmp_path / "new.duckdb"
    r = cli("restore", str(out), db=target)
    assert r.returncode == 2 and "measurements.parquet" in r.stderr and "Traceback" not in r.stderr
    assert not target.exists()
