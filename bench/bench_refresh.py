"""Benchmark of `refresh` (every computed target, full monthly series) against the same KPIs
written idiomatically in pandas and in SQLite (with indexes), and against the floor: a plain
DuckDB scan of the columns the KPIs read. Prints a table; not a test.

    python -m bench.bench_refresh --sizes 100000 1000000 5000000 --runs 3 [--sqlite-max 1000000] [--write-doc]

Each size gets its own store (catalogue + `demo` microdata, seed 1) under --workdir. The numbers
(denominator, numerator, pending per target, arm and month-end) of pandas and SQLite are checked
equal to the project's series before any time is reported. pandas and SQLite start from data
already loaded (in memory / in their own indexed file): load time is not counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from queries import compute, demo, store
from queries import upkeep

AS_OF = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parent.parent


# --- shared: month-end bucketing and cumulative counts (tiny; same for pandas and SQLite) -------

def month_grid(first_day: dt.date, as_of: dt.date) -> list[dt.date]:
    out, y, m = [], first_day.year, first_day.month
    while dt.date(y, m, 1) <= as_of:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), as_of))
        y, m = nxt.year, nxt.month
    return out


def cumulate(entered: dict, matured: dict, grid: list[dt.date]) -> list[tuple]:
    """entered/matured: bucket date -> count / (n, sum_y). Returns (as_of, n, sum_y, pending)."""
    rows, ne, n, sy = [], 0, 0, 0.0
    for d in grid:
        ne += entered.get(d, 0)
        mn, ms = matured.get(d, (0, 0.0))
        n, sy = n + mn, sy + ms
        rows.append((d, n, sy, ne - n))
    return rows


def targets_and_starts(con) -> tuple[list[dict], dict]:
    targets = compute.computed_targets(con)
    starts = {r[0]: r[1] for r in con.execute("""
        select i.initiative_id, least(coalesce(i.period_start, m.s), m.s) from initiatives i
        join (select initiative_id, min(start_date) s from enrolments group by 1) m using (initiative_id)""").fetchall()}
    return targets, starts


def arm_labels(t: dict) -> tuple[list[str], bool]:
    arms = (t["arms"] or "treatment").split(",")
    if t["measure"] == "effect":
        return ["treatment", "control"], True
    return arms, False


# The interchange columns (the CSV format); the store's citizen_key is the project's own join key.
COLUMNS = {
    "enrolments": ("enrolment_id", "citizen_id", "initiative_id", "arm", "start_date", "end_date", "completed"),
    "spells": ("citizen_id", "state", "from_date", "to_date"),
    "events": ("citizen_id", "kind", "date", "value"),
}


# --- pandas ----------------------------------------------------------------------------------

def load_pandas(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    # through Arrow: DuckDB's .df() peaks at ~5x the frame's size (6 GB for 1.1 GB of spells at 1M),
    # which ran 5M out of memory before the KPIs started; this way the peak is ~1.6x
    frames = {t: con.sql(f"select {', '.join(cols)} from {t}").to_arrow_table().to_pandas(date_as_object=False)
              for t, cols in COLUMNS.items()}
    targets, starts = targets_and_starts(con)
    con.close()
    for f in frames.values():
        for c in f.columns:
            if c.endswith("date") or c == "date":
                f[c] = pd.to_datetime(f[c])
    return {**frames, "targets": targets, "starts": starts}


def pandas_kpis(data: dict, as_of: dt.date = AS_OF) -> dict:
    enr, spells, events = data["enrolments"], data["spells"], data["events"]
    as_of_ts = pd.Timestamp(as_of)
    out = {}
    for t in data["targets"]:
        arms, split = arm_labels(t)
        e = enr[(enr.initiative_id == t["initiative_id"]) & enr.arm.isin(arms)].copy()
        e["label"] = e.arm if split else "all"
        k = pd.DateOffset(months=int(t["offset_months"] or 0))
        states = (t["states"] or "").split(",")
        if t["measure"] != "retention":
            if t["anchor"] == "start":
                e["anchor"] = e.start_date
            elif t["anchor"] == "end":
                e["anchor"] = e.end_date.where(e.completed)
            else:
                ev = events[events.kind == t["event_kind"]].merge(e[["enrolment_id", "citizen_id", "start_date", "end_date"]],
                                                                  on="citizen_id")
                ev = ev[(ev.date >= ev.start_date) & (ev.end_date.isna() | (ev.date <= ev.end_date))]
                e["anchor"] = e.enrolment_id.map(ev.groupby("enrolment_id").date.min())
            e = e[e.anchor.notna()]
            e["mature"] = e.anchor + k
            if t["outcome"] is None:
                s = spells[spells.state.isin(states)].merge(e[["enrolment_id", "citizen_id", "mature"]], on="citizen_id")
                hit = s[(s.from_date <= s.mature) & (s.to_date.isna() | (s.mature <= s.to_date))].enrolment_id.unique()
                e["y"] = e.enrolment_id.isin(hit).astype(float)
            else:
                v = events[events.kind == t["outcome"]].merge(e[["enrolment_id", "citizen_id", "anchor", "mature"]],
                                                              on="citizen_id")
                v = v[(v.date >= v.anchor) & (v.date < v.mature)]
                if t["outcome"].endswith("_days"):
                    e["y"] = e.enrolment_id.map(v.value.fillna(1).groupby(v.enrolment_id).sum()).fillna(0.0)
                else:
                    e["y"] = e.enrolment_id.isin(v.enrolment_id.unique()).astype(float)
        else:
            # the cohort's counted spells, not those that ended before the citizen's first start (as in
            # series.sql and the SQLite version: an island holding j is the same without them)
            first_start = e.groupby("citizen_id").start_date.min()
            s = spells[spells.state.isin(states) & spells.citizen_id.isin(e.citizen_id)].copy()
            s = s[s.to_date.isna() | (s.to_date >= s.citizen_id.map(first_start))]
            s["to_date"] = s.to_date.fillna(pd.Timestamp("2262-01-01"))
            s = s.sort_values(["citizen_id", "from_date", "to_date"])
            prev_end = s.groupby("citizen_id").to_date.transform(lambda x: x.cummax().shift())
            s["island"] = (prev_end.isna() | (s.from_date > prev_end + pd.Timedelta(days=1))).astype(int)
            s["island"] = s.groupby("citizen_id").island.cumsum()
            spans = s.groupby(["citizen_id", "island"]).agg(i_start=("from_date", "min"), i_end=("to_date", "max")).reset_index()
            j = s[["citizen_id", "from_date"]].merge(e[["enrolment_id", "citizen_id", "start_date", "end_date", "label"]],
                                                    on="citizen_id")
            j = j[(j.from_date >= j.start_date) & (j.end_date.isna() | (j.from_date <= j.end_date))]
            j = j.groupby(["enrolment_id", "citizen_id", "label"]).from_date.min().rename("anchor").reset_index()
            j = j.merge(spans, on="citizen_id")
            j = j[(j.i_start <= j.anchor) & (j.anchor <= j.i_end)]
            j["mature"] = j.anchor + k
            j["y"] = (j.i_end >= j.mature).astype(float)
            e = j
        first = data["starts"][t["initiative_id"]]
        grid = month_grid(first, as_of)
        for label in (["treatment", "control"] if split else ["all"]):
            g = e[e.label == label]
            ent = g[g.anchor <= as_of_ts].anchor
            ent_b = np.minimum((ent + pd.offsets.MonthEnd(0)).dt.date, as_of)
            mat = g[g.mature <= as_of_ts]
            mat_b = np.minimum((mat.mature + pd.offsets.MonthEnd(0)).dt.date, as_of)
            entered = ent_b.value_counts().to_dict()
            matured = {d: (len(x), float(x.sum())) for d, x in mat.y.groupby(mat_b.values)}
            for row in cumulate(entered, matured, grid):
                out[(t["target_id"], label, row[0])] = row[1:]
    return out


# --- SQLite ----------------------------------------------------------------------------------

def build_sqlite(db: Path, path: Path) -> None:
    if path.exists():
        path.unlink()
    src = duckdb.connect(str(db), read_only=True)
    lite = sqlite3.connect(path)
    lite.executescript("""
        create table enrolments (enrolment_id text primary key, citizen_id text, initiative_id text, arm text,
                                 start_date text, end_date text, completed integer);
        create table spells (citizen_id text, state text, from_date text, to_date text);
        create table events (citizen_id text, kind text, date text, value real);
        create table initiatives (initiative_id text primary key, period_start text);""")
    for table, names in COLUMNS.items():
        cur = src.execute(f"select {', '.join(names)} from {table}")
        while batch := cur.fetchmany(200_000):
            lite.executemany(f"insert into {table} values ({','.join('?' * len(names))})",
                             [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in r) for r in batch])
    lite.executemany("insert into initiatives values (?, ?)",
                     [(a, b.isoformat() if b else None) for a, b in src.execute(
                         "select initiative_id, period_start from initiatives").fetchall()])
    lite.executescript("""
        create index spells_citizen on spells (citizen_id, state, from_date, to_date);
        create index enrolments_initiative on enrolments (initiative_id, arm);
        create index events_citizen on events (citizen_id, kind, date, value);
        analyze;""")
    lite.commit()
    lite.close()
    src.close()


ADD_MONTHS = "min(date({x}, '+{k} months'), date({x}, 'start of month', '+{k1} months', '-1 day'))"
BUCKET = "min(date({x}, 'start of month', '+1 month', '-1 day'), :as_of)"


def sqlite_kpis(path: Path, targets: list[dict], starts: dict, as_of: dt.date = AS_OF) -> dict:
    lite = sqlite3.connect(path)
    out = {}
    for t in targets:
        arms, split = arm_labels(t)
        k = int(t["offset_months"] or 0)
        states = (t["states"] or "").split(",")
        p = {"iid": t["initiative_id"], "as_of": as_of.isoformat(), "ek": t["event_kind"], "oc": t["outcome"]}
        st_in = ",".join(f":s{i}" for i in range(len(states)))
        p.update({f"s{i}": s for i, s in enumerate(states)})
        arm_in = ",".join(f":a{i}" for i in range(len(arms)))
        p.update({f"a{i}": a for i, a in enumerate(arms)})
        label = "arm" if split else "'all'"
        lite.execute("drop table if exists o")
        if t["measure"] != "retention":
            anchor = {"start": "start_date", "end": "case when completed then end_date end",
                      "event": """(select min(v.date) from events v where v.citizen_id = e.citizen_id and v.kind = :ek
                                   and v.date >= e.start_date and (e.end_date is null or v.date <= e.end_date))"""}[t["anchor"]]
            if t["outcome"] is None:
                y = f"""exists (select 1 from spells s where s.citizen_id = c.citizen_id and s.state in ({st_in})
                        and s.from_date <= c.mature and (s.to_date is null or c.mature <= s.to_date))"""
            elif t["outcome"].endswith("_days"):
                y = """coalesce((select sum(coalesce(v.value, 1)) from events v where v.citizen_id = c.citizen_id
                        and v.kind = :oc and v.date >= c.anchor and v.date < c.mature), 0)"""
            else:
                y = """exists (select 1 from events v where v.citizen_id = c.citizen_id and v.kind = :oc
                        and v.date >= c.anchor and v.date < c.mature)"""
            lite.execute(f"""create temp table o as
                select label, anchor, mature, {y} as y from (
                    select e.citizen_id, {label} as label, a.anchor, {ADD_MONTHS.format(x='a.anchor', k=k, k1=k + 1)} as mature
                    from enrolments e join (select enrolment_id, {anchor} as anchor from enrolments e
                                            where initiative_id = :iid and arm in ({arm_in})) a using (enrolment_id)
                    where a.anchor is not null) c""", p)
        else:
            lite.execute(f"""create temp table o as
                with counted as (
                    -- the cohort's counted spells, not those that ended before the citizen's first start: an
                    -- island holding j is the same without them (series.sql makes the same cut)
                    select s.citizen_id, s.from_date, coalesce(s.to_date, '9999-12-31') as to_date
                    from (select citizen_id, min(start_date) as first_start from enrolments
                          where initiative_id = :iid and arm in ({arm_in}) group by citizen_id) c
                    join spells s on s.citizen_id = c.citizen_id
                    where s.state in ({st_in}) and (s.to_date is null or s.to_date >= c.first_start)),
                flagged as (
                    select *, case when prev_end is null or from_date > date(prev_end, '+1 day') then 1 else 0 end as new
                    from (select *, max(to_date) over (partition by citizen_id order by from_date, to_date
                                    rows between unbounded preceding and 1 preceding) as prev_end from counted)),
                islands as (
                    select citizen_id, min(from_date) as i_start, max(to_date) as i_end from (
                        select *, sum(new) over (partition by citizen_id order by from_date, to_date rows unbounded preceding) as island
                        from flagged) group by citizen_id, island),
                firsts as (
                    select e.citizen_id, {label} as label,
                        (select min(k.from_date) from counted k where k.citizen_id = e.citizen_id and k.from_date >= e.start_date
                           and (e.end_date is null or k.from_date <= e.end_date)) as j
                    from enrolments e where initiative_id = :iid and arm in ({arm_in}))
                select f.label, f.j as anchor, {ADD_MONTHS.format(x='f.j', k=k, k1=k + 1)} as mature,
                       i.i_end >= {ADD_MONTHS.format(x='f.j', k=k, k1=k + 1)} as y
                from firsts f join islands i on i.citizen_id = f.citizen_id and f.j between i.i_start and i.i_end
                where f.j is not null""", p)
        grid = month_grid(starts[t["initiative_id"]], as_of)
        entered, matured = {}, {}
        for lab, b, n in lite.execute(f"select label, {BUCKET.format(x='anchor')}, count(*) from o where anchor <= :as_of "
                                      "group by 1, 2", p):
            entered.setdefault(lab, {})[dt.date.fromisoformat(b)] = n
        for lab, b, n, sy in lite.execute(f"select label, {BUCKET.format(x='mature')}, count(*), sum(y) from o "
                                          "where mature <= :as_of group by 1, 2", p):
            matured.setdefault(lab, {})[dt.date.fromisoformat(b)] = (n, float(sy))
        for lab in (["treatment", "control"] if split else ["all"]):
            for row in cumulate(entered.get(lab, {}), matured.get(lab, {}), grid):
                out[(t["target_id"], lab, row[0])] = row[1:]
    lite.close()
    return out


# --- the project and the floor ---------------------------------------------------------------

def project_kpis(db: Path) -> dict:
    with store.reading(db) as con:
        df = compute.series(con, AS_OF)
    out = {}
    for r in df.filter(df["arm"] != "effect").iter_rows(named=True):
        sum_y = r["numerator"] if r["numerator"] is not None else (r["value"] or 0) * r["denominator"]
        out[(r["target_id"], r["arm"], r["as_of"])] = (r["denominator"], sum_y, r["pending"])
    return out


def time_refresh(db: Path) -> None:
    """The project's refresh — compute every series and append the rows — rolled back afterwards
    so every run does the full work."""
    con = store.connect(db)
    try:
        con.execute("begin transaction")
        compute.refresh_into(con, AS_OF, "bench")
    finally:
        con.execute("rollback")
        con.close()


FLOOR = """
select * from
  (select max(citizen_key), max(state), max(from_date), max(to_date) from spells),
  (select max(enrolment_id), max(citizen_key), max(initiative_id), max(arm), max(start_date), max(end_date),
          bool_or(completed) from enrolments),
  (select max(citizen_key), max(kind), max(date), sum(value) from events)
