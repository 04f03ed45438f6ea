"""Reporting rounds and their frozen snapshots — what a committee was shown at a meeting.

- `create_round(con, committee, meeting_date, title, author)`: validate (→ InputError), add the
  round and freeze its snapshot in the caller's transaction.
- `freeze(con, round_id, actor)`: write the snapshot rows of one round, once. Never updates.
- `freeze_pending(con)`: queries/upkeep.after_write step — freezes every round that has no snapshot yet
  (the 2013-08-08 rounds from the catalogue on the first init); running it again changes nothing.
- `list_rounds`, `snapshot`, `is_synthetic`, `previous_round`, `changes_since_previous`: read side.

The states come from the status module (the ONE place with the rules) through `_status_frame`;
this module never decides a state itself, it only freezes what the status module says.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from queries import status, store
from queries.files import parse_date
from queries.problems import InputError, Problem

FIGURE_COLUMNS = ("value", "n", "numerator", "ci_low", "ci_high", "measured_as_of")
ENDED_STATES = ("stopped", "completed")


# --- status adapter (the only place this module touches the status rules) ----------------------

def _status_frame(con: duckdb.DuckDBPyConnection, as_of: dt.date, level: str = "target") -> pl.DataFrame:
    """The status module's verdicts at the meeting date (queries/status_table.status_at): per
    target (proposed, assessed, final, rule, rule_figures, actual, n, interval, measured_at) or per
    initiative (its final state: the assessment that holds, else the roll-up). This module never
    decides a state itself."""
    from queries.status_table import status_at
    return status_at(con, as_of, level=level)


def _initiative_verdict(row: dict) -> tuple:
    """An initiative's final state as the report shows it: for ⚪ the reason too ('Ikke startet',
    'Status ukendt' or the general 'Ingen vurdering', status.initiative_rule): a move between them is news."""
    return row["initiative_state"], status.initiative_rule(row["initiative_state"], row["implementation_state"])


def _first(rows: list):
    """The first row of a fetchall() (DuckDB 2.0: fetchone() leaves the result open)."""
    return rows[0] if rows else None


# --- creating rounds -----------------------------------------------------------------------------

def create_round(con: duckdb.DuckDBPyConnection, committee: str, meeting_date, title: str,
                 author: str, freeze_now: bool = True) -> str:
    """Add a round and freeze its snapshot (in the caller's transaction). Returns the round id.
    Raises InputError with every problem before anything is written. freeze_now=False leaves the
    round open, so assessments can be recorded for it first; `freeze()` then freezes it."""
    problems: list[Problem] = []
    where = "runde"
    committee = (committee or "").strip()
    known = {r[0] for r in con.execute("select committee_id from committees").fetchall()}
    if not committee:
        problems.append(Problem(where, None, "committee", "err.required"))
    elif committee not in known:
        problems.append(Problem(where, None, "committee", "err.enum", committee,
                                {"allowed": ", ".join(sorted(known))}))
    day = parse_date(meeting_date)
    if day is None:
        problems.append(Problem(where, None, "date", "err.required" if not meeting_date else "err.date",
                                meeting_date or None))
    elif not dt.date(2000, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=5 * 366):
        problems.append(Problem(where, None, "date", "err.round_date_range", day.isoformat()))
    title = (title or "").strip()
    if not title:
        problems.append(Problem(where, None, "title", "err.required"))
    elif len(title) > 300:
        problems.append(Problem(where, None, "title", "err.round_title_long", title))
    round_id = f"{committee}-{day.isoformat()}" if committee and day else None
    if round_id and not problems and con.execute(
            "select 1 from rounds where round_id = ?", [round_id]).fetchall():
        problems.append(Problem(where, None, "date", "err.round_exists", day.isoformat(),
                                {"round_id": round_id}))
    if problems:
        raise InputError(problems, "err.round_failed")
    con.execute("insert into rounds (round_id, committee_id, meeting_date, title, document_id, created_by, "
                "created_at) values (?, ?, ?, ?, null, ?, ?)",
                [round_id, committee, day, title, author, store.now()])
    con.execute("insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'round_create', ?, ?)",
                [store.now(), author, round_id, f'{{"frozen": {str(freeze_now).lower()}}}'])
    if freeze_now:
        freeze(con, round_id, author)
    return round_id


def is_frozen(con: duckdb.DuckDBPyConnection, round_id: str) -> bool:
    return bool(con.execute("select 1 from round_freezes where round_id = ?", [round_id]).fetchall())


def freeze_round(con: duckdb.DuckDBPyConnection, round_id: str, author: str) -> int:
    """Freeze an open round (from `create_round(..., freeze_now=False)`). InputError when the
    round is unknown or already frozen."""
    if not con.execute("select 1 from rounds where round_id = ?", [round_id]).fetchall():
        raise InputError([Problem("runde", None, "round", "err.no_such_round", round_id)], "err.round_failed")
    if is_frozen(con, round_id):
        raise InputError([Problem("runde", None, "round", "err.round_frozen", round_id)], "err.round_failed")
    n = freeze(con, round_id, author)
    con.execute("insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'round_freeze', ?, ?)",
                [store.now(), author, round_id, f'{{"targets": {n}}}'])
    return n


# --- freezing ------------------------------------------------------------------------------------

def round_targets(con: duckdb.DuckDBPyConnection, round_id: str) -> list[str]:
    """The targets a round reports on: a frozen round's snapshot rows; an open round's current
    targets of its initiatives (round_initiatives, views/25_round_sources.sql — as freezing it now
    would take them), in report order."""
    if con.execute("select 1 from round_freezes where round_id = ?", [round_id]).fetchall():
        return snapshot(con, round_id)["target_id"].to_list()
    return [r[0] for r in con.execute(
        "select t.target_id from targets t join round_initiatives($round_id) i using (initiative_id) "
        "where t.valid_to is null order by i.sort_order, t.sort_order, t.target_id",
        {"round_id": round_id}).fetchall()]


def _next_followup(first: dt.date | None, months: int | None, after: dt.date) -> dt.date | None:
    if first is None:
        return None
    if first > after or not months:
        return first if first > after else None
    day = first
    for _ in range(1200):
        if day > after:
            return day
        y, m = divmod(day.month - 1 + months, 12)
        year, month = day.year + y, m + 1
        day = dt.date(year, month, min(first.day, calendar.monthrange(year, month)[1]))
    return None


def freeze(con: duckdb.DuckDBPyConnection, round_id: str, actor: str) -> int:
    """Freeze the snapshot of one round as of its meeting date. A round already frozen is left
    alone (returns 0): snapshots are written once and never updated."""
    if con.execute("select 1 from round_freezes where round_id = ?", [round_id]).fetchall():
        return 0
    rnd = con.execute("select committee_id, meeting_date from rounds where round_id = ?", [round_id]).fetchall()
    if not rnd:
        raise KeyError(round_id)
    committee, as_of = rnd[0]
    # the round's targets and the measurement each is judged on at the meeting (views/25_round_sources.sql)
    base = store.frame(con, "select * from round_sources($round_id, $as_of)", {"round_id": round_id, "as_of": as_of})
    status = {r["target_id"]: r for r in _status_frame(con, as_of).to_dicts()}
    initiative_status = {r["initiative_id"]: r for r in _status_frame(con, as_of, "initiative").to_dicts()}
    rows = base.to_dicts()
    by_init: dict[str, list[str]] = {}
    for r in rows:
        s = status.get(r["target_id"]) or {}
        r["proposed"] = s.get("proposed") or "none"
        r["assessed"] = s.get("assessed")
        r["final"] = s.get("final") or "none"
        r["rule"] = s.get("rule")
        # the rule id and its figures, not a text: rendered in the reader's language (queries/rule_texts.py)
        r["rule_figures"] = s.get("rule_figures")
        r["assessment_text"] = s.get("assessment_text")
        # the figures the rules judged on that measurement (effects: treatment minus control)
        r["value"], r["n"], r["ci_low"], r["ci_high"] = s.get("actual"), s.get("n"), s.get("ci_low"), s.get("ci_high")
        ini = initiative_status.get(r["initiative_id"]) or {}
        r["initiative_state"] = ini.get("final") or "none"
        r["initiative_assessment_text"] = ini.get("assessment_text")
        r["initiative_text"] = ini.get("assessment_text") or r.pop("initiative_passage")
        r.pop("initiative_passage", None)
        by_init.setdefault(r["initiative_id"], []).append(r["final"])
    stamp = store.now()
    cols = ["round_id", "target_id", "target_version", "initiative_id", "committee_id", "document_id", "theme_id",
            "theme_number", "theme_title", "section", "initiative_name", "initiative_text", "implementation_state",
            "initiative_sort", "target_sort", "target_text", "short_text", "kind", "target_value", "unit",
            "direction", "deadline", "next_followup", "measurement_id", "measured_as_of", "arm", "value",
            "numerator", "n", "ci_low", "ci_high", "source", "proposed", "assessed", "final",
            "assessment_text", "initiative_state", "initiative_assessment_text", "rule", "rule_figures"]
    for r in rows:
        r["round_id"] = round_id
        r["committee_id"] = committee
        r["next_followup"] = _next_followup(r.pop("first_followup"), r.pop("frequency_months"), as_of)
        con.execute(f"insert into round_snapshots ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
                    [r.get(c) for c in cols])
    con.execute("insert into round_freezes values (?, ?, ?, ?, ?, ?)",
                [round_id, stamp, actor, as_of, len(by_init), len(rows)])
    return len(rows)


def freeze_pending(con: duckdb.DuckDBPyConnection) -> int:
    """queries/upkeep.after_write step: freeze every catalogue round (a round reported in a source
    document, e.g. the 2013-08-08 rounds) that has no snapshot yet. Idempotent. Rounds a user left
    open are frozen only on request (`freeze_round`)."""
    pending = con.execute(
        "select round_id, coalesce(created_by, 'katalog') from rounds r "
        "where r.document_id is not null "
        "and not exists (select 1 from round_freezes f where f.round_id = r.round_id) "
        "order by meeting_date, round_id").fetchall()
    return sum(freeze(con, rid, actor) for rid, actor in pending)


# --- reading -------------------------------------------------------------------------------------

def list_rounds(con: duckdb.DuckDBPyConnection, committee: str | None = None) -> pl.DataFrame:
    return store.frame(con, """
        select r.round_id, r.committee_id, r.meeting_date, r.title, r.document_id, r.created_by,
               f.frozen_at, f.n_initiatives, f.n_targets
        from rounds r left join round_freezes f using (round_id)
        where $committee is null or r.committee_id = $committee
        order by r.meeting_date desc, r.round_id""", {"committee": committee})


def resolve_round(con: duckdb.DuckDBPyConnection, committee: str | None, round_ref: str | None) -> str | None:
    """A round id from an id or a meeting date (with the committee); the latest round of the
    committee when round_ref is empty. None when there is no such round."""
    if round_ref:
        row = _first(con.execute("select round_id from rounds where round_id = ?", [round_ref]).fetchall())
        if row:
            return row[0]
        day = parse_date(round_ref)
        if day is None:
            return None
        df = store.frame(con, "select round_id from rounds where meeting_date = $day "
                              "and ($c::varchar is null or committee_id = $c) order by round_id limit 1",
                         {"day": day, "c": committee})
        return df.item(0, 0) if df.height else None
    row = _first(con.execute("select round_id from rounds where committee_id = ? order by meeting_date desc, round_id desc "
                      "limit 1", [committee]).fetchall())
    return row[0] if row else None


def round_info(con: duckdb.DuckDBPyConnection, round_id: str) -> dict | None:
    df = store.frame(con, """
        select r.*, c.name as committee_name, c.name_en as committee_name_en, f.frozen_at, f.frozen_by
        from rounds r left join committees c using (committee_id) left join round_freezes f using (round_id)
        where r.round_id = $rid""", {"rid": round_id})
    return df.to_dicts()[0] if df.height else None


def snapshot(con: duckdb.DuckDBPyConnection, round_id: str) -> pl.DataFrame:
    """The frozen rows of a round, in report order."""
    return store.frame(con, """
        select * from round_snapshots where round_id = $rid
        order by theme_number nulls last, initiative_sort, target_sort, target_id""", {"rid": round_id})


def is_synthetic(con: duckdb.DuckDBPyConnection, round_id: str) -> bool:
    """True when a figure in the round's snapshot comes from synthetic demo data: its measurement
    (or, for a figure the status module derived, a measurement of that target on that date) has
    measurements.synthetic = true. Read from the frozen rows, not the store's meta flag: a snapshot
    keeps the figures it was frozen with (measurements are never deleted), and a demo store's round
    without computed figures (the 2013 rounds) holds none."""
    return bool(con.execute("""
        select 1 from round_snapshots s join measurements m
          on m.measurement_id = s.measurement_id
          or (s.measurement_id is null and s.value is not null
              and m.target_id = s.target_id and m.as_of = s.measured_as_of)
        where s.round_id = ? and m.synthetic limit 1""", [round_id]).fetchall())


def previous_round(con: duckdb.DuckDBPyConnection, round_id: str) -> str | None:
    """The committee's round before this one (by meeting date), that has a snapshot."""
    row = _first(con.execute("""
        select p.round_id from rounds r join rounds p on p.committee_id = r.committee_id
        join round_freezes f on f.round_id = p.round_id
        where r.round_id = ? and (p.meeting_date < r.meeting_date
              or (p.meeting_date = r.meeting_date and p.round_id < r.round_id))
        order by p.meeting_date desc, p.round_id desc limit 1""", [round_id]).fetchall())
    return row[0] if row else None


@dataclass
class Changes:
    round_id: str
    previous_round_id: str | None
    initiatives: pl.DataFrame   # initiative_id, initiative_name, change, state_/rule_before, state_/rule_after
    figures: pl.DataFrame       # target_id, initiative_id, short_text, unit, <col>_before/<col>_after, final_*
    accounts: pl.DataFrame | None = None  # target_id, initiative_id, change (new, changed): queries/accounts.py


def _verdict(row: dict) -> tuple:
    """A target's final state as the report shows it: for ⚪ the rule that gave it too (presentation.label:
    'Afventer første opfølgning' and 'Ikke målt endnu' are both ⚪, and a move between them is news)."""
    return row["final"], row.get("rule") if row["final"] == "none" else None


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 1e-9
    return a == b


def changes_since_previous(con: duckdb.DuckDBPyConnection, round_id: str) -> Changes:
    """Per initiative: new, ended, state changed, figures changed or unchanged — against the
    committee's previous round. Per target: the figures (and final state; for ⚪ also the rule
    that gave it, as the report names it) that changed. Per account behind a state: new or changed."""
    prev = previous_round(con, round_id)
    cur = snapshot(con, round_id)
    old = snapshot(con, prev) if prev else cur.clear()
    cur_rows = {r["target_id"]: r for r in cur.to_dicts()}
    old_rows = {r["target_id"]: r for r in old.to_dicts()}
    figures = []
    for tid, r in cur_rows.items():
        o = old_rows.get(tid)
        if o is None:
            continue
        changed = [c for c in FIGURE_COLUMNS if not _same(r[c], o[c])]
        if _verdict(r) != _verdict(o):
            changed.append("final")
        if changed:
            rec = {"target_id": tid, "initiative_id": r["initiative_id"], "short_text": r["short_text"] or r["target_text"],
                   "unit": r["unit"], "kind": r["kind"], "changed": ",".join(changed)}
            for c in FIGURE_COLUMNS + ("final", "rule"):
                rec[f"{c}_before"], rec[f"{c}_after"] = o[c], r[c]
            figures.append(rec)
    fig_by_init = {f["initiative_id"] for f in figures}
    inits = []
    cur_init = {r["initiative_id"]: r for r in cur_rows.values()}
    old_init = {r["initiative_id"]: r for r in old_rows.values()}
    for iid, r in cur_init.items():
        o = old_init.get(iid)
        verdict, verdict_before = _initiative_verdict(r), (_initiative_verdict(o) if o else (None, None))
        if prev is None:
            change = "first"
        elif o is None:
            change = "new"
        elif r["implementation_state"] in ENDED_STATES and o["implementation_state"] not in ENDED_STATES:
            change = "ended"
        elif verdict != verdict_before:
            change = "state"
        elif iid in fig_by_init or set(t for t, x in cur_rows.items() if x["initiative_id"] == iid) != \
                set(t for t, x in old_rows.items() if x["initiative_id"] == iid):
            change = "figures"
        else:
            change = "same"
        inits.append({"initiative_id": iid, "initiative_name": r["initiative_name"], "change": change,
                      "state_before": o["initiative_state"] if o else None, "state_after": r["initiative_state"],
                      "rule_before": verdict_before[1], "rule_after": verdict[1],
                      "sort": (r["theme_number"] or 99, r["initiative_sort"] or 0)})
    for iid, o in old_init.items():
        if iid not in cur_init:
            inits.append({"initiative_id": iid, "initiative_name": o["initiative_name"], "change": "ended",
                          "state_before": o["initiative_state"], "state_after": None,
                          "rule_before": _initiative_verdict(o)[1], "rule_after": None,
                          "sort": (o["theme_number"] or 99, o["initiative_sort"] or 0)})
    inits.sort(key=lambda x: x.pop("sort"))
    schema_i = {"initiative_id": pl.String, "initiative_name": pl.String, "change": pl.String,
                "state_before": pl.String, "state_after": pl.String, "rule_before": pl.String, "rule_after": pl.String}
    from queries import accounts  # the accounts behind the states: new or changed since the last meeting
    written = accounts.changed_since(con, round_id, prev)
    return Changes(round_id, prev, pl.DataFrame(inits, schema=schema_i),
                   pl.DataFrame(figures, infer_schema_length=None) if figures else pl.DataFrame(),
                   written if prev else written.clear())
