"""Benchmark: importing a large measurements file (default 1,000,000 rows).

    python -m bench.bench_import [--rows N] [--keep DIR]

Builds a fresh store (catalogue only) in a temp dir, writes a ;-separated cp1252-free UTF-8 file with
Danish headers, dates dd-mm-yyyy and decimal commas (the slow path of the reader), then measures in
separate processes (so peak memory is per phase):
  plan      read + convert + validate + classify (what the preview costs)
  import    plan + commit in one transaction (what `maalbord import measurements --yes` costs)
  reimport  the same file again (recognised by its hash)
  bad       the same file with 1 % bad cells (time to list every problem)
Prints a table: phase, rows, seconds, peak RSS (MB). Not asserted anywhere; numbers go in the report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["bi07-sundhed-antal-borgere", "status2013-sundhed-sygemeldte-kontanthjaelp-henvist",
           "status2013-sundhed-sygemeldte-kontanthjaelp-styrkerum-borgere",
           "status2013-erhvervsrettet-genoptraening-inkluderet", "status2013-sundhed-ledige-unge-samtaler"]

CHILD = r"""
import json, resource, sys, time
from queries import imports, store
from queries import upkeep
phase, db, f = sys.argv[1:4]
t0 = time.perf_counter()
out = {}
if phase == "plan":
    with store.reading(db) as con:
        p = imports.plan(con, f)
    out = {"problems": len(p.problems), **p.counts()}
else:
    with store.reading(db) as con:
        p = imports.plan(con, f)
    if p.problems:
        out = {"problems": len(p.problems)}
    else:
        t1 = time.perf_counter()
        r = imports.commit(db, p, "bench")
        out = {"added": r.added, "already": r.already,
               "write_lock_s": round(time.perf_counter() - t1, 2)}  # the write transaction only
out["seconds"] = round(time.perf_counter() - t0, 2)
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(out))
"""


def make_file(path: Path, rows: int, bad_share: float = 0.0) -> None:
    per = -(-rows // len(TARGETS))
    start = pl.date(1900, 1, 1)
    dates = pl.date_range(start, start + pl.duration(days=per - 1), eager=True).dt.strftime("%d-%m-%Y")
    df = pl.DataFrame({
        "mål_id": [t for t in TARGETS for _ in range(per)],
        "dato": pl.concat([dates] * len(TARGETS)),
        "værdi": [f"{i % 1000},{i % 10}" for i in range(per * len(TARGETS))],
        "kilde": ["LIS udtræk"] * (per * len(TARGETS)),
    }).head(rows)
    if bad_share:
        every = int(1 / bad_share)
        df = df.with_row_index("_i").with_columns(
            pl.when(pl.col("_i") % every == 0).then(pl.lit("ukendt")).otherwise(pl.col("værdi")).alias("værdi")
        ).drop("_i")
    df.write_csv(path, separator=";")


def child(phase: str, db: Path, f: Path) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD, phase, str(db), str(f)], cwd=ROOT, capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    return json.loads(r.stdout)


def main(argv: list[str] | None = None) -> list[tuple[str, dict]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", help="keep the store and files in this directory")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_import_"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from queries import upkeep
    db = work / "store.duckdb"
    db.unlink(missing_ok=True)
    upkeep.init(db, actor="bench")
    good, bad = work / "measurements.csv", work / "measurements_bad.csv"
    t0 = time.perf_counter()
    make_file(good, args.rows)
    make_file(bad, args.rows, bad_share=0.01)
    gen = time.perf_counter() - t0
    size = good.stat().st_size / 1e6
    results = [
        ("plan (read+validate+preview)", child("plan", db, good)),
        ("import (plan+commit)", child("import", db, good)),
        ("re-import (hash known)", child("import", db, good)),
        ("bad file, 1 % bad cells", child("import", db, bad)),
    ]
    print(f"rows: {args.rows:,}   file: {size:.1f} MB   (files generated in {gen:.1f} s; store {db})")
    print(f"{'phase':32} {'seconds':>8} {'peak RSS MB':>12}  result")
    for name, r in results:
        rest = {k: v for k, v in r.items() if k not in ("seconds", "peak_rss_mb")}
        print(f"{name:32} {r['seconds']:>8} {r['peak_rss_mb']:>12}  {rest}")
    return results


if __name__ == "__main__":
    main()
