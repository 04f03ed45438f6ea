"""maalbord import microdata DIR: citizens.csv, enrolments.csv, spells.csv, events.csv and optional
progression.csv (UTF-8, comma-separated, header row, ISO dates YYYY-MM-DD, booleans true/false).

Validation is set-based in DuckDB (every cell read as text, then checked with try_cast), so a
delivery of millions of spells is checked in seconds. Every problem is reported at once, with file,
row (the line number in the file; the header is line 1), column and value, before anything is
written (the files are read before the transaction begins, so one unreadable file does not hide
the problems of the others). Then, in one transaction: the enrolments of the initiatives present in
enrolments.csv (or of those named with --initiative, see _replaced_initiatives) are replaced, and the citizens present in citizens.csv get their citizen row, spells
and events (and progression, when progression.csv is given) replaced; so do the spells, events and
progression of a citizen who is only in the store, when the file has rows for them (a second import
of the same files adds nothing).

`read_table` is the one function that turns a file into rows of text; swap it to read other
dialects (semicolons, Danish dates) — the checks and the load stay the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from queries import imports, store
from queries import upkeep
from queries.problems import InputError, Problem
from queries.vocabulary import STUDY_ARMS

STATES = ("job", "education", "flexjob", "cash_benefit", "sickness_benefit", "unemployment_benefit",
          "resource_course", "disability_pension", "leisure_job", "club_activity")
MAX_PROBLEMS = 200

# file -> (column, type, required); types: text, int, date, bool, number, score, state, arm, initiative
FILES = {
    "citizens": [("citizen_id", "text", True), ("birth_year", "int", False), ("sex", "text", False),
                 ("district", "text", False)],
    "enrolments": [("citizen_id", "text", True), ("initiative_id", "initiative", True), ("arm", "arm", False),
                   ("start_date", "date", True), ("end_date", "date", False), ("completed", "bool", False)],
    "spells": [("citizen_id", "text", True), ("state", "state", True), ("from_date", "date", True),
               ("to_date", "date", False)],
    "events": [("citizen_id", "text", True), ("kind", "text", True), ("date", "date", True),
               ("value", "number", False)],
    "progression": [("citizen_id", "text", True), ("date", "date", True), ("dimension", "text", True),
                    ("score", "score", True)],
}
OPTIONAL_FILES = ("progression",)
BOOL_TRUE, BOOL_FALSE = ("true", "1", "ja", "yes"), ("false", "0", "nej", "no")


def read_table(con: duckdb.DuckDBPyConnection, path: Path, name: str) -> tuple[list[str], list[Problem]]:
    """Load one CSV file into temp table _raw_<name>: every column as text, plus `_row` (the line
    number in the file). Returns the header and the lines DuckDB could not read (too few or too many
    fields, bytes that are not UTF-8), one problem per line. The dialect lives here and only here.
    skip = 0: the header is line 1 (the sniffer would otherwise skip lines up to a ragged one and
    take that as the header); store_rejects: a bad line is reported with its number, not a crash."""
    con.execute(f"""create or replace temp table _raw_{name} as
        select row_number() over () + 1 as _row, *
        from read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', skip = 0,
                      store_rejects = true, rejects_table = '_rejects_{name}', rejects_scan = '_rejects_scan_{name}')""",
                {"path": str(path)})
    header = [r[0] for r in con.execute(f"describe _raw_{name}").fetchall() if r[0] != "_row"]
    rejected = con.execute(f"""select line, first(error_type order by column_idx), first(error_message order by column_idx)
                               from _rejects_{name} group by line order by line limit {MAX_PROBLEMS}""").fetchall()
    return header, [_rejected(path.name, line, kind, message) for line, kind, message in rejected]


def _rejected(fname: str, line: int, kind: str, message: str) -> Problem:
    """A line DuckDB's CSV reader rejected, in words (its own message only for rarer kinds)."""
    fields = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message or "")
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS") and fields:
        return Problem(fname, line, "*", "err.too_many_fields" if kind == "TOO MANY COLUMNS" else "err.too_few_fields",
                       params={"n": int(fields.group(2)), "expected": int(fields.group(1))})
    if kind == "INVALID ENCODING":
        return Problem(fname, line, "*", "err.not_utf8")
    return Problem(fname, line, "*", "err.csv_line", params={"detail": (message or kind).splitlines()[0][:200]})


