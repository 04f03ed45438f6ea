"""Importing measurements (aggregates) from a file: read → validate → plan → commit.

`plan(con, source, name)` reads the file (queries/files.py), validates every row against the store
(read-only connection) and returns an `ImportPlan`: either problems (nothing will be written) or a
preview with each row classified as new, unchanged or superseding an existing value (old → new).
`commit(path, plan, actor)` writes the plan in ONE transaction: measurements (origin 'import',
append-only; a changed value is a new row whose `supersedes` points at the old one), a row in
`imports` with the file's SHA-256, an audit_log row — then `upkeep.after_write(con)` — then commit.
A file whose hash is already in `imports` is recognised and changes nothing.

The same validation serves the one-measurement form (queries/forms.py).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from queries import formats, store
from queries.files import ROW, Column, read_table, sha256
from queries.problems import Choices, InputError, Problem, counted
from queries.texts import LANGUAGES, t, t_or
from queries.vocabulary import ARMS

COUNT_UNITS = ("persons", "count", "days", "meetings_per_week", "years")
KEY = ("target_id", "as_of", "arm")

SPEC = (
    Column("target_id", "text", ("mål_id", "maal_id", "target", "mål")),
    Column("as_of", "date", ("dato", "date", "opgjort_pr", "pr_dato")),
    Column("value", "number", ("værdi", "vaerdi"), nonempty=False),
    Column("numerator", "number", ("tæller", "taeller"), required=False, nonempty=False),
    Column("denominator", "number", ("nævner", "naevner", "n"), required=False, nonempty=False),
    Column("arm", "text", ("gruppe",), required=False, nonempty=False, default="all"),
    Column("source", "text", ("kilde",)),
    Column("note", "text", ("bemærkning", "bemaerkning", "notat"), required=False, nonempty=False),
)
SPEC_HEADERS = {c.name: c for c in SPEC}

# Hook for the crash and concurrency tests: seconds to sleep inside the write transaction, after the
# rows are inserted and before commit. Never set in normal use.
SLEEP_ENV = "MAALBORD_IMPORT_SLEEP"
CHUNK = 100_000


@dataclass
class ImportPlan:
    file: str
    content_hash: str
    problems: list[Problem] = field(default_factory=list)
    rows: pl.DataFrame | None = None        # validated rows + status, old_value, supersedes
    already: dict | None = None             # the `imports` row when this file was imported before

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        if self.rows is None:
            return {"new": 0, "unchanged": 0, "superseding": 0}
        vc = dict(self.rows.group_by("status").len().iter_rows())
        return {k: int(vc.get(k, 0)) for k in ("new", "unchanged", "superseding")}

    def preview(self) -> pl.DataFrame:
        """Rows as the user checks them before confirming: status, key, old → new."""
        cols = [ROW, "status", "target_id", "as_of", "arm", "old_value", "value", "numerator", "denominator",
                "source", "note"]
        if self.rows is None:
            return pl.DataFrame(schema={c: pl.String for c in cols})
        return self.rows.select(cols).sort(ROW)


def arm_words(codes: tuple[str, ...] = ARMS) -> dict[str, str]:
    """What a file may write for an arm → its code: the code, or the label the app shows for it in
    either language ('Alle', 'Indsatsgruppe', 'Treatment group' …), any case and spacing (`arm_key`)."""
    words = {code: code for code in codes}
    for table in LANGUAGES.values():
        words |= {arm_key(table[f"arm.{code}"]): code for code in codes}
    return words


def arm_key(text: str) -> str:
    """An arm as written, as `arm_words` looks it up: trimmed, lower case, single spaces."""
    return " ".join(str(text).split()).lower()


def arm_choices(codes: tuple[str, ...] = ARMS) -> Choices:
    """The arms listed in an 'invalid value' problem as the reader's language names them."""
    return Choices(tuple(f"arm.{code}" for code in codes))


