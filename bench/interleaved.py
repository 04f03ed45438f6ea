"""Before/after under the same load: the floor, refresh with an earlier series.sql and refresh now,
interleaved round by round (fresh connection each, as in bench_refresh), on one store. On a shared
machine this is fairer than comparing two benchmark runs made at different times.

    git show <commit>:queries/measures/series.sql > /tmp/old_series.sql
    python -m bench.interleaved /tmp/maalbord-bench/bench_1000000.duckdb /tmp/old_series.sql --runs 5

With --old-db, the earlier series.sql runs on another store (e.g. a copy with the spells in their
earlier physical order), and the floor is measured on both stores.
"""

from __future__ import annotations

import argparse
import os
import statistics
from pathlib import Path

from bench import bench_refresh as b
from queries import compute


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("old_sql", help="an earlier series.sql (must run on this store's schema)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--old-db", help="store for the earlier series.sql (default: db)")
    args = ap.parse_args()
    db, old_sql, new_sql = Path(args.db), Path(args.old_sql).read_text(encoding="utf-8"), compute.series_sql
    old_db = Path(args.old_db) if args.old_db else db

    def refresh(old: bool) -> None:
        compute.series_sql = (lambda: old_sql) if old else new_sql
        try:
            b.time_refresh(old_db if old else db)
        finally:
            compute.series_sql = new_sql

    fns = {"floor": lambda: b.time_floor(db), "refresh before": lambda: refresh(True), "refresh now": lambda: refresh(False)}
    if old_db != db:
        fns = {"floor (old db)": lambda: b.time_floor(old_db), **fns}
    print(f"load average before {os.getloadavg()[0]:.1f}")
    times, cpu = b.rounds(fns, args.runs)  # CPU seconds are steadier than wall under load
    floor = statistics.median(times["floor"])
    for k, v in times.items():
        print(f"{k:<15} min {min(v):.3f} s  median {statistics.median(v):.3f} s  median/floor "
              f"{statistics.median(v) / floor:.1f}x  CPU median {statistics.median(cpu[k]):.3f} s")
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