def _check(kind: str, col: str) -> tuple[str, str, dict]:
    """(SQL condition that is true for a bad non-empty value, problem code, params)."""
    v = f'trim("{col}")'
    return {
        "text": ("false", "", {}),
        "int": (f"try_cast({v} as integer) is null", "err.integer", {}),
        "number": (f"try_cast({v} as double) is null", "err.number", {}),
        "date": (f"try_strptime({v}, '%Y-%m-%d') is null", "err.iso_date", {}),
        "bool": (f"lower({v}) not in {BOOL_TRUE + BOOL_FALSE}", "err.bool", {}),
        "score": (f"try_cast({v} as integer) is null or try_cast({v} as integer) not between 1 and 5", "err.score", {}),
        "state": (f"{v} not in {STATES}", "err.enum", {"allowed": ", ".join(STATES)}),
        "arm": (f"{_arm(col)} is null", "err.enum", {"allowed": imports.arm_choices(STUDY_ARMS)}),
        "initiative": (f"{v} not in (select initiative_id from initiatives)", "err.unknown_initiative", {}),
    }[kind]


def validate(con, directory: Path, initiatives: list[str] | None = None) -> tuple[list[str], list[Problem]]:
    """Read every file and find every problem. Returns the files present and the problems."""
    problems: list[Problem] = []
    present: list[str] = []
    for name, spec in FILES.items():
        path = directory / f"{name}.csv"
        if not path.exists():
            if name not in OPTIONAL_FILES:
                problems.append(Problem(f"{name}.csv", None, None, "err.microdata_dir", str(directory)))
            continue
        fname = path.name
        if not path.read_bytes()[:4096].strip():
            problems.append(Problem(fname, None, None, "err.empty_file"))
            continue
        try:
            header, rejected = read_table(con, path, name)
        except duckdb.Error as exc:  # outside a transaction (see import_dir), so the next file still reads
            problems.append(Problem(fname, None, None, "err.csv_parse",
                                    params={"detail": str(exc).splitlines()[0][:200]}))
            continue
        if rejected:  # row numbers after a rejected line would be off: report the bad lines only
            problems.extend(rejected)
            continue
        if len(header) == 1 and ";" in header[0]:  # e.g. Excel's Danish "CSV": one problem, not one per column
            problems.append(Problem(fname, 1, "*", "err.semicolon"))
            continue
        present.append(name)
        # every documented column must be in the header, even where its cells may be empty: a file
        # without to_date (or end_date, completed, value) would otherwise load as if all were empty
        missing = [c for c, _, _req in spec if c not in header]
        for c in missing:
            problems.append(Problem(fname, None, c, "err.missing_column"))
        for c in header:
            if c not in {s[0] for s in spec} and not (name == "enrolments" and c == "enrolment_id"):
                problems.append(Problem(fname, None, c, "err.extra_column"))
        if missing:
            continue
        for col, kind, required in spec:
            if col not in header:
                con.execute(f'alter table _raw_{name} add column "{col}" varchar')
                continue
            bad, code, params = _check(kind, col)
            empty = f'("{col}" is null or trim("{col}") = \'\')'
            rows = con.execute(f"""
                select _row, "{col}", {empty} as is_empty from _raw_{name}
                where {empty if required else 'false'} or (not {empty} and ({bad}))
                order by _row limit {MAX_PROBLEMS}""").fetchall()
            for row, value, is_empty in rows:
                problems.append(Problem(fname, row, col, "err.required" if is_empty else code, value, params))
        if name == "spells":
            for row, value in con.execute("""select _row, to_date from _raw_spells
                    where try_strptime(trim(to_date), '%Y-%m-%d') < try_strptime(trim(from_date), '%Y-%m-%d')
                    order by _row limit 200""").fetchall():
                problems.append(Problem(fname, row, "to_date", "err.to_before_from", value))
        if name == "enrolments":
            for row, value in con.execute("""select _row, end_date from _raw_enrolments
                    where try_strptime(trim(end_date), '%Y-%m-%d') < try_strptime(trim(start_date), '%Y-%m-%d')
                    order by _row limit 200""").fetchall():
                problems.append(Problem(fname, row, "end_date", "err.to_before_from", value))
    for name, col in (("citizens", "citizen_id"), ("enrolments", "enrolment_id")):
        if name in present and col in [r[0] for r in con.execute(f"describe _raw_{name}").fetchall()]:
            for row, value, first in con.execute(f"""select _row, "{col}", first_row from (
                    select _row, "{col}", min(_row) over (partition by trim("{col}")) as first_row
                    from _raw_{name} where nullif(trim("{col}"), '') is not null)
                    where _row > first_row order by _row limit {MAX_PROBLEMS}""").fetchall():
                problems.append(Problem(f"{name}.csv", row, col, "err.duplicate_row", value, {"other": first}))
    if "enrolments" in present:
        _replaced_initiatives(con, initiatives)
    if initiatives is not None:  # the delivery names the initiatives it covers (--initiative)
        for value in sorted(set(initiatives) - {r[0] for r in con.execute("select initiative_id from initiatives").fetchall()}):
            problems.append(Problem("--initiative", None, None, "err.unknown_initiative", value))
        if "enrolments" in present:
            for row, value in con.execute(f"""select _row, initiative_id from _raw_enrolments
                    where trim(initiative_id) not in (select initiative_id from _replaced)
                    order by _row limit {MAX_PROBLEMS}""").fetchall():
                problems.append(Problem("enrolments.csv", row, "initiative_id", "err.initiative_not_named", value))
    if "enrolments" in present and "enrolment_id" in [r[0] for r in con.execute("describe _raw_enrolments").fetchall()]:
        # an id kept by an initiative this delivery does not replace
        for row, value, other in con.execute(f"""select r._row, r.enrolment_id, e.initiative_id from _raw_enrolments r
                join enrolments e on e.enrolment_id = trim(r.enrolment_id)
                where e.initiative_id not in (select initiative_id from _replaced)
                order by r._row limit {MAX_PROBLEMS}""").fetchall():
            problems.append(Problem("enrolments.csv", row, "enrolment_id", "err.duplicate_id", value, {"other": other}))
    if "citizens" in present:
        for name in [n for n in present if n != "citizens"]:
            if "citizen_id" not in [r[0] for r in con.execute(f"describe _raw_{name}").fetchall()]:
                continue
            for row, value in con.execute(f"""select _row, citizen_id from _raw_{name}
                    where trim(citizen_id) not in (select trim(citizen_id) from _raw_citizens where citizen_id is not null)
                      and trim(citizen_id) not in (select citizen_id from citizens)
                    order by _row limit 200""").fetchall():
                problems.append(Problem(f"{name}.csv", row, "citizen_id", "err.unknown_citizen", value))
    return present, problems[:MAX_PROBLEMS]


