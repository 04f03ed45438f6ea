"""maalbord demo: synthetic, clearly labelled microdata for every computed target's initiative.

Everything is generated in DuckDB SQL from a hash of (seed, row, purpose) — no Python loops, no
global random state — so the same seed gives the same data on any machine with the same DuckDB.
The SQL is one file per step, queries/statements/demo_NN_<step>.sql; this module holds the design
and runs the steps.
Volumes, dates and outcome rates follow the documents (see DESIGN below), tuned so that at
2026-11-22 some targets are met, some narrowly missed, some clearly missed and some not yet due:

- BI07 veterans (40 % in job/education 6 months after start): about 37 % -> narrowly missed.
- BI07 aftercare (50 % stay in job/education 5 months): about 56 % -> met.
- BI07 children of veterans (50 % leisure job/club 3 months after the kickoff event): about 31 %
  -> clearly missed.
- BI07 IPS-misbrug (50 % in job/education at completion): about 55 % -> met.
- BI07 health pilot (20 % in job 6 months after start): about 19 % -> narrowly missed.
- BI2 IPS: the expansion cohort starts from July 2025, so the 18-month figures are not yet due
  (pending); treatment 62 % vs control 47 % once they mature.
- Business case 2016: a randomised trial of about 100 + 100 citizens (capped at 200 whatever N):
  job +6 pp, flex job +3 pp, extended resource course -8 pp, admission days -6 per person,
  psychiatry contact -15 pp. Progression scores 1–5 for its sub-goals' dimensions (from the targets),
  quarterly while enrolled: the treatment arm's mean rises about 0.18 a quarter, the control's 0.07.
Citizens not enrolled anywhere make up the rest of the population (status spells only).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from queries import compute, microdata, store
from queries import upkeep
from queries.problems import InputError, Problem

TODAY = dt.date(2026, 11, 22)

# initiative_id: enrolment window, duration (days), share completed, randomised, and the outcome
# mix: probabilities of the state the citizen is in after the start (per arm for trials).
DESIGN = {
    "bi07-veteraner-koordination": dict(weight=0.05, start="2022-01-01", end="2025-12-31", dur=(90, 365), completed=0.8,
                                        p=dict(job=0.26, education=0.105)),
    "bi07-veteraner-eftervaern": dict(weight=0.03, start="2022-01-01", end="2025-12-31", dur=(120, 400), completed=0.8,
                                      retention=0.56),
    "bi07-boern-af-veteraner": dict(weight=0.04, start="2022-01-01", end="2025-12-31", dur=(120, 365), completed=0.8,
                                    kickoff=0.85, p=dict(leisure_job=0.19, club_activity=0.12)),
    "bi07-ips-misbrug": dict(weight=0.03, start="2022-01-01", end="2025-12-31", dur=(90, 300), completed=0.7,
                             p=dict(job=0.35, education=0.20)),
    "bi07-sundhedsindsats-sygedagpenge": dict(weight=0.10, start="2022-01-01", end="2025-12-31", dur=(90, 270),
                                              completed=0.75, p=dict(job=0.15, education=0.04)),
    "bi2-ips": dict(weight=0.03, start="2025-07-01", end="2026-11-15", dur=(180, 720), completed=0.6, randomised=True,
                    p=dict(job=0.45, education=0.17), pc=dict(job=0.34, education=0.13)),
    "bc2016-ressourceforloeb-forsoeg": dict(weight=0.01, cap=200, start="2016-10-01", end="2017-09-30", dur=(365, 730),
                                            completed=0.6, randomised=True,
                                            p=dict(job=0.20, flexjob=0.10, resource_course=0.42),
                                            pc=dict(job=0.14, flexjob=0.07, resource_course=0.50),
                                            admission=(0.40, 0.74), contact=(0.45, 0.60)),
}
STATES = ("job", "education", "flexjob", "resource_course", "leisure_job", "club_activity")
BACKGROUND = [("cash_benefit", 0.35), ("unemployment_benefit", 0.15), ("sickness_benefit", 0.12), ("job", 0.18),
              ("education", 0.08), ("resource_course", 0.06), ("flexjob", 0.03), ("disability_pension", 0.03)]
DISTRICTS = ("Indre By", "Østerbro", "Nørrebro", "Vesterbro/Kongens Enghave", "Valby", "Vanløse", "Brønshøj-Husum",
             "Bispebjerg", "Amager Øst", "Amager Vest")


def _design_rows(con, citizens: int) -> list[dict]:
    """DESIGN as rows of the temp table _cfg (demo_02_design.sql), for the initiatives in the store:
    each draws the citizens whose u(seed, i, 'init') falls in its [lo, hi)."""
    present = {r[0] for r in con.execute("select initiative_id from initiatives").fetchall()}
    rows, lo = [], 0.0
    for iid, d in DESIGN.items():
        if iid not in present:
            continue
        w = d["weight"] if "cap" not in d else min(d["weight"], d["cap"] / max(citizens, 1))
        p, pc = d.get("p", {}), d.get("pc", d.get("p", {}))
        adm, con_ = d.get("admission", (0, 0)), d.get("contact", (0, 0))
        rows.append({"initiative_id": iid, "lo": lo, "hi": lo + w, "w_start": d["start"], "w_end": d["end"],
                     "dur_min": d["dur"][0], "dur_max": d["dur"][1], "p_completed": d["completed"],
                     "randomised": bool(d.get("randomised")), "retention": d.get("retention"),
                     "kickoff": d.get("kickoff", 0.0),
                     **{f"p_{s}": p.get(s, 0.0) for s in STATES}, **{f"pc_{s}": pc.get(s, 0.0) for s in STATES},
                     "adm_t": adm[0], "adm_c": adm[1], "contact_t": con_[0], "contact_c": con_[1]})
        lo += w
    return rows


def _background_rows() -> list[dict]:
    """BACKGROUND as rows of the temp table _bgstates: each state's [lo, hi) of the draws."""
    rows, acc = [], 0.0
    for state, w in BACKGROUND:
        rows.append({"state": state, "lo": acc, "hi": acc + w})
        acc += w
    return rows


