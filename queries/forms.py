"""Forms: one measurement entered by hand; a target's value or tolerance changed (a new version).

Both validate first (all problems at once, `InputError`, nothing written), then write in one
transaction with an audit_log row holding before/after, and call `upkeep.after_write(con)`.
The page (dashboard/screens/data.py) and tests call these; the CLI import shares the validation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from queries import imports, store
from queries import upkeep
from queries.files import ROW, parse_date, parse_number
from queries.problems import InputError, Problem

FORM = "skema"
TARGET_CHANGE_FIELDS = ("target_value", "tolerance")


def _num(value, column: str, problems: list[Problem], lang: str = "da") -> float | None:
    """A typed number read as the page writes numbers in `lang` (files.parse_number, the import's
    reader): Danish 5.600 = 5600 and 5,6 = 5.6, English 5,600 = 5600; None when empty, and a
    problem naming the field when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_number(value, lang)
    if number is None:
        problems.append(Problem(FORM, None, column, "err.number", value))
    return number


def _date(value, problems: list[Problem]) -> dt.date | None:
    if value is None or not str(value).strip():
        problems.append(Problem(FORM, None, "as_of", "err.required"))
        return None
    out = parse_date(value)
    if out is None:
        problems.append(Problem(FORM, None, "as_of", "err.date", value))
    return out


def enter_measurement(path: Path | str | None, target_id: str, as_of, value=None, numerator=None,
                      denominator=None, arm: str = "all", source: str = "", note: str | None = None,
                      actor: str | None = None, lang: str = "da") -> dict:
    """Validate and store one measurement (origin 'form'); a changed value supersedes the current one.
    Typed numbers are read as the page writes them in `lang` (Danish 1.234,5; English 1,234.5).
    Returns {"status": new|unchanged|superseding, "measurement_id": …, "before": …}."""
    actor = actor or store.current_user()
    problems: list[Problem] = []
    row = {
        ROW: 1, "target_id": (target_id or "").strip() or None, "as_of": _date(as_of, problems),
        "value": _num(value, "value", problems, lang), "numerator": _num(numerator, "numerator", problems, lang),
        "denominator": _num(denominator, "denominator", problems, lang), "arm": (arm or "all").strip(),
        "source": (source or "").strip() or None, "note": (note or "").strip() or None,
    }
    if row["target_id"] is None:
        problems.append(Problem(FORM, None, "target_id", "err.required"))
    if row["source"] is None:
        problems.append(Problem(FORM, None, "source", "err.required"))
    frame = pl.DataFrame([row], schema={ROW: pl.Int64, "target_id": pl.String, "as_of": pl.Date,
                                        "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64,
                                        "arm": pl.String, "source": pl.String, "note": pl.String})
    with store.writing(path) as con:
        checked, more = imports.validate(frame, imports.targets_frame(con), FORM)
        # one problem per field: a value that failed to convert ("12,5x") is "not a number", not also missing
        reported = {p.column for p in problems}
        problems += [Problem(p.file, None, p.column, p.code, p.value, p.params) for p in more
                     if p.column not in reported]
        if problems:
            raise InputError(problems, "err.form_failed")
        planned = imports.classify(checked, imports.current_frame(con)).row(0, named=True)
        before = None
        if planned["supersedes"] is not None:
            before = {"measurement_id": planned["supersedes"], "value": planned["old_value"],
                      "numerator": planned["old_numerator"], "denominator": planned["old_denominator"]}
        if planned["status"] == "unchanged":
            return {"status": "unchanged", "measurement_id": planned["supersedes"], "before": before}
        stamp = store.now()
        new_id = con.execute(
            """insert into measurements (target_id, target_version, as_of, arm, value, numerator, denominator,
                   source, origin, synthetic, entered_by, entered_at, note, supersedes)
               values (?, ?, ?, ?, ?, ?, ?, ?, 'form', false, ?, ?, ?, ?) returning measurement_id""",
            [planned["target_id"], planned["target_version"], planned["as_of"], planned["arm"], planned["value"],
             planned["numerator"], planned["denominator"], planned["source"], actor, stamp, planned["note"],
             planned["supersedes"]]).fetchone()[0]
        after = {"measurement_id": new_id, "as_of": planned["as_of"], "arm": planned["arm"],
                 "value": planned["value"], "numerator": planned["numerator"],
                 "denominator": planned["denominator"], "source": planned["source"]}
        imports.audit(con, actor, "form_measurement", planned["target_id"], {"before": before, "after": after})
        upkeep.after_write(con)
    return {"status": planned["status"], "measurement_id": new_id, "before": before}