"""
# The floor as measured until 2026-11-22: `count(citizen_id)` of a NOT NULL column and `count(completed)`
# read no data in DuckDB, so it scanned every column the KPIs read except the citizen key. Kept
# for comparison with the earlier tables only.
FLOOR_NO_KEY = """
select * from
  (select count(citizen_id), max(state), max(from_date), max(to_date) from spells),
  (select count(citizen_id), max(initiative_id), max(arm), max(start_date), max(end_date), count(completed) from enrolments),
  (select count(citizen_id), max(kind), max(date), sum(value) from events)
"""


def time_floor(db: Path, sql: str = FLOOR) -> None:
    """One plain scan of the columns refresh reads (citizen_key, not the CSV's citizen_id)."""
    con = duckdb.connect(str(db), read_only=True)
    con.execute(sql).fetchall()
    con.close()


def rounds(fns: dict, runs: int) -> tuple[dict, dict]:
    """Run every function once per round, round by round, so that all see the same load. Returns
    (wall-clock seconds, process CPU seconds — all DuckDB threads) per function, a list each."""
    wall, cpu = {k: [] for k in fns}, {k: [] for k in fns}
    for _ in range(runs):
        for k, fn in fns.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            wall[k].append(time.perf_counter() - t)
            cpu[k].append(time.process_time() - c)
    return wall, cpu


def interleaved(fns: dict, runs: int) -> dict:
    """Median wall-clock seconds of each function, run round by round (`rounds`)."""
    return {k: statistics.median(v) for k, v in rounds(fns, runs)[0].items()}


def same(a: dict, b: dict, name: str) -> None:
    assert a.keys() == b.keys(), f"{name}: keys differ ({len(a)} vs {len(b)}): {sorted(set(a) ^ set(b))[:5]}"
    bad = [k for k in a if any(abs((x or 0) - (y or 0)) > 1e-6 for x, y in zip(a[k], b[k]))]
    assert not bad, f"{name}: {len(bad)} figures differ, e.g. {bad[0]}: {a[bad[0]]} vs {b[bad[0]]}"


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def paired(baseline, refresh, runs: int) -> tuple[float, float]:
    """Each run of the baseline between two runs of refresh, so that a ratio compares runs made at
    the same moment (on a shared machine the speed drifts over minutes; a baseline timed minutes
    after refresh measured the drift as well). Returns (median seconds of the baseline, median over
    runs of baseline ÷ the mean of the refresh just before and just after it)."""
    seconds, ratios = [], []
    for _ in range(runs):
        before, base, after = timed(refresh), timed(baseline), timed(refresh)
        seconds.append(base)
        ratios.append(base / ((before + after) / 2))
    return statistics.median(seconds), statistics.median(ratios)


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, pandas {pd.__version__}, "
            f"SQLite {sqlite3.sqlite_version}; load average at the end {load[0]:.1f} (machine shared)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sqlite-max", type=int, default=1_000_000, help="largest size SQLite is run at")
    ap.add_argument("--pandas-max", type=int, default=5_000_000, help="largest size pandas is run at")
    ap.add_argument("--sqlite-runs", type=int, default=None, help="runs for SQLite (default --runs)")
    ap.add_argument("--quick-runs", type=int, default=9,
                    help="rounds for refresh and the floors, interleaved (at least --runs)")
    ap.add_argument("--workdir", default="/tmp/maalbord-bench")
    ap.add_argument("--write-doc", action="store_true", help="write the table to docs/performance.md")
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        db = work / f"bench_{n}.duckdb"
        fresh = not db.exists()
        upkeep.init(db, actor="bench")  # a store kept from an earlier run: this version's schema and views
        if fresh:
            t = time.perf_counter()
            with store.writing(db) as con:
                counts = demo.generate(con, n, 1)
            print(f"[{n:,}] generated {counts} in {time.perf_counter() - t:.1f} s", flush=True)
        with store.reading(db) as con:
            counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in ("enrolments", "spells")}
        row = {"n": n, **counts}
        reference = project_kpis(db)
        row.update(interleaved({"refresh": lambda: time_refresh(db), "floor": lambda: time_floor(db),
                                "floor_no_key": lambda: time_floor(db, FLOOR_NO_KEY)}, max(args.runs, args.quick_runs)))
        print(f"[{n:,}] refresh {row['refresh']:.2f} s, floor {row['floor']:.2f} s "
              f"(without the key column {row['floor_no_key']:.2f} s)", flush=True)
        if n <= args.pandas_max:
            data = load_pandas(db)
            same(pandas_kpis(data), reference, "pandas")
            row["pandas"], row["pandas_ratio"] = paired(lambda: pandas_kpis(data), lambda: time_refresh(db), args.runs)
            del data
            print(f"[{n:,}] pandas {row['pandas']:.2f} s (checked equal); paired {row['pandas_ratio']:.1f}×, "
                  f"against the interleaved refresh median {row['pandas'] / row['refresh']:.1f}×", flush=True)
        if n <= args.sqlite_max:
            lite = work / f"bench_{n}.sqlite"
            if not lite.exists():
                t = time.perf_counter()
                build_sqlite(db, lite)
                print(f"[{n:,}] SQLite file built in {time.perf_counter() - t:.0f} s", flush=True)
            with store.reading(db) as con:
                targets, starts = targets_and_starts(con)
            same(sqlite_kpis(lite, targets, starts), reference, "sqlite")
            row["sqlite"], row["sqlite_ratio"] = paired(lambda: sqlite_kpis(lite, targets, starts),
                                                        lambda: time_refresh(db), args.sqlite_runs or args.runs)
            print(f"[{n:,}] SQLite {row['sqlite']:.2f} s (checked equal); paired {row['sqlite_ratio']:.1f}×, "
                  f"against the interleaved refresh median {row['sqlite'] / row['refresh']:.1f}×", flush=True)
        results.append(row)
    text = table(results, args.runs, max(args.runs, args.quick_runs)) + "\n\nMachine: " + machine() + "\n"
    print(text)
    if args.write_doc:
        write_doc(text)


