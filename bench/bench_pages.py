"""Server time per management page, through streamlit's AppTest, on a store with synthetic citizens.

    python -m bench.bench_pages                      # 1,000,000 citizens (builds the store once)
    python -m bench.bench_pages --citizens 20000 --runs 7

The store is built with `maalbord init` + `maalbord demo --citizens N` (issue 3) and kept in
bench/.cache/ so later runs reuse it. Each page is run once to warm the cache (the first, "cold"
time is printed too), then --runs times; the median of those is the page's server time — what a
user waits for after the first visit. Pages only read small precomputed tables (v_targets,
v_measurements, v_budget), never microdata, so the time should not grow with the citizen count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGES = {"Overblik": ("screens/overview.py", {}),
         "Indsats": ("screens/initiative.py", {"id": "bi07-veteraner-koordination"}),
         "Indsats (business case, 16 mål)": ("screens/initiative.py", {"id": "bc2016-ressourceforloeb-forsoeg"}),
         "Opfølgning": ("screens/followup.py", {}),
         "Økonomi": ("screens/economy.py", {})}
GOALS = {"Overblik": 0.3, "Indsats": 0.3, "Indsats (business case, 16 mål)": 0.3}
DEFAULT_PAGE = "screens/overview.py"


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "queries.cli", "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True)


def demo_available() -> bool:
    return _cli("demo", "--help", db=Path("unused.duckdb")).returncode == 0


def build_store(db: Path, citizens: int) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    for args in (("init",), ("demo", "--citizens", str(citizens))):
        t0 = time.perf_counter()
        done = _cli(*args, db=db)
        if done.returncode != 0:
            raise SystemExit(f"'maalbord {' '.join(args)}' failed:\n{done.stdout}\n{done.stderr}")
        print(f"  maalbord {' '.join(args)}: {time.perf_counter() - t0:.1f} s", flush=True)


def time_page(page: str, params: dict, runs: int) -> tuple[float, float, list[float]]:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("server.address", "127.0.0.1")  # as `maalbord serve` runs local mode (dashboard/auth.py)

    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    if page != DEFAULT_PAGE:
        at.run()  # the default page first, as a browser would
        at.switch_page(page)
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    if at.exception or at.error:
        raise SystemExit(f"{page} failed: {[e.value for e in at.exception] + [e.value for e in at.error]}")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return cold, statistics.median(times), times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--citizens", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7, help="timed runs per page after the warm-up (≥ 5)")
    ap.add_argument("--db", type=Path, default=None, help="use this store instead of building one")
    args = ap.parse_args(argv)
    db = args.db or ROOT / "bench" / ".cache" / f"pages_{args.citizens}.duckdb"
    if not db.exists():
        if not demo_available():
            print("maalbord demo is not available yet (issue 3): cannot build a store with "
                  f"{args.citizens:,} synthetic citizens. Pass --db to time another store.")
            return 2
        print(f"Building {db} with {args.citizens:,} synthetic citizens …", flush=True)
        build_store(db, args.citizens)
    os.environ["MAALBORD_DB"] = str(db)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        citizens = con.execute("select count(*) from citizens").fetchall()[0][0] if "citizens" in tables else 0
        measurements = con.execute("select count(*) from measurements").fetchall()[0][0]
    print(f"store {db.name}: {citizens:,} citizens, {measurements:,} measurements; "
          f"median of {args.runs} runs after a warm-up\n")
    print(f"| side | første (kold) s | median s | min s | max s | mål s |")
    print(f"|---|---|---|---|---|---|")
    worst = 0
    for name, (page, params) in PAGES.items():
        cold, median, times = time_page(page, params, max(args.runs, 5))
        goal = GOALS.get(name)
        print(f"| {name} | {cold:.3f} | {median:.3f} | {min(times):.3f} | {max(times):.3f} | "
              f"{goal if goal else '–'} |", flush=True)
        if goal and median > goal:
            worst = 1
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