def current_target(con, target_id: str) -> dict | None:
    row = store.frame(con, "select * from targets where target_id = $id and valid_to is null", {"id": target_id})
    return row.row(0, named=True) if row.height else None


def change_target(path: Path | str | None, target_id: str, reason: str, actor: str | None = None,
                  lang: str = "da", **changes) -> dict:
    """Close the target's current version and add the next with new target_value and/or tolerance
    (typed numbers read as the page writes them in `lang`, as `enter_measurement`).
    Measurements keep their target_version (the version they were judged against)."""
    actor = actor or store.current_user()
    problems: list[Problem] = []
    unknown = set(changes) - set(TARGET_CHANGE_FIELDS)
    if unknown:
        raise ValueError(f"only {TARGET_CHANGE_FIELDS} can be changed here, not {sorted(unknown)}")
    new_values = {k: _num(v, k, problems, lang) for k, v in changes.items()}
    for k, v in new_values.items():
        if v is not None and k == "tolerance" and v < 0:
            problems.append(Problem(FORM, None, k, "err.negative", v))
    if not (reason or "").strip():
        problems.append(Problem(FORM, None, "change_reason", "err.reason_required"))
    with store.writing(path) as con:
        current = current_target(con, target_id) if target_id else None
        if current is None:
            problems.append(Problem(FORM, None, "target_id", "err.unknown_target", target_id))
        elif not problems and all(_same(current[k], v) for k, v in new_values.items()):
            problems.append(Problem(FORM, None, ", ".join(new_values) or "target_value", "err.no_change"))
        if problems:
            raise InputError(problems, "err.form_failed")
        stamp = store.now()
        con.execute("update targets set valid_to = ? where target_id = ? and version = ?",
                    [stamp, target_id, current["version"]])
        nxt = {**current, **new_values, "version": current["version"] + 1, "valid_from": stamp, "valid_to": None,
               "changed_by": actor, "change_reason": reason.strip()}
        cols = list(nxt)
        con.execute(f"insert into targets ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
                    [nxt[c] for c in cols])
        before = {k: current[k] for k in new_values} | {"version": current["version"]}
        after = {k: nxt[k] for k in new_values} | {"version": nxt["version"]}
        imports.audit(con, actor, "form_target", target_id, {"before": before, "after": after, "reason": reason.strip()})
        upkeep.after_write(con)
    return {"target_id": target_id, "version": nxt["version"], "before": before, "after": after}


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-12


def target_choices(con) -> pl.DataFrame:
    """Every current target: id, label, unit, target value, tolerance, version (for form pickers)."""
    return store.frame(con, """
        select t.target_id, coalesce(t.short_text, t.text) as label, t.unit, t.kind, t.target_value, t.tolerance,
               t.version, t.arms
        from targets t where t.valid_to is null order by t.target_id""")


def record_assessment(path: Path | str | None, initiative_id: str, target_id: str | None, round_id: str | None,
                      state: str, text: str, author: str) -> int:
    """An assessment (state + mandatory reason) through queries/assessments.py `record`, in its own
    transaction. `record` validates (all problems at once), writes the audit row and recomputes status."""
    from queries import assessments
    with store.writing(path) as con:
        return assessments.record(con, initiative_id, target_id or None, round_id or None, state, text, author)


def assessment_choices(con) -> dict[str, pl.DataFrame]:
    """Initiatives, current targets and rounds for the assessment form's pickers."""
    return {
        "initiatives": store.frame(con, "select initiative_id, name, committee_id from initiatives order by sort_order, 1"),
        "targets": store.frame(con, "select target_id, initiative_id, coalesce(short_text, text) as label "
                                    "from targets where valid_to is null order by sort_order, 1"),
        "rounds": store.frame(con, "select round_id, committee_id, meeting_date, title from rounds "
                                   "order by meeting_date desc"),
    }