def table(results: list[dict], runs: int, rounds: int) -> str:
    lines = ["| citizens | enrolments | spells | refresh (s) | floor (s) | refresh / floor "
             "| floor without key (s) | refresh / it | pandas (s) | pandas / refresh | SQLite (s) | SQLite / refresh |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lite = f"{r['sqlite']:.2f} | {r['sqlite_ratio']:.1f}×" if "sqlite" in r else "not run | –"
        pand = f"{r['pandas']:.2f} | {r['pandas_ratio']:.1f}×" if "pandas" in r else "not run | –"
        lines.append(f"| {r['n']:,} | {r['enrolments']:,} | {r['spells']:,} | {r['refresh']:.2f} | {r['floor']:.2f} | "
                     f"{r['refresh'] / r['floor']:.1f}× | {r['floor_no_key']:.2f} | {r['refresh'] / r['floor_no_key']:.1f}× | "
                     f"{pand} | {lite} |")
    if len(results) > 1:
        a, b = results[-2], results[-1]
        lines.append(f"\nGrowth {b['n']:,} / {a['n']:,} citizens: refresh {b['refresh'] / a['refresh']:.1f}× "
                     f"(data {b['spells'] / a['spells']:.1f}×).")
    lines.append(f"\nMedians (wall clock) of {runs} runs for pandas and SQLite; refresh and the floors "
                 f"interleaved round by round, {rounds} rounds. pandas / refresh and SQLite / refresh are "
                 f"paired: the median over those runs of (the run's seconds ÷ the mean of a refresh run just "
                 f"before and one just after it), so that both sides of a ratio see the same machine.")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    path = ROOT / "docs" / "performance.md"
    head = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    marker = "## Refresh"
    before, _, rest = head.partition(marker) if marker in head else (head, "", "")
    after = ("\n## " + rest.split("\n## ", 1)[1]) if "\n## " in rest else ""  # keep the other sections
    command = "python -m bench.bench_refresh " + " ".join(sys.argv[1:])
    section = marker + "\n\n" + f"Measured {dt.date.today()} with `{command}`.\n\n" + text + "\n"
    path.write_text(before.rstrip() + "\n\n" + section + after, encoding="utf-8")


if __name__ == "__main__":
    main()
