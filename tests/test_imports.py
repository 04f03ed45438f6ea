"""Imports of measurements: the battery of bad and good files in tests/cases/imports/index.csv.

A bad file gives exactly its expected problem codes and leaves the store unchanged; a good file
imports the expected numbers of new and superseding rows; a re-import changes nothing.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from queries import imports, store
from queries import upkeep
from queries.problems import InputError
from tests.conftest import ROOT, dump

CASES = Path(__file__).resolve().parent / "cases" / "imports"
INDEX = list(csv.DictReader(open(CASES / "index.csv", encoding="utf-8")))
BAD = [c for c in INDEX if c["expect"] == "bad"]
GOOD = [c for c in INDEX if c["expect"] == "good"]


@pytest.fixture()
def db(store_path, tmp_path) -> Path:
    """A private writable copy of the session store."""
    target = tmp_path / "store.duckdb"
    shutil.copy(store_path, target)
    return target


def cli(*args, db=None, lang=None, env=None):
    cmd = [sys.executable, "-m", "queries.cli"] + (["--db", str(db)] if db else []) + (["--lang", lang] if lang else [])
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)


def test_every_case_file_is_indexed():
    files = {p.name for p in CASES.iterdir() if p.name != "index.csv"}
    assert files == {c["file"] for c in INDEX}


@pytest.mark.parametrize("case", BAD, ids=[c["file"] for c in BAD])
def test_bad_file_reports_every_problem_and_writes_nothing(case, db):
    before = dump(db)
    with pytest.raises(InputError) as err:
        imports.import_file(db, CASES / case["file"], actor="test")
    codes = sorted(p.code for p in err.value.problems)
    assert codes == sorted(case["codes"].split()), err.value.message("en")
    for p in err.value.problems:
        assert p.file == case["file"]
        assert p.reason("da") != p.code and p.reason("en") != p.code  # a real text in both languages
    assert dump(db) == before


@pytest.mark.parametrize("case", GOOD, ids=[c["file"] for c in GOOD])
def test_good_file_imports_then_reimport_changes_nothing(case, db):
    result = imports.import_file(db, CASES / case["file"], actor="test")
    assert (result.added, result.superseded) == (int(case["new"]), int(case["superseding"]))
    after = dump(db)
    again = imports.import_file(db, CASES / case["file"], actor="test")
    assert again.already and dump(db) == after
    with store.reading(db) as con:
        n = con.execute("select count(*) from measurements where batch_id = ?", [result.batch_id]).fetchone()[0]
        assert n == result.added + result.superseded
        imp = con.execute("select content_hash, rows_added, rows_superseded from imports").fetchall()
        assert imp == [(result.content_hash, result.added + result.superseded, result.superseded)]
        audit = con.execute("select actor, object, detail from audit_log where action = 'import_measurements'").fetchall()
        assert len(audit) == 1 and audit[0][0] == "test" and audit[0][1] == case["file"]
        assert result.content_hash in audit[0][2]


def test_values_are_read_as_the_user_meant(db):
    imports.import_file(db, CASES / "good_cp1252_semicolon.csv", actor="test")
    imports.import_file(db, CASES / "good.xlsx", actor="test")
    imports.import_file(db, CASES / "good_numerator_only.csv", actor="test")
    with store.reading(db) as con:
        rows = dict(((t, str(d)), v) for t, d, v in con.execute(
            "select target_id, as_of, value from measurements where origin = 'import'").fetchall())
    assert rows[("bi07-veteraner-job-6m", "2024-03-31")] == 42.5           # decimal comma
    assert rows[("bi07-sundhed-antal-borgere", "2024-03-31")] == 1234      # Danish thousands in a ;-file
    assert rows[("bi07-veteraner-job-6m", "2024-09-30")] == 45             # Excel date cell
    assert rows[("bi07-sundhed-antal-borgere", "2024-09-30")] == 130       # Excel text date
    assert rows[("bi07-veteraner-job-6m", "2024-06-30")] == 25             # 9 of 36


def test_changed_value_supersedes_and_history_is_kept(db, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("target_id;as_of;value;source\nbi07-sundhed-antal-borgere;2024-01-31;100;LIS\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("target_id;as_of;value;source;note\nbi07-sundhed-antal-borgere;31-01-2024;110;LIS;rettet\n",
                      encoding="utf-8")
    imports.import_file(db, first, actor="test")
    with store.reading(db) as con:
        p = imports.plan(con, second)
    assert p.counts() == {"new": 0, "unchanged": 0, "superseding": 1}
    row = p.preview().row(0, named=True)
    assert (row["old_value"], row["value"]) == (100, 110)
    imports.commit(db, p, "test")
    with store.reading(db) as con:
        hist = con.execute("select measurement_id, value, supersedes from measurements "
                           "where target_id = 'bi07-sundhed-antal-borgere' and as_of = '2024-01-31' "
                           "order by measurement_id").fetchall()
        current = con.execute("select value from v_measurements where target_id = 'bi07-sundhed-antal-borgere' "
                              "and as_of = '2024-01-31' and not superseded").fetchall()
    assert [h[1] for h in hist] == [100, 110] and hist[1][2] == hist[0][0]
    assert current == [(110,)]
    # a third file with the same values as now: everything unchanged, nothing written but the import record
    third = tmp_path / "c.csv"
    third.write_text("mål_id;dato;værdi;kilde\nbi07-sundhed-antal-borgere;31.01.2024;110,0;LIS\n", encoding="utf-8")
    r = imports.import_file(db, third, actor="test")
    assert (r.added, r.superseded, r.unchanged) == (0, 0, 1)


def test_catalogue_reload_keeps_a_correction(db):
    imports.import_file(db, CASES / "good_cp1252_semicolon.csv", actor="test")
    before = dump(db)
    upkeep.init(db, actor="test")
    assert dump(db)["measurements"] == before["measurements"]


def test_cli_bad_file_danish_and_english_no_trace(db):
    before = dump(db)
    r = cli("import", "measurements", str(CASES / "bad_many.csv"), "--yes", db=db)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "bad_many.csv, række 3, kolonne mål_id (værdi: ukendt): ukendt mål-id" in r.stderr
    assert "intet er importeret" in r.stderr
    en = cli("import", "measurements", str(CASES / "bad_many.csv"), "--yes", db=db, lang="en")
    assert en.returncode == 2 and "unknown target id" in en.stderr and "row 3" in en.stderr
    assert dump(db) == before


def test_cli_dry_run_yes_and_reimport(db):
    f = str(CASES / "good_cp1252_semicolon.csv")
    before = dump(db)
    dry = cli("import", "measurements", f, "--dry-run", db=db)
    assert dry.returncode == 0 and "rækker: 2 nye, 1 rettet, 0 uændrede." in dry.stdout
    assert "74.0" in dry.stdout and "80.0" in dry.stdout
    assert dump(db) == before
    no_yes = cli("import", "measurements", f, db=db)  # not a terminal and no --yes: refuse
    assert no_yes.returncode != 0 and "--yes" in no_yes.stderr and dump(db) == before
    done = cli("import", "measurements", f, "--yes", db=db)
    assert done.returncode == 0, done.stderr
    assert "Importeret good_cp1252_semicolon.csv, rækker: 2 nye, 1 rettet, 0 uændrede (parti imp-" in done.stdout
    again = cli("import", "measurements", f, "--yes", db=db)
    assert again.returncode == 0
    # the time as the app writes it (DD-MM-YYYY HH:MM), not 2026-11-23 06:13:35.123456
    assert re.search(r"allerede importeret \(\d\d-\d\d-\d{4} \d\d:\d\d af \S+\); intet ændret\.", again.stdout), \
        again.stdout


@pytest.mark.parametrize("lang, counts, text", [
    ("da", (1, 1, 0), "Rækker: 1 ny, 1 rettet (gammel → ny), 0 uændrede."),
    ("da", (2, 3, 1), "Rækker: 2 nye, 3 rettede (gammel → ny), 1 uændret."),
    ("en", (1, 1, 1), "Rows: 1 new, 1 corrected (old → new), 1 unchanged."),
    ("en", (0, 2, 3), "Rows: 0 new, 2 corrected (old → new), 3 unchanged.")])
def test_import_counts_agree_with_their_number(lang, counts, text):
    """The walkthrough: '1 nye, 1 rettede (gammel → ny), 0 uændrede rækker'."""
    assert imports.counts_text("data.preview", lang, *counts) == text


def test_cli_progress_line_on_a_long_import(db, tmp_path):
    f = tmp_path / "long.csv"
    n = imports.CHUNK + 10
    df = pl.DataFrame({"target_id": ["bi07-sundhed-antal-borgere"] * n,
                       "as_of": pl.date_range(pl.date(1800, 1, 1), pl.date(1800, 1, 1) + pl.duration(days=n - 1),
                                              eager=True),
                       "value": list(range(n)), "source": ["LIS"] * n})
    df.write_csv(f, separator=";")
    r = cli("import", "measurements", str(f), "--yes", db=db)
    assert r.returncode == 0, r.stderr
    assert f"{n}/{n}" in r.stderr


ARM_WORDS = ("mål_id;dato;værdi;gruppe;kilde\n"
             "bi07-veteraner-job-6m;31-01-2024;40;Alle;LIS\n"
             "bi07-veteraner-job-6m;31-01-2024;45;INDSATSGRUPPE;LIS\n"
             "bi07-veteraner-job-6m;31-01-2024;35; kontrolgruppe ;LIS\n"
             "bi07-veteraner-job-6m;31-01-2024;10;Forskel (effekt);LIS\n"
             "bi07-veteraner-job-6m;29-02-2024;45;Treatment  group;LIS\n"
             "bi07-veteraner-job-6m;29-02-2024;35;control;LIS\n").encode()


def test_an_arm_may_be_written_as_the_page_shows_it(db):
    """The walkthrough: 'alle' was refused ('tilladt er: all, treatment, control, effect') though the
    form, preview and tables show 'Alle'. The labels in either language (any case) and the codes are read."""
    imports.import_file(db, ARM_WORDS, "arms.csv", actor="test")
    with store.reading(db) as con:
        assert con.execute("select as_of::varchar, arm, value from measurements where origin = 'import' "
                           "order by as_of, value").fetchall() == [
            ("2024-01-31", "effect", 10), ("2024-01-31", "control", 35), ("2024-01-31", "all", 40),
            ("2024-01-31", "treatment", 45), ("2024-02-29", "control", 35), ("2024-02-29", "treatment", 45)]


def test_an_unknown_arm_lists_the_words_to_write_in_the_readers_language(db):
    with pytest.raises(InputError) as err:
        imports.import_file(db, "mål_id;dato;værdi;gruppe;kilde\nbi07-veteraner-job-6m;31-01-2024;40;behandling;LIS\n"
                            .encode(), "arms.csv", actor="test")
    [problem] = err.value.problems
    assert (problem.row, problem.column, problem.code) == (2, "gruppe", "err.enum")
    assert problem.reason("da") == "ugyldig værdi; tilladt er: alle, indsatsgruppe, kontrolgruppe, forskel (effekt)"
    assert problem.reason("en") == \
        "invalid value; allowed: all, treatment group, control group, difference (effect)"