def counts_text(key: str, lang: str, new: int, superseding: int, unchanged: int = 0, **params) -> str:
    """An import's row counts in text `key` (data.preview, data.imported, cli.import_*), each count
    agreeing with its number: '1 ny, 2 rettede, 1 uændret' (texts data.n.*, one and many)."""
    return t(key, lang, new=counted("data.n.new", new, lang), superseding=counted("data.n.superseding", superseding, lang),
             unchanged=counted("data.n.unchanged", unchanged, lang), **params)


def already_text(key: str, lang: str, already: dict, **params) -> str:
    """'The file was already imported (23-11-2026 06:13 by app)': text `key` with when and who of the
    earlier import (`ImportPlan.already`), the time as the app writes it (DD-MM-YYYY HH:MM, as the log)."""
    return t(key, lang, when=formats.date(already["imported_at"], with_time=True), who=already["imported_by"], **params)


def targets_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return store.frame(con, "select target_id, version as target_version, unit from targets where valid_to is null")


def current_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The current (not superseded) measurement per key, as entered (catalogue, import, form).
    Computed values (origin 'beregnet') have their own chain and are not touched by imports."""
    return store.query_file(con, "imports_current")


def validate(frame: pl.DataFrame, targets: pl.DataFrame, name: str, headers: dict[str, str] | None = None
             ) -> tuple[pl.DataFrame, list[Problem]]:
    """Domain rules on converted rows. Returns the rows (with target_version, value filled) and problems.
    `headers` maps canonical names to the header the user wrote (for messages)."""
    headers = headers or {}
    h = lambda c: headers.get(c, c)
    problems: list[Problem] = []
    # an arm as the page shows it ('Alle', 'Indsatsgruppe') or as its code; anything else stays for the check
    df = frame.with_columns(pl.col("arm").fill_null("all").str.strip_chars().str.to_lowercase()
                            .str.replace_all(r"\s+", " ").replace(arm_words()))
    df = df.join(targets, on="target_id", how="left")
    pct = pl.col("unit") == "pct"
    computed = (pl.col("numerator") / pl.col("denominator") * 100)
    df = df.with_columns(
        pl.when(pl.col("value").is_null() & pct & (pl.col("denominator") > 0))
        .then(computed).otherwise(pl.col("value")).alias("value"))
    has_target = pl.col("target_version").is_not_null() & pl.col("target_id").is_not_null()
    checks = [
        # (mask, column, code, value column)
        (pl.col("target_id").is_not_null() & pl.col("target_version").is_null(), "target_id", "err.unknown_target",
         "target_id"),
        (~pl.col("arm").is_in(list(ARMS)), "arm", "err.enum", "arm"),
        # (a share's value may be left empty when numerator and denominator give it: filled in above)
        (has_target & pl.col("value").is_null(), "value", "err.required", None),
        (pct & (pl.col("arm") != "effect") & ((pl.col("value") < 0) | (pl.col("value") > 100)), "value",
         "err.range_pct", "value"),
        (pl.col("unit").is_in(list(COUNT_UNITS)) & (pl.col("arm") != "effect") & (pl.col("value") < 0), "value",
         "err.negative", "value"),
        (pl.col("numerator") < 0, "numerator", "err.negative", "numerator"),
        (pl.col("denominator") < 0, "denominator", "err.negative", "denominator"),
        (pl.col("numerator") > pl.col("denominator"), "numerator", "err.num_gt_den", "numerator"),
    ]
    flags = df.select(pl.col(ROW), *[m.fill_null(False).alias(f"c{i}") for i, (m, *_) in enumerate(checks)])
    bad = flags.filter(pl.any_horizontal([f"c{i}" for i in range(len(checks))]))
    if bad.height:
        values = df.filter(pl.col(ROW).is_in(bad[ROW].implode())).select(
            ROW, *{c for *_, c in checks if c}).rows_by_key(ROW, named=True, unique=True)
        for r in bad.iter_rows(named=True):
            for i, (_, column, code, value_col) in enumerate(checks):
                if r[f"c{i}"]:
                    params = {"allowed": arm_choices()} if code == "err.enum" else {}
                    value = values[r[ROW]][value_col] if value_col else None
                    problems.append(Problem(name, r[ROW], h(column), code, _fmt(value), params))
    # duplicates within the file: the same target, date and arm twice
    keyed = df.filter(pl.all_horizontal([pl.col(k).is_not_null() for k in KEY]))
    dups = keyed.with_columns(pl.col(ROW).min().over(list(KEY)).alias("_first")).filter(pl.col(ROW) != pl.col("_first"))
    for r in dups.select(ROW, "_first", "target_id").iter_rows(named=True):
        problems.append(Problem(name, r[ROW], h("target_id"), "err.dup_row", r["target_id"], {"other": r["_first"]}))
    return df, problems


def _fmt(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plan(con: duckdb.DuckDBPyConnection, source: Path | str | bytes, name: str | None = None) -> ImportPlan:
    """Read, validate and classify a file against the store (nothing is written)."""
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "fil")
    digest = sha256(data)
    already = con.execute(
        "select batch_id, file_name, imported_by, imported_at, rows_added, rows_superseded from imports "
        "where content_hash = ? and kind = 'measurements' order by imported_at limit 1", [digest]).fetchone()
    if already:
        keys = ("batch_id", "file_name", "imported_by", "imported_at", "rows_added", "rows_superseded")
        return ImportPlan(name, digest, already=dict(zip(keys, already)))
    table = read_table(data, SPEC, name)
    problems = list(table.problems)
    if any(p.row is None for p in problems) or table.frame.height == 0:  # file-level: nothing to check
        return ImportPlan(name, digest, problems or [Problem(name, None, None, "err.header_only")])
    rows, more = validate(table.frame, targets_frame(con), name, table.headers)
    reported = {(p.row, p.column) for p in problems}  # a cell that failed to convert is reported once
    problems += [p for p in more if (p.row, p.column) not in reported]
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        return ImportPlan(name, digest, problems)
    rows = classify(rows, current_frame(con))
    return ImportPlan(name, digest, rows=rows)


def classify(rows: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Mark each row new / unchanged / superseding against the current value of its key."""
    df = rows.join(current, on=list(KEY), how="left")
    same = (_eq("value", "old_value") & _eq("numerator", "old_numerator") & _eq("denominator", "old_denominator"))
    return df.with_columns(
        pl.when(pl.col("supersedes").is_null()).then(pl.lit("new"))
        .when(same).then(pl.lit("unchanged")).otherwise(pl.lit("superseding")).alias("status"))


