"""Before/after: the same work timed on two revisions of Målbord, interleaved under the same load.

    python -m bench.bench_revisions                            # 00bbfdb against the working tree
    python -m bench.bench_revisions --before 00bbfdb --after HEAD --citizens 1000000 --runs 7

Each revision is unpacked (git archive) under --workdir, builds its own store with
its own `maalbord init` + `maalbord demo --citizens N --seed 1`, and runs in its own long-lived
Python process (a worker reading one command per line). Round by round, both workers do the same
step in turn — the order alternating between rounds — so that a ratio compares two runs made at
the same moment on a shared machine. The table gives each revision's median and the median of the
per-round ratios after / before (< 1 is faster). Steps:

- series: `compute.refresh_into` (every target's monthly series, compared and appended), rolled back;
- refresh: the same plus the after-write recomputation a `maalbord refresh` runs before commit
  (status, snapshots: `upkeep.after_write`, or `store.after_change` in earlier revisions), rolled back;
- page: one warm AppTest run of a management page (the server's time, as bench_pages measures it);
- new day (after only, when the revision has it): the first read of a day after the last write,
  `upkeep.ensure_current` on a read connection — the status recomputed for the day.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"Overblik": ("screens/overview.py", {}),
         "Indsats (BI07)": ("screens/initiative.py", {"id": "bi07-veteraner-koordination"}),
         "Indsats (business case)": ("screens/initiative.py", {"id": "bc2016-ressourceforloeb-forsoeg"}),
         "Opfølgning": ("screens/followup.py", {}),
         "Økonomi": ("screens/economy.py", {})}

# Runs inside the revision's checkout (cwd first on sys.path). Old and new module layouts both work.
WORKER = r'''
import datetime as dt, json, os, sys, time
from pathlib import Path
db = Path(sys.argv[1]); pages = json.loads(sys.argv[2])
os.environ["MAALBORD_DB"] = str(db)
from queries import compute, store
from bench.bench_refresh import AS_OF
try:
    from queries.upkeep import after_write as hook, ensure_current
except ImportError:
    from queries.store import after_change as hook
    ensure_current = None
from streamlit import config
config.set_option("server.address", "127.0.0.1")
from streamlit.testing.v1 import AppTest
tests = {}

def rolled_back(with_hook):
    con = store.connect(db)
    try:
        con.execute("begin transaction")
        rows = compute.refresh_into(con, AS_OF, "bench")["computed"]
        if with_hook:
            hook(con)
    finally:
        con.execute("rollback"); con.close()
    return rows

def new_day():
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        ensure_current(con, dt.date.today() + dt.timedelta(days=400))
    finally:
        con.close()

def page(name):
    if name not in tests:
        path, params = pages[name]
        at = AppTest.from_file("dashboard/app.py", default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        if path != "screens/overview.py":
            at.run(); at.switch_page(path)
        at.run()  # warm-up: imports and the cache filled
        tests[name] = at
    at = tests[name]
    at.run()
    if at.exception:
        raise RuntimeError(f"{name}: {[e.value for e in at.exception]}")

steps = {"series": lambda: rolled_back(False), "refresh": lambda: rolled_back(True)}
if ensure_current is not None:
    steps["new day"] = new_day
print(json.dumps({"ready": sorted(steps)}), flush=True)
for line in sys.stdin:
    step = line.strip()
    try:
        fn = (lambda: page(step[5:])) if step.startswith("page:") else steps[step]
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "out": out}), flush=True)
    except Exception as e:  # report to the driver, which stops with the message
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
'''


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def checkout(rev: str, workdir: Path) -> tuple[str, Path, str]:
    """(label, folder, store name) of a revision: '.' is the working tree itself (its store is
    named after HEAD, so a commit gets a new one)."""
    if rev == ".":
        head = git("rev-parse", "--short", "HEAD")
        return f"working tree ({head}+)", ROOT, f"worktree-{head}"
    sha = git("rev-parse", "--short", rev)
    folder = workdir / f"rev-{sha}"
    if not folder.exists():  # the revision's files only (git archive): no worktree left registered
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return sha, folder, folder.name


def build_store(folder: Path, db: Path, citizens: int) -> None:
    if db.exists():
        return
    for args in (("init",), ("demo", "--citizens", str(citizens), "--seed", "1")):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "queries.cli", "--db", str(db), *args], cwd=folder,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{folder}: maalbord {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        print(f"  {folder.name}: maalbord {' '.join(args)} {time.perf_counter() - t0:.1f} s", flush=True)


class Worker:
    def __init__(self, folder: Path, db: Path):
        self.log = db.with_suffix(".worker.log")  # the worker's stderr (streamlit's bare-mode warnings)
        with self.log.open("w") as err:
            self.proc = subprocess.Popen([sys.executable, "-c", WORKER, str(db), json.dumps(PAGES)], cwd=folder,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                                         env={**os.environ, "PYTHONPATH": str(folder)})
        ready = self.proc.stdout.readline()
        if not ready:
            raise SystemExit(f"the worker in {folder} did not start:\n{self.log.read_text()[-2000:]}")
        self.steps = json.loads(ready)["ready"]

    def run(self, step: str) -> dict:
        self.proc.stdin.write(step + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise SystemExit(f"{step}: {answer['error']}")
        return answer

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", default="00bbfdb", help="earlier revision (default: v1 before issues 18–20)")
    ap.add_argument("--after", default=".", help="later revision ('.' = the working tree)")
    ap.add_argument("--citizens", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/maalbord-revisions"))
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    revs = [checkout(r, args.workdir) for r in (args.before, args.after)]
    workers = []
    for _, folder, name in revs:
        db = args.workdir / f"{name}_{args.citizens}.duckdb"
        build_store(folder, db, args.citizens)
        workers.append(Worker(folder, db))
    steps = ["series", "refresh"] + [f"page:{p}" for p in PAGES]
    for step in ("series", *[f"page:{p}" for p in PAGES]):  # warm-up, and the series must agree
        outs = [w.run(step)["out"] for w in workers]
        if outs[0] != outs[1]:
            raise SystemExit(f"{step}: the revisions computed different results ({outs[0]} vs {outs[1]})")
    print(f"\n{args.citizens:,} synthetic citizens; {args.runs} interleaved rounds; "
          f"load average before {os.getloadavg()[0]:.1f}\n")
    times = {s: ([], []) for s in steps}
    for r in range(args.runs):
        for step in steps:
            order = (0, 1) if r % 2 == 0 else (1, 0)
            for i in order:
                times[step][i].append(workers[i].run(step)["wall"])
    print(f"| step | {revs[0][0]} median s | {revs[1][0]} median s | ratio after/before (median of rounds) "
          "| lowest–highest round |")
    print("|---|---:|---:|---:|---:|")
    for step, (a, b) in times.items():
        ratios = [y / x for x, y in zip(a, b)]
        print(f"| {step.removeprefix('page:')} | {statistics.median(a):.3f} | {statistics.median(b):.3f} | "
              f"{statistics.median(ratios):.2f} | {min(ratios):.2f}–{max(ratios):.2f} |")
    if "new day" in workers[1].steps:
        nd = [workers[1].run("new day")["wall"] for _ in range(args.runs)]
        print(f"| new day: first read after a day change ({revs[1][0]} only) | – | {statistics.median(nd):.3f} | – | – |")
    print(f"\nload average after {os.getloadavg()[0]:.1f}")
    for w in workers:
        w.close()
    return times


if __name__ == "__main__":
    main()
