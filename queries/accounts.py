"""The account behind a status (Results-Based Accountability, "turn the curve"): per reporting round
and target, a data steward's account in Markdown, in four parts — the story behind the curve, the
partners, what works / what we will do (the action plan), and the next step with its date.

- `record(con, round_id, target_id, parts, author)` validates (every problem at once → InputError,
  nothing written) and appends one version; the round's current version for that target, if any,
  is superseded (accounts.supersedes), never overwritten. The audit log gets a row.
- A frozen round (queries/rounds.py) takes no new version: its report shows what the committee was
  shown. `at_freeze(con, round_id)` reads the versions current when the round was frozen (the
  latest written on or before round_freezes.frozen_at that nothing then superseded).
- `current`, `history`, `states_in_round` (the targets' smileys in the round, for the form's prompt)
  are the read side; `changed_since(con, round_id, previous)` lists the accounts new or changed
  against the committee's previous round ("Siden sidste møde").

Markdown is kept as written; renderers show it through queries/markup.py (escaped, no raw HTML).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import polars as pl

from queries import rounds, store
from queries.files import parse_date
from queries.problems import InputError, Problem

FORM = "redegoerelse"
PARTS = ("story", "partners", "action_plan", "next_step")
MAX_PART = 20_000
ASK_STATES = ("yellow", "red")  # 😐 and 😞: the form asks for an account (not required)


@dataclass(frozen=True)
class Account:
    account_id: int
    round_id: str
    target_id: str
    initiative_id: str
    story: str | None
    partners: str | None
    action_plan: str | None
    next_step: str | None
    next_step_date: dt.date | None
    author: str
    entered_at: dt.datetime
    supersedes: int | None
    version: int = 1

    def parts(self) -> dict[str, str | None]:
        return {p: getattr(self, p) for p in PARTS}

    def content(self) -> tuple:
        """What a reader sees: the four parts and the date (not who or when)."""
        return tuple((getattr(self, p) or "").strip() for p in PARTS) + (self.next_step_date,)


_COLUMNS = ("account_id, round_id, target_id, initiative_id, story, partners, action_plan, next_step, "
            "next_step_date, author, entered_at, supersedes")


def _accounts(con: duckdb.DuckDBPyConnection, round_id: str, until: dt.datetime | None = None,
              target_id: str | None = None) -> dict[str, Account]:
    """Per target: the round's version current at `until` (default: now) — the latest written by
    then that no version written by then supersedes — with its version number."""
    rows = con.execute(
        f"select {_COLUMNS} from accounts where round_id = ? and (?::timestamp is null or entered_at <= ?) "
        "and (?::varchar is null or target_id = ?) order by target_id, entered_at, account_id",
        [round_id, until, until, target_id, target_id]).fetchall()
    superseded = {r[11] for r in rows if r[11] is not None}
    count: dict[str, int] = {}
    out: dict[str, Account] = {}
    for r in rows:
        count[r[2]] = count.get(r[2], 0) + 1
        if r[0] not in superseded:
            out[r[2]] = Account(*r, version=count[r[2]])
    return out


def current(con: duckdb.DuckDBPyConnection, round_id: str, target_id: str) -> Account | None:
    return _accounts(con, round_id, target_id=target_id).get(target_id)


def history(con: duckdb.DuckDBPyConnection, round_id: str, target_id: str) -> pl.DataFrame:
    """Every version of one account, oldest first (nothing is ever deleted)."""
    return store.frame(con, f"select {_COLUMNS} from accounts where round_id = $r and target_id = $t "
                            "order by entered_at, account_id", {"r": round_id, "t": target_id})


CHANGE_FIELDS = (*PARTS, "next_step_date")


def versions(con: duckdb.DuckDBPyConnection, round_id: str, target_id: str) -> list[dict]:
    """Every version of one account, newest first: version (1 = the first), account_id, author,
    entered_at, the parts and date, and `changed` — the fields (CHANGE_FIELDS) that read differently
    from the version before (all that are filled in, for the first)."""
    def norm(row: dict | None, f: str):
        if row is None:
            return "" if f in PARTS else None
        return (row[f] or "").strip() if f in PARTS else row[f]

    out, before = [], None
    for n, row in enumerate(history(con, round_id, target_id).to_dicts(), start=1):
        out.append({**row, "version": n, "changed": [f for f in CHANGE_FIELDS if norm(row, f) != norm(before, f)]})
        before = row
    return out[::-1]


def at_freeze(con: duckdb.DuckDBPyConnection, round_id: str) -> dict[str, Account]:
    """The versions the round's report shows: current when it was frozen (an open round: now)."""
    row = con.execute("select frozen_at from round_freezes where round_id = ?", [round_id]).fetchall()
    return _accounts(con, round_id, until=row[0][0] if row else None)