def generate(con, citizens: int, seed: int, today: dt.date = TODAY) -> dict:
    """Replace all microdata by synthetic data (inside the caller's transaction), step by step —
    each step one file, queries/statements/demo_NN_<step>.sql: the random-number macros, the design
    as temp tables, clearing the microdata, citizens, enrolments, status spells (background, then
    the outcome after each start), events and progression scores, then the temp tables dropped;
    returns the row counts."""
    prm = {"seed": seed, "n": citizens, "today": today, "design": _design_rows(con, citizens),
           "background": _background_rows(), "districts": list(DISTRICTS)}

    def step(name: str):
        return store.execute_file(con, name, prm)

    step("demo_01_macros")
    step("demo_02_design")
    step("demo_03_clear")
    step("demo_04_citizens")
    step("demo_05_enrolments")
    step("demo_06_background_spells")
    step("demo_07_outcome_spells")
    _store_spells(con)
    step("demo_08_events")
    step("demo_09_progression")
    row = step("demo_10_finish").fetchone()
    counts = dict(zip([d[0] for d in con.description], row))
    store.set_meta(con, "synthetic", "true")
    store.set_meta(con, "synthetic_seed", str(seed))
    return counts


def _store_spells(con) -> None:
    """_spells into spells in microdata.SPELLS_ORDER (the one definition of the stored order, shared
    with the microdata import), one state at a time: ten small sorts need less memory than one of
    20M rows."""
    for (state,) in con.execute("select distinct state from _spells order by state").fetchall():
        con.execute("insert into spells (citizen_id, state, from_date, to_date, citizen_key) "
                    f"select * from _spells where state = ? order by {microdata.SPELLS_ORDER}", [state])
    con.execute("drop table _spells")


def demo(path=None, citizens: int = 20000, seed: int = 1, as_of: dt.date | None = None,
         actor: str | None = None) -> dict:
    """Generate, mark the store synthetic, refresh — one transaction."""
    actor = actor or store.current_user()
    target = Path(path or store.db_path())
    if not target.exists():
        upkeep.init(target, actor=actor)
    else:
        with store.reading(target) as con:
            outdated = store.schema_version(con) < store.LATEST_VERSION
        if outdated:
            upkeep.init(target, actor=actor)
    t0 = time.perf_counter()
    with store.writing(target) as con:
        # demo replaces all microdata: never real, imported data (raising here rolls back; nothing written)
        if not store.is_synthetic(con) and con.execute("select count(*) from citizens").fetchall()[0][0]:
            raise InputError([Problem(str(target), None, None, "err.store_has_real_microdata")], "err.demo_refused")
        counts = generate(con, citizens, seed)
        t1 = time.perf_counter()
        report = compute.refresh_into(con, as_of or dt.date.today(), actor)
        con.execute("insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'demo', ?, ?)",
                    [store.now(), actor, f"seed={seed}", json.dumps(counts)])  # JSON as every other detail
        upkeep.after_write(con)
    return {"counts": counts, "generate_s": round(t1 - t0, 2), "refresh_s": round(time.perf_counter() - t1, 2),
            "refresh": report}
