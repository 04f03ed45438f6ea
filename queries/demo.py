"""maalbord demo: synthetic, clearly labelled microdata for every computed target's initiative.

Everything is generated in DuckDB SQL from a hash of (seed, row, purpose) — no Python loops, no
global random state — so the same seed gives the same data on any machine with the same DuckDB.
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

MACROS = """
create or replace temp macro u(s, i, salt) as ((hash(s, i, salt) % 1000003) / 1000003.0);
create or replace temp macro u2(s, i, k, salt) as ((hash(s, i, k, salt) % 1000003) / 1000003.0);
"""


def _config_rows(con, citizens: int) -> list[tuple]:
    present = {r[0] for r in con.execute("select initiative_id from initiatives").fetchall()}
    rows, lo = [], 0.0
    for iid, d in DESIGN.items():
        if iid not in present:
            continue
        w = d["weight"] if "cap" not in d else min(d["weight"], d["cap"] / max(citizens, 1))
        p, pc = d.get("p", {}), d.get("pc", d.get("p", {}))
        adm, con_ = d.get("admission", (0, 0)), d.get("contact", (0, 0))
        rows.append((iid, lo, lo + w, d["start"], d["end"], d["dur"][0], d["dur"][1], d["completed"],
                     bool(d.get("randomised")), d.get("retention"), d.get("kickoff", 0.0),
                     *[p.get(s, 0.0) for s in STATES], *[pc.get(s, 0.0) for s in STATES],
                     adm[0], adm[1], con_[0], con_[1]))
        lo += w
    return rows


def generate(con, citizens: int, seed: int, today: dt.date = TODAY) -> dict:
    """Replace all microdata by synthetic data (inside the caller's transaction), step by step:
    the design as temp tables, then citizens, enrolments, status spells (background, then the
    outcome after each start), events and progression scores; returns the row counts."""
    prm = {"seed": seed, "n": citizens, "today": today}
    _design_tables(con, citizens)
    _clear_microdata(con)
    _citizens(con, prm)
    _enrolments(con, prm)
    _background_spells(con, prm)
    _outcome_spells(con, seed)
    _store_spells(con)
    _events(con, seed)
    _progression(con, seed, today)
    return _finish(con, seed)


def _design_tables(con, citizens: int) -> None:
    """DESIGN, BACKGROUND and DISTRICTS as temp tables (_cfg, _bgstates, _districts) the SQL joins on."""
    con.execute(MACROS)
    p_cols = ", ".join(f"p_{s} double" for s in STATES) + ", " + ", ".join(f"pc_{s} double" for s in STATES)
    con.execute(f"""create or replace temp table _cfg (initiative_id varchar, lo double, hi double, w_start date,
        w_end date, dur_min integer, dur_max integer, p_completed double, randomised boolean, retention double,
        kickoff double, {p_cols}, adm_t double, adm_c double, contact_t double, contact_c double)""")
    rows = _config_rows(con, citizens)
    con.executemany(f"insert into _cfg values ({', '.join('?' for _ in rows[0])})", rows)
    con.execute("create or replace temp table _bgstates (state varchar, lo double, hi double)")
    acc = 0.0
    for state, w in BACKGROUND:
        con.execute("insert into _bgstates values (?, ?, ?)", [state, acc, acc + w])
        acc += w
    con.execute("create or replace temp table _districts as select unnest($d::varchar[]) as district, "
                "generate_subscripts($d::varchar[], 1) - 1 as k", {"d": list(DISTRICTS)})


def _clear_microdata(con) -> None:
    for table in ("progression", "events", "spells", "enrolments", "citizens", "citizen_keys"):
        con.execute(f"delete from {table}")


def _citizens(con, prm: dict) -> None:
    con.execute("""
        insert into citizens
        select 'P' || lpad(i::varchar, 8, '0'), (1950 + u($seed, i, 'by') * 56)::smallint,
               case when u($seed, i, 'sex') < 0.5 then 'k' else 'm' end,
               (select district from _districts where k = (u($seed, i, 'dist') * 10)::int % 10)
        from range(1, $n + 1) t(i)""", {k: prm[k] for k in ("seed", "n")})

    # integer join keys (schema 008): the generator's i
    con.execute("""insert into citizen_keys select 'P' || lpad(i::varchar, 8, '0'), i::uinteger
                   from range(1, $n + 1) t(i)""", {"n": prm["n"]})


def _enrolments(con, prm: dict) -> None:
    # enrolments: one per enrolled citizen, 3 % get a second one later in the same initiative
    con.execute("""
        create or replace temp table _enr as
        with pick as (
            select i, c.*, u($seed, i, 'init') as r
            from range(1, $n + 1) t(i) join _cfg c on u($seed, i, 'init') >= c.lo and u($seed, i, 'init') < c.hi
        ),
        first as (
            select *, 1 as nr,
                w_start + (u($seed, i, 'start') * (w_end - w_start))::int as start_date
            from pick
        ),
        second as (
            select * replace (2 as nr, start_date + 400 + (u($seed, i, 'start2') * 200)::int as start_date)
            from first where u($seed, i, 'twice') < 0.03 and not randomised
        ),
        both_ as (select * from first union all select * from second where start_date < $today::date)
        select *,
            'P' || lpad(i::varchar, 8, '0') as citizen_id,
            i::uinteger as citizen_key,
            'D' || lpad(i::varchar, 8, '0') || '-' || nr as enrolment_id,
            case when randomised and u($seed, i, 'arm') < 0.5 then 'control' else 'treatment' end as arm,
            start_date + (dur_min + u2($seed, i, nr, 'dur') * (dur_max - dur_min))::int as planned_end,
            u2($seed, i, nr, 'done') < p_completed as done,
            u2($seed, i, nr, 'out') as r_out,
            u2($seed, i, nr, 'lag') as r_lag,
            u2($seed, i, nr, 'len') as r_len
        from both_""", prm)
    con.execute("""
        insert into enrolments (enrolment_id, citizen_id, initiative_id, arm, start_date, end_date, completed, citizen_key)
        select enrolment_id, citizen_id, initiative_id, arm, start_date,
               case when planned_end <= $today::date then planned_end end,
               planned_end <= $today::date and done, citizen_key
        from _enr""", {"today": prm["today"]})


def _background_spells(con, prm: dict) -> None:
    # Spells are generated into _spells, then stored in microdata.SPELLS_ORDER (below, after the outcome spells).
    con.execute("create or replace temp table _spells (citizen_id varchar, state varchar, from_date date, "
                "to_date date, citizen_key uinteger)")
    # background status spells: 10-30 consecutive spells from 2012 until the first enrolment (or today)
    con.execute("""
        insert into _spells
        with people as (
            select i, 'P' || lpad(i::varchar, 8, '0') as citizen_id, i::uinteger as citizen_key,
                   coalesce(e.first_start, $today::date) as bg_end, e.first_start is not null as enrolled,
                   (10 + u($seed, i, 'k') * 21)::int as k_n
            from range(1, $n + 1) t(i)
            left join (select i, min(start_date) as first_start from _enr group by i) e using (i)
        ),
        slots as (
            select *, (bg_end - date '2012-01-01') / k_n::double as slot, unnest(range(k_n)) as k from people
        )
        select s.citizen_id, b.state,
            date '2012-01-01' + (k * slot)::int + (u2($seed, i, k, 'jit') * least(10, slot / 4))::int as from_date,
            case when k = k_n - 1 and not enrolled and u($seed, i, 'open') < 0.5 then null
                 else date '2012-01-01' + ((k + 1) * slot)::int - 1
                      - case when u2($seed, i, k, 'gap') < 0.6 then 0 else (u2($seed, i, k, 'g2') * least(20, slot / 4))::int end
            end as to_date,
            s.citizen_key
        from slots s join _bgstates b on u2($seed, i, k, 'st') >= b.lo and u2($seed, i, k, 'st') < b.hi""",
                {k: prm[k] for k in ("seed", "n", "today")})


def _outcome_spells(con, seed: int) -> None:
    # after the start: cash benefit until the outcome spell, then the outcome state
    con.execute("""
        create or replace temp table _out as
        select e.*,
            start_date + (r_lag * 60)::int as out_from,
            case
              when retention is not null then 'job'
              when r_out < (case when arm = 'control' then pc_job else p_job end) then 'job'
              when r_out < (case when arm = 'control' then pc_job + pc_education else p_job + p_education end) then 'education'
              when r_out < (case when arm = 'control' then pc_job + pc_education + pc_flexjob
                                 else p_job + p_education + p_flexjob end) then 'flexjob'
              when r_out < (case when arm = 'control' then pc_job + pc_education + pc_flexjob + pc_resource_course
                                 else p_job + p_education + p_flexjob + p_resource_course end) then 'resource_course'
              when r_out < p_job + p_education + p_flexjob + p_resource_course + p_leisure_job then 'leisure_job'
              when r_out < p_job + p_education + p_flexjob + p_resource_course + p_leisure_job + p_club_activity
                   then 'club_activity'
              else case when u2($seed, i, nr, 'fail') < 0.7 then 'cash_benefit' else 'unemployment_benefit' end
            end as out_state
        from _enr e""", {"seed": seed})
    con.execute("""
        insert into _spells
        select citizen_id, 'cash_benefit', start_date, out_from - 1, citizen_key from _out where out_from > start_date
        union all
        select citizen_id, out_state, out_from,
            case
              when retention is not null then
                case when r_out < retention then out_from + 160 + (r_len * 300)::int
                     else out_from + 20 + (r_len * 120)::int end
              when r_len < 0.3 then null
              else greatest(coalesce(planned_end, start_date), start_date + 200) + (r_len * 400)::int
            end,
            citizen_key
        from _out""", {})


def _store_spells(con) -> None:
    # in microdata.SPELLS_ORDER, one state at a time (ten small sorts need less memory than one of 20M rows)
    for (state,) in con.execute("select distinct state from _spells order by state").fetchall():
        con.execute("insert into spells (citizen_id, state, from_date, to_date, citizen_key) "
                    f"select * from _spells where state = ? order by {microdata.SPELLS_ORDER}", [state])
    con.execute("drop table _spells")


def _events(con, seed: int) -> None:
    # events: the children's kickoff event; the business case's psychiatric admissions and contacts
    con.execute("""
        insert into events (citizen_id, kind, date, value, citizen_key)
        select citizen_id, 'kickoff_event', start_date + (u2($seed, i, nr, 'kick') * 45)::int, 1, citizen_key
        from _enr where u2($seed, i, nr, 'kickp') < kickoff
        union all
        select citizen_id, 'psychiatric_admission_days', start_date + (u2($seed, i, nr, 'admd') * 364)::int,
               (5 + u2($seed, i, nr, 'admv') * 25)::int, citizen_key
        from _enr where u2($seed, i, nr, 'adm') < case when arm = 'control' then adm_c else adm_t end
        union all
        select citizen_id, 'psychiatry_contact', start_date + (u2($seed, i, nr, 'cond') * 364)::int, 1, citizen_key
        from _enr where u2($seed, i, nr, 'con') < case when arm = 'control' then contact_c else contact_t end""",
                {"seed": seed})


def _progression(con, seed: int, today: dt.date) -> None:
    # progression: the sub-goals (targets with a progression_dimension) of the randomised initiatives —
    # exactly the dimensions the catalogue names, so the scores line up with the targets (v_progression).
    # An initiative without such targets gets no scores (nothing to line up with). One assessment at
    # the start and then every 3 months (a few days' jitter) for up to two years while enrolled, about
    # 90 % of them done. Score: a per-citizen level per dimension, plus noise, plus a drift per quarter
    # that is a little larger in the treatment arm.
    con.execute("""
        insert into progression
        with dims as (
            select distinct t.initiative_id, t.progression_dimension as dim
            from targets t join _cfg c using (initiative_id)
            where c.randomised and t.valid_to is null and t.progression_dimension is not null
        ),
        slots as (
            select e.i, e.nr, e.citizen_id, e.arm, e.start_date, e.planned_end, d.dim, q,
                (e.start_date + to_months((3 * q)::int))::date
                    + (case when q = 0 then 0 else 1 + u2($seed, e.i, q, d.dim || 'jit') * 20 end)::int as date
            from _enr e join dims d using (initiative_id), (select unnest(range(9)) as q)
        )
        select citizen_id, date, dim,
            least(5, greatest(1, round(1.4 + u2($seed, i, nr, dim || 'lvl') * 2.2
                                       + q * case when arm = 'treatment' then 0.18 else 0.07 end
                                       + (u2($seed, i, q, dim) - 0.5) * 1.2)))::tinyint
        from slots
        where date <= least($today::date, planned_end) and (q = 0 or u2($seed, i, q, dim || 'done') < 0.9)""",
                {"seed": seed, "today": today})


def _finish(con, seed: int) -> dict:
    """Drop the temp tables, mark the store synthetic, count the rows."""
    for tmp in ("_cfg", "_bgstates", "_districts", "_enr", "_out"):
        con.execute(f"drop table if exists {tmp}")
    store.set_meta(con, "synthetic", "true")
    store.set_meta(con, "synthetic_seed", str(seed))
    counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0]
              for t in ("citizens", "enrolments", "spells", "events", "progression")}
    return counts


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