def _arm(col: str) -> str:
    """SQL: the arm code for a cell written as the code or as the app's label in either language
    ('Indsatsgruppe', 'control group'; any case and spacing — imports.arm_words); null otherwise."""
    cases = " ".join(f"when '{word.replace(chr(39), chr(39) * 2)}' then '{code}'"
                     for word, code in imports.arm_words(STUDY_ARMS).items())
    return f"""(case lower(trim(regexp_replace("{col}", '\\s+', ' ', 'g'))) {cases} end)"""


def _date(col: str) -> str:
    return f"try_strptime(nullif(trim({col}), ''), '%Y-%m-%d')::date"


KEYED_TABLES = ("enrolments", "spells", "events")


def fill_citizen_keys(con) -> int:
    """Set citizen_key (schema 008_citizen_keys.sql) on microdata rows that have none: a citizen_id
    not yet in citizen_keys gets the next free integer, then the rows copy their citizen's key.
    Import writes rows without the key and calls this (through the after-change hook); refresh
    calls it first, so a key is never missing. Returns the number of rows filled (0 costs one
    scan of each key column)."""
    counts = con.execute("select " + ", ".join(f"(select count(*) from {t} where citizen_key is null)"
                                               for t in KEYED_TABLES)).fetchall()[0]
    missing = [t for t, c in zip(KEYED_TABLES, counts) if c]
    if not missing:
        return 0
    new_ids = " union ".join(f"select citizen_id from {t} where citizen_key is null" for t in missing)
    con.execute(f"""insert into citizen_keys
        select citizen_id, ((select coalesce(max(citizen_key), 0) from citizen_keys)
                            + row_number() over (order by citizen_id))::uinteger
        from ({new_ids}) n
        where citizen_id not in (select citizen_id from citizen_keys)""")
    filled = 0
    for t in missing:
        filled += con.execute(f"""update {t} set citizen_key = k.citizen_key from citizen_keys k
                                  where {t}.citizen_key is null and k.citizen_id = {t}.citizen_id""").fetchall()[0][0]
    return filled


# Spells are stored grouped by state, then by end date (open spells last), then citizen and start:
# every measure reads only the states its targets count, and only spells that end on or after the
# earliest date its cohort looks at. DuckDB's zone maps (min/max per row group) then skip the row
# groups of the other states and of spells that ended long before — the part a covering index plays
# in a row store. demo and import write them in this order; schema 011 re-sorted stores made before
# (010 had grouped them by state only). See docs/performance.md.
SPELLS_ORDER = "state, to_date nulls last, citizen_id, from_date"