def states_in_round(con: duckdb.DuckDBPyConnection, round_id: str) -> dict[str, str]:
    """Each target's smiley in the round: the frozen snapshot's for a frozen round, else what the
    status module says at the meeting date (the round is still open, its report not yet made)."""
    if con.execute("select 1 from round_freezes where round_id = ?", [round_id]).fetchall():
        return dict(con.execute("select target_id, final from round_snapshots where round_id = ?",
                                [round_id]).fetchall())
    rnd = con.execute("select meeting_date from rounds where round_id = ?", [round_id]).fetchall()
    if not rnd:
        return {}
    from queries.status_table import status_at  # the status module decides; this module only reads it
    df = status_at(con, rnd[0][0])
    return dict(zip(df["target_id"].to_list(), df["final"].to_list()))


def state_in_round(con: duckdb.DuckDBPyConnection, round_id: str, target_id: str) -> str | None:
    return states_in_round(con, round_id).get(target_id)


def asks_for_account(state: str | None) -> bool:
    return state in ASK_STATES


# --- writing -------------------------------------------------------------------------------------

def validate(con, round_id, target_id, parts: dict, next_step_date, author) -> tuple[list[Problem], str | None,
                                                                                        dt.date | None]:
    problems: list[Problem] = []

    def add(column, code, value=None, **params):
        problems.append(Problem(FORM, None, column, code, value, params))

    initiative, known_round = None, False
    if not round_id:
        add("round", "err.required")
    elif not con.execute("select 1 from rounds where round_id = ?", [round_id]).fetchall():
        add("round", "err.no_such_round", round_id)
    elif con.execute("select 1 from round_freezes where round_id = ?", [round_id]).fetchall():
        add("round", "account.err.frozen", round_id)
    else:
        known_round = True
    if not target_id:
        add("target", "err.required")
    else:
        row = con.execute("select initiative_id from targets where target_id = ? and valid_to is null",
                          [target_id]).fetchall()
        if not row:
            add("target", "err.unknown_target", target_id)
        else:
            initiative = row[0][0]
            if known_round and target_id not in rounds.round_targets(con, round_id):
                add("target", "account.err.not_in_round", target_id, round=round_id)
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown account parts: {sorted(unknown)}")
    for p in PARTS:
        text = parts.get(p)
        if text is not None and len(str(text)) > MAX_PART:
            add(p, "account.err.too_long", str(text)[:40], limit=MAX_PART)
    if not any(str(parts.get(p) or "").strip() for p in PARTS):
        add("story", "account.err.empty")
    day = None
    if next_step_date not in (None, ""):
        day = next_step_date if isinstance(next_step_date, dt.date) else parse_date(next_step_date)
        if day is None:
            add("next_step_date", "err.date", next_step_date)
    if author is None or not str(author).strip():
        add("author", "err.required")
    return problems, initiative, day


def record(con: duckdb.DuckDBPyConnection, round_id: str, target_id: str, parts: dict, author: str,
           next_step_date=None, entered_at: dt.datetime | None = None) -> int:
    """Append a version of the round's account for the target (in the caller's transaction) and
    return its id. It supersedes the current version; a frozen round refuses (InputError)."""
    problems, initiative, day = validate(con, round_id, target_id, parts, next_step_date, author)
    if problems:
        raise InputError(problems, summary_key="account.failed")
    old = current(con, round_id, target_id)
    clean = {p: (str(parts.get(p)).strip() or None) if parts.get(p) is not None else None for p in PARTS}
    when = entered_at or store.now()
    new_id = con.execute(
        "insert into accounts (round_id, target_id, initiative_id, story, partners, action_plan, next_step, "
        "next_step_date, author, entered_at, supersedes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "returning account_id",
        [round_id, target_id, initiative, clean["story"], clean["partners"], clean["action_plan"],
         clean["next_step"], day, str(author).strip(), when, old.account_id if old else None]).fetchone()[0]
    con.execute(
        "insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'account', ?, ?)",
        [store.now(), str(author).strip(), target_id,
         json.dumps({"account_id": new_id, "round_id": round_id, "version": (old.version + 1) if old else 1,
                     "supersedes": old.account_id if old else None}, ensure_ascii=False)])
    return new_id


def write(path, round_id: str, target_id: str, parts: dict, author: str, next_step_date=None) -> int:
    """`record` in a transaction of its own (the Data page and the CLI)."""
    with store.writing(path) as con:
        return record(con, round_id, target_id, parts, author, next_step_date)


# --- "Siden sidste møde" -------------------------------------------------------------------------

def changed_since(con: duckdb.DuckDBPyConnection, round_id: str, previous: str | None) -> pl.DataFrame:
    """The accounts of the round (as frozen) that are new or read differently from the same
    target's account in the previous round: target_id, initiative_id, change (new, changed)."""
    cur = at_freeze(con, round_id)
    old = at_freeze(con, previous) if previous else {}
    rows = []
    for tid, a in sorted(cur.items()):
        o = old.get(tid)
        if o is None:
            rows.append({"target_id": tid, "initiative_id": a.initiative_id, "change": "new"})
        elif o.content() != a.content():
            rows.append({"target_id": tid, "initiative_id": a.initiative_id, "change": "changed"})
    return pl.DataFrame(rows, schema={"target_id": pl.String, "initiative_id": pl.String, "change": pl.String})