def _eq(a: str, b: str) -> pl.Expr:
    return (pl.col(a).is_null() & pl.col(b).is_null()) | ((pl.col(a) - pl.col(b)).abs() < 1e-9).fill_null(False)


@dataclass
class ImportResult:
    file: str
    content_hash: str
    batch_id: str | None
    added: int
    superseded: int
    unchanged: int
    already: bool = False


def commit(path: Path | str | None, p: ImportPlan, actor: str,
           progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Write a validated plan in one transaction (all rows or none)."""
    if p.already:
        return ImportResult(p.file, p.content_hash, p.already["batch_id"], 0, 0, 0, already=True)
    if p.problems:
        raise InputError(p.problems, "err.import_failed")
    counts = p.counts()
    todo = p.rows.filter(pl.col("status") != "unchanged")
    stamp = store.now()
    batch_id = f"imp-{stamp:%Y%m%d%H%M%S}-{p.content_hash[:10]}"
    total = todo.height
    with store.writing(path) as con:
        # re-check inside the transaction: another writer may have imported the same file meanwhile
        if con.execute("select 1 from imports where content_hash = ? and kind = 'measurements'",
                       [p.content_hash]).fetchone():
            return ImportResult(p.file, p.content_hash, None, 0, 0, 0, already=True)
        insert = todo.select(
            "target_id", "target_version", "as_of", "arm", "value", "numerator", "denominator", "source", "note",
            pl.col("supersedes").cast(pl.Int64))
        done = 0
        if progress:
            progress(0, total)
        for start in range(0, max(total, 1), CHUNK):
            chunk = insert.slice(start, CHUNK)
            if chunk.height == 0:
                break
            con.register("incoming_chunk", chunk.to_arrow())
            con.execute(
                """insert into measurements (target_id, target_version, as_of, arm, value, numerator, denominator,
                       source, origin, synthetic, entered_by, entered_at, note, supersedes, batch_id)
                   select target_id, target_version, as_of, arm, value, numerator, denominator, source, 'import',
                          false, ?, ?, note, supersedes, ? from incoming_chunk""", [actor, stamp, batch_id])
            con.unregister("incoming_chunk")
            done += chunk.height
            if progress:
                progress(done, total)
        con.execute(
            "insert into imports (batch_id, kind, file_name, content_hash, rows_added, rows_superseded, imported_by, "
            "imported_at) values (?, 'measurements', ?, ?, ?, ?, ?, ?)",
            [batch_id, p.file, p.content_hash, counts["new"] + counts["superseding"], counts["superseding"], actor,
             stamp])
        detail = {"file": p.file, "sha256": p.content_hash, "batch_id": batch_id, "rows_added": counts["new"],
                  "rows_superseded": counts["superseding"], "rows_unchanged": counts["unchanged"]}
        audit(con, actor, "import_measurements", p.file, detail)
        from queries import upkeep  # late: upkeep → microdata reads this module's arm words
        upkeep.after_write(con)
        _test_sleep()
    return ImportResult(p.file, p.content_hash, batch_id, counts["new"], counts["superseding"], counts["unchanged"])


def _test_sleep() -> None:
    seconds = os.environ.get(SLEEP_ENV)
    if seconds:
        print(f"{SLEEP_ENV}: sleeping {seconds} s inside the transaction", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


def audit(con: duckdb.DuckDBPyConnection, actor: str, action: str, obj: str, detail: dict) -> None:
    con.execute("insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, ?, ?, ?)",
                [store.now(), actor, action, obj, json.dumps(detail, ensure_ascii=False, default=str)])


def import_file(path: Path | str | None, source: Path | str | bytes, name: str | None = None,
                actor: str | None = None, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Plan and commit in one call (raises InputError with every problem)."""
    with store.reading(path) as con:
        p = plan(con, source, name)
    if p.problems:
        raise InputError(p.problems, "err.import_failed")
    return commit(path, p, actor or store.current_user(), progress)


def action_label(action: str | None, lang: str = "da") -> str:
    """An audit_log action in words ('form_measurement' → 'Måling indtastet'); a code without a text
    as written."""
    return t_or(f"audit.action.{action}", lang, action) if action else ""


def detail_text(detail: str | None, lang: str = "da") -> str:
    """An audit_log detail as short readable text: 'file: a.csv, rows added: 3, before: (value: 37,5)'.
    Reads the JSON the app writes, and the Python repr older demo rows hold ({'citizens': 20000});
    anything else as stored. (The stored detail is unchanged; the SQL page shows it raw.)"""
    if detail is None or not str(detail).strip():
        return ""
    try:
        value = json.loads(detail)
    except ValueError:
        try:
            value = ast.literal_eval(detail)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return str(detail)
    return _detail_value(value, lang, top=True)


def _detail_value(value, lang: str, top: bool = False) -> str:
    if isinstance(value, dict):
        text = ", ".join(f"{str(k).replace('_', ' ')}: {_detail_value(v, lang)}" for k, v in value.items())
        return text if top else f"({text})"
    if isinstance(value, (list, tuple)):
        text = ", ".join(_detail_value(v, lang) for v in value)
        return text if top else f"[{text}]"
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("audit.yes" if value else "audit.no", lang)
    if isinstance(value, float):
        return formats.exact(value, lang, grouping=False)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return formats.date(dt.date.fromisoformat(text))
    if re.fullmatch(r"[0-9a-f]{64}", text):  # a SHA-256: its start identifies it
        return text[:12] + "…"
    return text


def recent_audit(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pl.DataFrame:
    return store.frame(con, "select logged_at, actor, action, object, detail from audit_log "
                            "order by logged_at desc, audit_id desc limit $n", {"n": limit})