LOAD = {
    "citizens": """insert into citizens select trim(citizen_id), try_cast(nullif(trim(birth_year), '') as smallint),
                   nullif(trim(sex), ''), nullif(trim(district), '') from _raw_citizens""",
    "enrolments": f"""insert into enrolments (enrolment_id, citizen_id, initiative_id, arm, start_date, end_date, completed)
        select coalesce(nullif(trim(enrolment_id), ''), trim(initiative_id) || '-' || trim(citizen_id) || '-' || _row),
               trim(citizen_id), trim(initiative_id), coalesce({_arm('arm')}, 'treatment'),
               {_date('start_date')}, {_date('end_date')},
               coalesce(lower(trim(completed)) in {BOOL_TRUE}, false)
        from _raw_enrolments""",
    "spells": f"""insert into spells (citizen_id, state, from_date, to_date)
                  select * from (select trim(citizen_id) as citizen_id, trim(state) as state,
                                        {_date('from_date')} as from_date, {_date('to_date')} as to_date
                                 from _raw_spells)
                  order by {SPELLS_ORDER}""",
    "events": f"""insert into events (citizen_id, kind, date, value)
                  select trim(citizen_id), trim(kind), {_date('date')},
                  try_cast(nullif(trim(value), '') as double) from _raw_events""",
    "progression": f"""insert into progression select trim(citizen_id), {_date('date')}, trim(dimension),
                       trim(score)::tinyint from _raw_progression""",
}


def _replaced_initiatives(con, initiatives: list[str] | None) -> None:
    """Temp table _replaced: the initiatives whose enrolments the import replaces — those named with
    --initiative (an initiative may then be emptied: named, with no rows in the file), else those
    with rows in enrolments.csv."""
    con.execute("create or replace temp table _replaced (initiative_id varchar)")
    if initiatives is not None:
        con.executemany("insert into _replaced values (?)", [[i] for i in sorted(set(initiatives))])
    else:
        con.execute("""insert into _replaced select distinct trim(initiative_id) from _raw_enrolments
                       where nullif(trim(initiative_id), '') is not null""")


def import_dir(directory: Path | str, path=None, actor: str | None = None,
               initiatives: list[str] | None = None) -> dict:
    """Validate everything, then replace the microdata in one transaction. Raises InputError.
    `initiatives`: the initiatives the delivery covers (default: those in enrolments.csv); each
    one's enrolments are replaced by the file's, none if it has none."""
    directory = Path(directory)
    actor = actor or store.current_user()
    con = store.connect(store.existing(path))
    try:
        if store.is_synthetic(con):  # real microdata never mix with demo data (nor take its label)
            raise InputError([Problem(str(directory), None, None, "err.store_is_demo")], "err.microdata_failed")
        # Validate before the transaction: a file DuckDB cannot parse then fails only its own statement
        # instead of aborting the transaction (and every later file's check) with it.
        present, problems = validate(con, directory, initiatives)
        if problems:
            raise InputError(problems, "err.microdata_failed")
        with store.transaction(con):
            report = _replace(con, directory, present, actor)
    finally:
        con.close()
    return report


def _replace(con, directory: Path, present: list[str], actor: str) -> dict:
    """The writing half of import_dir, inside its transaction."""
    if "enrolment_id" not in [r[0] for r in con.execute("describe _raw_enrolments").fetchall()]:
        con.execute("alter table _raw_enrolments add column enrolment_id varchar")
    initiatives = [r[0] for r in con.execute("select initiative_id from _replaced order by 1").fetchall()]
    con.execute("delete from enrolments where initiative_id in (select initiative_id from _replaced)")
    con.execute("create or replace temp table _import_citizens as "
                "select distinct trim(citizen_id) as citizen_id from _raw_citizens")
    for table in ("spells", "events", "progression", "citizens"):
        if table in present:  # an absent optional file (progression) leaves that table alone
            # the citizens in citizens.csv, and any citizen the file itself has rows for (one already in
            # the store): a second import of the same files replaces those rows instead of adding copies
            named = "" if table == "citizens" else f" or citizen_id in (select trim(citizen_id) from _raw_{table})"
            con.execute(f"delete from {table} where citizen_id in (select citizen_id from _import_citizens){named}")
    counts = {}
    for name in present:
        before = con.execute(f"select count(*) from {name}").fetchall()[0][0]
        con.execute(LOAD[name])
        counts[name] = con.execute(f"select count(*) from {name}").fetchall()[0][0] - before
    for name in present:
        con.execute(f"drop table if exists _raw_{name}")
    con.execute("drop table _import_citizens")
    con.execute("drop table if exists _replaced")
    con.execute("insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'import_microdata', ?, ?)",
                [store.now(), actor, str(directory), json.dumps({"initiatives": initiatives, **counts})])
    upkeep.after_write(con)
    return {"initiatives": initiatives, "counts": counts}

