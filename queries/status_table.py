"""The status of every target and initiative, from the store — materialised and on the fly.

- `recompute(con, as_of=None)`: rebuild table status_proposals (derived data: all rows replaced)
  for as_of (default today). Run by queries/upkeep.after_write, so init, imports, forms and
  `assessments.record` keep it current; upkeep.ensure_current shows it at today on other days. Read it through v_status / v_status_initiatives.
- `status_at(con, as_of, level="target")`: the same rows for any date as a polars frame, without
  writing (maalbord status --as-of, a report for a round's date). Each target is judged in the
  version that was in force at that date (target_versions_at), so a later change of a target value does not
  rewrite how an earlier date looks.

Which measurement a target is judged on is defined once, in SQL: judged_at(date) of
queries/views/20_v_judged_measurement.sql (the overview, the round snapshots and the CLI read the
same). The rules themselves live in queries/status.py. A row stores the rule id and its figures
(rule_figures, schema 015); its rule_text_da / rule_text_en are rendered from them by
queries/rule_texts.render for readers in SQL (v_status).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import polars as pl

from queries import assessments as assess
from queries import rule_texts, store
from queries import status as rules

COLUMNS = [
    "level", "target_id", "initiative_id", "as_of", "kind", "proposed", "rule", "basis", "rule_text_da",
    "rule_text_en", "actual", "goal", "target_value", "tolerance", "unit", "direction", "n", "ci_low", "ci_high",
    "measured_at", "assessed", "assessment_id", "assessed_by", "assessed_at", "assessment_text", "round_id", "final", "sort_order",
    "rule_figures",
]
SCHEMA = {
    "level": pl.String, "target_id": pl.String, "initiative_id": pl.String, "as_of": pl.Date, "kind": pl.String,
    "proposed": pl.String, "rule": pl.String, "basis": pl.String, "rule_text_da": pl.String,
    "rule_text_en": pl.String, "actual": pl.Float64, "goal": pl.Float64, "target_value": pl.Float64,
    "tolerance": pl.Float64, "unit": pl.String, "direction": pl.String, "n": pl.Float64, "ci_low": pl.Float64,
    "ci_high": pl.Float64, "measured_at": pl.Date, "assessed": pl.String, "assessment_id": pl.Int64,
    "assessed_by": pl.String, "assessed_at": pl.Datetime("us"), "assessment_text": pl.String,
    "round_id": pl.String, "final": pl.String, "sort_order": pl.Int32, "rule_figures": pl.String,
}


def _judged(con, as_of: dt.date) -> dict[str, rules.Measurement]:
    """target_id → the measurement it is judged on at the date, with the interval it is judged with:
    judged_at() of queries/views/20_v_judged_measurement.sql, the one definition of both. A derived
    effect (treatment minus control, no effect row) is handed as an effect whose n is the smaller arm."""
    rows = con.execute(
        """select target_id, arm, measurement_id, as_of, value, denominator, judged_ci_low, judged_ci_high,
                  treatment_denominator, control_denominator
           from judged_at(?)""", [as_of]).fetchall()
    out = {}
    for (tid, arm, mid, when, value, den, lo, hi, tden, cden) in rows:
        if arm == "effect" and mid is None:  # derived: treatment minus control
            den = min((x for x in (tden, cden) if x is not None), default=None)
        out[tid] = rules.Measurement(value=value, n=den, ci_low=lo, ci_high=hi, arm=arm, as_of=when)
    return out


SETTING_KEYS = {"status_small_n": "small_n", "status_default_tolerance": "default_tolerance",
                "status_rollup": "rollup"}


def store_settings(con) -> rules.Settings:
    """The rule settings of this store: meta keys status_small_n (default 30), status_default_tolerance
    (0.10 = 10 % of the target value) and status_rollup (worst / majority); absent = the defaults."""
    found = dict(con.execute("select key, value from meta where key in (?, ?, ?)", list(SETTING_KEYS)).fetchall())
    kw = {}
    if found.get("status_small_n"):
        kw["small_n"] = int(found["status_small_n"])
    if found.get("status_default_tolerance"):
        kw["default_tolerance"] = float(found["status_default_tolerance"])
    if found.get("status_rollup") in ("worst", "majority"):
        kw["rollup"] = found["status_rollup"]
    return rules.Settings(**kw)


def evaluate_all(con, as_of: dt.date | None = None, settings: rules.Settings | None = None) -> list[dict]:
    """Every target's (in the version in force at as_of) and every initiative's status row at as_of
    (no writing). The roll-up
    of an initiative uses its targets' final states (a person's target assessment counts)."""
    as_of = as_of or dt.date.today()
    settings = settings or store_settings(con)
    initiatives = {r[0]: r for r in con.execute(
        "select initiative_id, implementation_state, state_reason, committee_id from initiatives "
        "order by initiative_id").fetchall()}
    targets = store.execute_file(con, "status_targets_at", {"as_of": as_of}).fetchall()
    judged = _judged(con, as_of)
    all_assessments, rounds = assess.load(con)
    by_target: dict[str, list] = defaultdict(list)
    by_initiative: dict[str, list] = defaultdict(list)
    for a in all_assessments:
        (by_target[a.target_id] if a.target_id else by_initiative[a.initiative_id]).append(a)

    rows: list[dict] = []
    states_of: dict[str, list[str]] = defaultdict(list)
    for (tid, iid, kind, value, direction, unit, tol, first, deadline, bval, bdate, arms) in targets:
        ini = initiatives.get(iid) or (iid, None, None, None)
        target = rules.Target(tid, kind, value, direction or "higher", unit, tol, first, deadline, bval, bdate,
                              ini[1], ini[2])
        verdict = rules.evaluate(target, judged.get(tid), as_of, settings)
        found = assess.applicable(by_target.get(tid, []), rounds, as_of, ini[3])
        if kind != "implementation":  # the initiative's implementation state is added once below
            states_of[iid].append(rules.final(verdict.state, found.state if found else None))
        if found is None and kind == "implementation":
            found = assess.applicable(by_initiative.get(iid, []), rounds, as_of, ini[3])
        rows.append(_row("target", tid, iid, as_of, kind, verdict, found, target))

    for iid, (_, impl_state, reason, committee) in initiatives.items():
        impl = rules.implementation_verdict(rules.Target(implementation_state=impl_state, state_reason=reason))
        parts = states_of.get(iid, []) + [impl.state]
        proposed = rules.roll_up(parts, settings.rollup)
        rule = f"rollup_{settings.rollup}"
        figs = {"basis": "rollup", "counts": {s: c for s, c in rules.count_states(parts).items() if c}}
        verdict = rules.Verdict(proposed, rule, rule_texts.render(rule, figs, "da"),
                                rule_texts.render(rule, figs, "en"), "rollup", figures=figs)
        found = assess.applicable(by_initiative.get(iid, []), rounds, as_of, committee)
        rows.append(_row("initiative", None, iid, as_of, None, verdict, found, None))
    for i, row in enumerate(rows):
        row["sort_order"] = i
    return rows


def _row(level, tid, iid, as_of, kind, v: rules.Verdict, a: assess.Assessment | None, target) -> dict:
    """One status row. The rule is stored as its id and the figures its texts were rendered from
    (v.figures, queries/rule_texts.py); the two texts are kept for readers in SQL (v_status.rule_text)."""
    return {
        "level": level, "target_id": tid, "initiative_id": iid, "as_of": as_of, "kind": kind,
        "proposed": v.state, "rule": v.rule, "basis": v.basis, "rule_text_da": v.rule_text_da,
        "rule_text_en": v.rule_text_en, "actual": v.actual, "goal": v.goal,
        "target_value": target.value if target else None, "tolerance": v.tolerance,
        "unit": target.unit if target else None, "direction": target.direction if target else None,
        "n": v.n, "ci_low": v.ci_low, "ci_high": v.ci_high, "measured_at": v.measured_at,
        "assessed": a.state if a else None, "assessment_id": a.assessment_id if a else None,
        "assessed_by": a.author if a else None, "assessed_at": a.assessed_at if a else None,
        "assessment_text": a.text if a else None, "round_id": a.round_id if a else None,
        "final": rules.final(v.state, a.state if a else None), "sort_order": None,
        "rule_figures": rule_texts.to_json(v.figures),
    }


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)


VIEW_COLUMNS = ["target_id", "initiative_id", "as_of", "proposed", "assessed", "final", "rule_text", "n", "ci_low",
                "ci_high", "actual", "target_value", "goal", "tolerance", "unit", "direction", "kind", "rule", "basis",
                "rule_text_en", "measured_at", "assessed_by", "assessed_at", "assessment_text", "round_id",
                "assessment_id", "sort_order", "rule_figures"]
INITIATIVE_COLUMNS = ["initiative_id", "as_of", "proposed", "assessed", "final", "rule_text", "rule",
                      "rule_text_en", "assessed_by", "assessed_at", "assessment_text", "round_id", "assessment_id",
                      "sort_order", "rule_figures"]


def status_at(con, as_of: dt.date | None = None, level: str = "target",
              settings: rules.Settings | None = None) -> pl.DataFrame:
    """v_status's rows (level target) or v_status_initiatives' (level initiative) for any date."""
    df = _frame([r for r in evaluate_all(con, as_of, settings) if r["level"] == level])
    df = df.rename({"rule_text_da": "rule_text"})
    return df.select(VIEW_COLUMNS if level == "target" else INITIATIVE_COLUMNS)


def recompute(con, as_of: dt.date | None = None) -> int:
    """Replace every row of status_proposals with the status at as_of (default today). Returns rows.
    Called by queries/upkeep.py after every write."""
    rows = evaluate_all(con, as_of)
    con.execute("delete from status_proposals")
    write(con, rows)
    return len(rows)


def write(con, rows: list[dict], table: str = "status_proposals") -> None:
    """Insert evaluate_all's rows into `table` (status_proposals, or upkeep's temporary copy)."""
    if not rows:
        return
    con.register("_status_rows", _frame(rows).select(COLUMNS).to_arrow())
    try:
        con.execute(f"insert into {table} ({', '.join(COLUMNS)}) select {', '.join(COLUMNS)} from _status_rows")
    finally:
        con.unregister("_status_rows")
