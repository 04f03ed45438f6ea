"""People confirm: a person's assessment (state + written reason) of a target or an initiative.

- `record(con, …)` validates and appends one assessment (never updates; a new assessment in the
  same round simply becomes the latest). Bad input raises `InputError` with every problem.
- `applicable(…)` decides which assessment holds at a date — the rule (docs/status.md):

  An assessment starts to hold at its round's meeting date (an assessment without a round: at
  the day it was made). At `as_of` the assessment that holds for a target is the latest one
  (by start date, then time made, then id) for that target that started on or before as_of and
  has not lapsed. It lapses when the same committee has met again in a later round on or before
  as_of (the committee of its round; without a round, the initiative's committee) — then the
  computed proposal shows until someone assesses again. An assessment that a later one
  supersedes (assessments.supersedes) never holds. Initiative-level assessments (target_id null)
  hold for the initiative and for its implementation targets.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from queries.problems import InputError, Problem
from queries.vocabulary import STATES

FILE = "vurdering"


@dataclass(frozen=True)
class Assessment:
    assessment_id: int
    initiative_id: str
    target_id: str | None
    round_id: str | None
    state: str
    text: str
    author: str
    assessed_at: dt.datetime
    supersedes: int | None = None


@dataclass(frozen=True)
class Round:
    round_id: str
    committee_id: str
    meeting_date: dt.date


def _as_date(x) -> dt.date:
    return x.date() if isinstance(x, dt.datetime) else x


def start_of(a: Assessment, rounds: dict[str, Round]) -> dt.date:
    rnd = rounds.get(a.round_id) if a.round_id else None
    return rnd.meeting_date if rnd else _as_date(a.assessed_at)


def holds(a: Assessment, rounds: dict[str, Round], as_of: dt.date, committee: str | None = None) -> bool:
    """Does `a` hold at as_of? (started on or before as_of, and its committee has not met again)."""
    start = start_of(a, rounds)
    if start > as_of:
        return False
    rnd = rounds.get(a.round_id) if a.round_id else None
    committee = rnd.committee_id if rnd else committee
    if committee is None:
        return True
    return not any(r.committee_id == committee and start < r.meeting_date <= as_of for r in rounds.values())


def applicable(assessments: list[Assessment], rounds: dict[str, Round], as_of: dt.date,
               committee: str | None = None) -> Assessment | None:
    """The assessment that holds at as_of among `assessments` (all for one target or initiative)."""
    superseded = {a.supersedes for a in assessments if a.supersedes is not None}
    live = [a for a in assessments if a.assessment_id not in superseded and holds(a, rounds, as_of, committee)]
    if not live:
        return None
    return max(live, key=lambda a: (start_of(a, rounds), a.assessed_at, a.assessment_id))


# --- reading and writing -------------------------------------------------------------------------

def load(con) -> tuple[list[Assessment], dict[str, Round]]:
    rows = con.execute(
        "select assessment_id, initiative_id, target_id, round_id, state, text, author, assessed_at, supersedes "
        "from assessments").fetchall()
    rounds = {r[0]: Round(*r) for r in con.execute(
        "select round_id, committee_id, meeting_date from rounds").fetchall()}
    return [Assessment(*r) for r in rows], rounds


def validate(con, initiative_id, target_id, round_id, state, text, author) -> list[Problem]:
    problems: list[Problem] = []

    def add(column, code, value=None, **params):
        problems.append(Problem(FILE, None, column, code, value, params))

    if not initiative_id:
        add("initiative_id", "err.required")
    elif not con.execute("select 1 from initiatives where initiative_id = ?", [initiative_id]).fetchone():
        add("initiative_id", "err.unknown_initiative", initiative_id)
    if target_id:
        row = con.execute("select initiative_id from targets where target_id = ? and valid_to is null",
                          [target_id]).fetchone()
        if row is None:
            add("target_id", "err.unknown_target", target_id)
        elif initiative_id and row[0] != initiative_id:
            add("target_id", "status.err.target_not_in_initiative", target_id)
    if round_id and not con.execute("select 1 from rounds where round_id = ?", [round_id]).fetchone():
        add("round_id", "status.err.unknown_round", round_id)
    if state not in STATES:
        add("state", "err.enum", state, allowed=", ".join(STATES))
    if text is None or not str(text).strip():
        add("text", "status.err.reason_required")
    if author is None or not str(author).strip():
        add("author", "err.required")
    return problems


def record(con, initiative_id: str, target_id: str | None, round_id: str | None, state: str, text: str,
           author: str, assessed_at: dt.datetime | None = None, supersedes: int | None = None,
           recompute: bool = True) -> int:
    """Append one assessment (in the caller's write transaction) and return its id. `author` is a
    role ("kontorchef, BIF"), never a personal name. Runs upkeep.after_write so the materialised
    status shows it at once (recompute=False skips that, for bulk writers that call it themselves)."""
    problems = validate(con, initiative_id, target_id, round_id, state, text, author)
    if problems:
        raise InputError(problems, summary_key="status.assessment_failed")
    from queries import store  # late: store imports the catalogue; keep this module light

    when = assessed_at or store.now()
    new_id = con.execute(
        "insert into assessments (initiative_id, target_id, round_id, state, text, author, assessed_at, supersedes) "
        "values (?, ?, ?, ?, ?, ?, ?, ?) returning assessment_id",
        [initiative_id, target_id or None, round_id or None, state, str(text).strip(), str(author).strip(), when,
         supersedes]).fetchone()[0]
    con.execute(
        "insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'assessment', ?, ?)",
        [store.now(), str(author).strip(), target_id or initiative_id,
         json.dumps({"assessment_id": new_id, "state": state, "round_id": round_id}, ensure_ascii=False)])
    if recompute:
        from queries import upkeep  # late: upkeep → status_table reads this module
        upkeep.after_write(con)
    return new_id
