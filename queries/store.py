"""The store: one DuckDB file. Opening it, migrating its schema, loading the catalogue.

- `db_path()`: $MAALBORD_DB, else data/maalbord.duckdb in a checkout, maalbord.duckdb in the
  current directory when installed.
- `reading()`: a short-lived read-only connection (the app opens one per query batch and closes
  it at once, so the CLI can write while the app is serving — see docs/architecture.md).
- `writing()`: a read-write connection inside one transaction; rolled back on any error.
- `init()`: migrate the schema forward and load the catalogue; running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import hashlib
import json
import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from queries.catalogue import CATALOGUE_AUTHOR, CATALOGUE_DIR, CHECKOUT, SEEDS_DIR, Catalogue, public, read_catalogue

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = QUERIES_DIR / "schema"
VIEWS_DIR = QUERIES_DIR / "views"
# data/maalbord.duckdb in a checkout (git-ignored); maalbord.duckdb in the current directory when
# installed (not inside site-packages)
DEFAULT_DB = ROOT / "data" / "maalbord.duckdb" if CHECKOUT else Path("maalbord.duckdb")


def db_path() -> Path:
    return Path(os.environ.get("MAALBORD_DB") or DEFAULT_DB)


def current_user() -> str:
    """The OS user, for the audit log and entered_by."""
    try:
        return os.environ.get("MAALBORD_USER") or getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "ukendt"


def migrations() -> list[tuple[int, Path]]:
    """Schema files `NNN_name.sql`, in order."""
    found = []
    for path in SCHEMA_DIR.glob("*.sql"):
        m = re.match(r"(\d+)_", path.name)
        if m:
            found.append((int(m.group(1)), path))
    return sorted(found)


LATEST_VERSION = migrations()[-1][0]


def connect(path: Path | str | None = None, read_only: bool = False, retries: int = 20) -> duckdb.DuckDBPyConnection:
    """Open the store; waits briefly (up to ~2 s) while another process holds the write lock."""
    target = str(path or db_path())
    for attempt in range(retries):
        try:
            return duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == retries - 1:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


class StoreMissing(Exception):
    """The store file does not exist yet."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(str(path))


def is_busy(exc: BaseException) -> bool:
    """The store is held by a writer in another process (DuckDB's file lock): try again shortly."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def existing(path: Path | str | None = None) -> Path:
    """The store's path; raises StoreMissing rather than letting duckdb create an empty file (for
    commands that change an existing store: refresh, import microdata)."""
    target = Path(path or db_path())
    if not target.exists():
        raise StoreMissing(target)
    return target


@contextmanager
def reading(path: Path | str | None = None, wait_seconds: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, closed on exit. Waits up to `wait_seconds` (default 10, or
    $MAALBORD_WAIT_SECONDS) while a writer (an import of a million rows holds the lock ~5 s) commits."""
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("MAALBORD_WAIT_SECONDS") or 10.0)
    target = Path(path or db_path())
    if not target.exists():
        raise StoreMissing(target)
    con = connect(target, read_only=True, retries=max(1, int(wait_seconds / 0.1)))
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction on an open connection: committed on success, rolled back on error."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


@contextmanager
def writing(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection in one transaction: committed on success, rolled back on error.
    A store whose views and macros an earlier version of the code made gets this version's first."""
    con = connect(path)
    try:
        refresh_views(con)
        with transaction(con):
            yield con
    finally:
        con.close()


def refresh_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Recreate the views and macros (queries/views/, code rather than data: nothing is lost) when the
    store's were made from other files than this version's — meta key views_hash, written by
    create_views — on a store whose schema is complete, in a transaction of their own, so that e.g.
    `maalbord refresh` after an upgrade runs this version's series.sql against this version's macros.
    A store still missing schema files is left to `maalbord init` (migrate). True when recreated."""
    try:
        stored = con.execute("select value from meta where key = 'views_hash'").fetchall()
    except duckdb.CatalogException:  # a new file: no meta table yet (autocommit, nothing to roll back)
        return False
    if stored == [(views_fingerprint(),)] or applied_versions(con) != {v for v, _ in migrations()}:
        return False
    with transaction(con):
        create_views(con)
    return True


@functools.cache
def views_fingerprint() -> str:
    """A hash of queries/views/*.sql (names and texts), the version of the views a store holds."""
    digest = hashlib.sha256()
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    has_meta = con.execute(
        "select count(*) from information_schema.tables where table_name = 'meta' and table_schema = 'main'"
    ).fetchone()[0]
    if not has_meta:
        return 0
    row = con.execute("select value from meta where key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("insert or replace into meta values (?, ?)", [key, value])


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("select value from meta where key = ?", [key]).fetchone()
    return row[0] if row else None


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Schema files applied to this store. Kept as a set (meta key schema_applied), so a file
    numbered below the store's newest one — two branches adding migrations — is still applied."""
    version = schema_version(con)
    if version == 0:
        return set()
    listed = get_meta(con, "schema_applied")
    if listed is None:  # stores written before the set was kept: every file up to the version
        return {v for v, _ in migrations() if v <= version}
    return {int(v) for v in listed.split(",") if v}


def migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> tuple[int, int]:
    """Apply the schema files not yet applied to the store, in order (in the caller's transaction)."""
    old = schema_version(con)
    applied = applied_versions(con)
    for version, path in migrations():
        if version in applied or (upto is not None and version > upto):
            continue
        con.execute(path.read_text(encoding="utf-8"))
        applied.add(version)
        set_meta(con, "schema_applied", ",".join(str(v) for v in sorted(applied)))
        set_meta(con, "schema_version", str(max(applied)))
    create_views(con)
    return old, schema_version(con)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view in queries/views/, in file-name order. A view file whose header says
    `-- requires schema N` is skipped while schema file N is not applied (a partial migration)."""
    applied = applied_versions(con)
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        needs = re.search(r"^-- requires schema (\d+)", text, re.MULTILINE)
        if needs and int(needs.group(1)) not in applied:
            continue
        con.execute(text)
    set_meta(con, "views_hash", views_fingerprint())


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None):
    """Run one query and return a polars frame. (DuckDB 2.0: .pl() lives on relations, not on
    execute() results — con.sql(query, params=…).pl() is the supported path.)"""
    return con.sql(sql, params=params).pl() if params else con.sql(sql).pl()


# --- SQL files run by name: queries/measures/*.sql and queries/statements/*.sql ------------------

@functools.cache
def sql_file(name: str, folder: str = "statements") -> str:
    """The text of queries/<folder>/<name>.sql, read once per process (the files are package data)."""
    return (QUERIES_DIR / folder / f"{name}.sql").read_text(encoding="utf-8")


_PARSED: dict[tuple[str, str], tuple[tuple[str, frozenset[str]], ...]] = {}
_PARSED_LOCK = threading.Lock()


def sql_statements(name: str, folder: str = "statements", con: duckdb.DuckDBPyConnection | None = None,
                   ) -> tuple[tuple[str, frozenset[str]], ...]:
    """The file's statements, split by DuckDB's own parser, each with the named parameters ($name)
    it uses (comments are not parsed for them); parsed once per process, on `con` when given (the
    caller's connection: no second connection to open), else on an in-memory one."""
    key = (folder, name)
    if key not in _PARSED:
        with _PARSED_LOCK:  # the app's threads may ask for a file at the same time
            parser = con if con is not None else duckdb.connect()
            _PARSED[key] = tuple((s.query, frozenset(s.named_parameters))
                                 for s in parser.extract_statements(sql_file(name, folder)))
    return _PARSED[key]


def sql_params(name: str, folder: str = "statements", con: duckdb.DuckDBPyConnection | None = None,
               ) -> frozenset[str]:
    """Every named parameter the file uses."""
    return frozenset().union(*(wanted for _, wanted in sql_statements(name, folder, con)))


def sql_header(name: str, folder: str = "statements") -> dict[str, str]:
    """The header comment's one-line fields (`-- name: …`, `-- title: …`, …) up to the first line
    that is not a comment; a field's continuation lines (`--   …`) are not included."""
    out = {}
    for line in sql_file(name, folder).splitlines():
        if not line.startswith("--"):
            break
        m = re.match(r"--\s*([a-z_]+):\s*(.*)", line)
        if m:
            out.setdefault(m.group(1), m.group(2).strip())
    return out


def execute_file(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None,
                 folder: str = "statements") -> duckdb.DuckDBPyConnection:
    """Run every statement of queries/<folder>/<name>.sql in order, each with the named parameters
    it uses taken from `params` (extra keys are ignored). Returns the connection, so the last
    statement's rows can be fetched."""
    for query, wanted in sql_statements(name, folder, con):
        con.execute(query, {k: params[k] for k in wanted} if wanted else None)
    return con


def query_file(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None,
               folder: str = "statements"):
    """A one-statement query file as a polars frame (named parameters as in execute_file)."""
    (query, wanted), = sql_statements(name, folder, con)
    return frame(con, query, {k: params[k] for k in wanted} if wanted else None)


# --- loading the catalogue ---------------------------------------------------------------------

def init(path: Path | str | None = None, catalogue_dir: Path = CATALOGUE_DIR,
         seeds_dir: Path = SEEDS_DIR, actor: str | None = None,
         after_write: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> dict:
    """Build or migrate the store and load the catalogue. Raises InputError before touching the
    store when the catalogue is broken. Returns a report of what changed. `after_write` runs in the
    transaction after loading (queries/upkeep.init passes the recomputations of derived data)."""
    cat = read_catalogue(catalogue_dir, seeds_dir)  # raises before anything is opened
    target = Path(path or db_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    actor = actor or current_user()
    with writing(target) as con:
        old, new = migrate(con)
        changes = load_catalogue(con, cat)
        if old != new:
            changes["schema"] = f"{old}->{new}"
        if after_write is not None:
            after_write(con)
        if any(changes.values()):
            con.execute(
                "insert into audit_log (logged_at, actor, action, object, detail) values (?, ?, 'init', ?, ?)",
                [now(), actor, str(target.name), json.dumps(changes, ensure_ascii=False)],
            )
    return {"path": str(target), "old_version": old, "version": new, "changes": changes}


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _upsert(con, table: str, key: str, rows: list[dict]) -> int:
    """Insert catalogue-owned rows, replacing a row only when its content differs. Returns changes."""
    changed = 0
    for row in rows:
        row = public(row)
        cols = list(row)
        existing = con.execute(f"select {', '.join(cols)} from {table} where {key} = ?", [row[key]]).fetchone()
        if existing is not None and _same(existing, [row[c] for c in cols]):
            continue
        placeholders = ", ".join("?" for _ in cols)
        con.execute(f"insert or replace into {table} ({', '.join(cols)}) values ({placeholders})",
                    [row[c] for c in cols])
        changed += 1
    return changed


def _same(a, b) -> bool:
    return all((x == y) or (x is None and y is None) or _num_eq(x, y) for x, y in zip(a, b))


def _num_eq(x, y) -> bool:
    try:
        return x is not None and y is not None and float(x) == float(y)
    except (TypeError, ValueError):
        return False


TARGET_FIELDS = (
    "initiative_id", "text", "short_text", "kind", "target_value", "unit", "direction", "horizon",
    "deadline", "baseline_value", "baseline_date", "baseline_note", "measure", "anchor", "event_kind",
    "offset_months", "states", "outcome", "arms", "tolerance", "first_followup", "frequency_months",
    "responsible", "progression_dimension", "note", "sort_order",
)


def load_catalogue(con: duckdb.DuckDBPyConnection, cat: Catalogue) -> dict:
    """Load catalogue rows into an open transaction. Descriptive rows are upserted; targets get a
    new version when the catalogue changes them; measurements, assessments and budget lines are
    only ever added (a changed catalogue figure supersedes the old row)."""
    changes = {
        "administrations": _upsert(con, "administrations", "administration_id", cat.administrations),
        "committees": _upsert(con, "committees", "committee_id", cat.committees),
        "documents": _upsert(con, "documents", "document_id", cat.documents),
        "themes": _upsert(con, "themes", "theme_id", cat.themes),
        "initiatives": _upsert(con, "initiatives", "initiative_id",
                               [{k: v for k, v in r.items() if k != "_partners"} for r in cat.initiatives]),
        "rounds": _upsert(con, "rounds", "round_id",
                          [{**r, "created_by": CATALOGUE_AUTHOR} for r in cat.rounds]),
    }
    changes["targets"] = _load_targets(con, cat.targets)
    changes["measurements"] = _load_measurements(con, cat.measurements)
    changes["assessments"] = _load_assessments(con, cat)
    changes["budget_lines"] = _load_budget(con, cat.budget_lines)
    from queries import owners  # (owners reads this module)
    changes["owners"] = owners.load(con, cat)
    synthetic = get_meta(con, "synthetic")
    if synthetic is None:
        set_meta(con, "synthetic", "false")
    if get_meta(con, "catalogue_hash") != cat.content_hash:
        set_meta(con, "catalogue_hash", cat.content_hash)
    return {k: v for k, v in changes.items() if v}


def _load_targets(con, targets: list[dict]) -> int:
    changed = 0
    stamp = now()
    for row in targets:
        current = con.execute(
            f"select version, changed_by, {', '.join(TARGET_FIELDS)} from targets "
            "where target_id = ? and valid_to is null", [row["target_id"]]).fetchone()
        values = [row[f] for f in TARGET_FIELDS]
        if current is not None and (_same(current[2:], values) or current[1] != CATALOGUE_AUTHOR):
            continue  # unchanged, or a user has made a newer version: theirs stands
        version = 1
        if current is not None:
            version = current[0] + 1
            con.execute("update targets set valid_to = ? where target_id = ? and version = ?",
                        [stamp, row["target_id"], current[0]])
        cols = ["target_id", "version", "valid_from", "changed_by", "change_reason", *TARGET_FIELDS]
        con.execute(
            f"insert into targets ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
            [row["target_id"], version, stamp, CATALOGUE_AUTHOR, "katalog", *values])
        changed += 1
    return changed


def _load_measurements(con, rows: list[dict]) -> int:
    added = 0
    stamp = now()
    for row in rows:
        # the latest catalogue row for the key — even when an import or form has since corrected it
        # (then the correction stands; the catalogue only adds a row when its own figure changes)
        prev = con.execute(
            """select measurement_id, value, numerator, denominator, note from measurements m
               where target_id = ? and as_of = ? and arm = ? and origin = 'catalogue'
               order by measurement_id desc limit 1""",
            [row["target_id"], row["as_of"], row["arm"]]).fetchone()
        new = [row["value"], row["numerator"], row["denominator"], row["note"]]
        if prev is not None and _same(prev[1:], new):
            continue
        if prev is not None:  # supersede the current head of the key's chain
            head = con.execute(
                """select measurement_id from measurements m
                   where target_id = ? and as_of = ? and arm = ? and origin <> 'beregnet'
                     and not exists (select 1 from measurements n where n.supersedes = m.measurement_id)
                   order by measurement_id desc limit 1""",
                [row["target_id"], row["as_of"], row["arm"]]).fetchone()
            prev = head or prev
        version = con.execute("select max(version) from targets where target_id = ?", [row["target_id"]]).fetchone()[0]
        con.execute(
            """insert into measurements (target_id, target_version, as_of, arm, value, numerator, denominator,
                   source, document_id, origin, synthetic, entered_by, entered_at, note, supersedes)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'catalogue', false, ?, ?, ?, ?)""",
            [row["target_id"], version or 1, row["as_of"], row["arm"], row["value"], row["numerator"],
             row["denominator"], row["source"], row["document_id"], CATALOGUE_AUTHOR, stamp, row["note"],
             prev[0] if prev else None])
        added += 1
    return added


def _load_assessments(con, cat: Catalogue) -> int:
    """The smileys a status document reported become the assessments of its reporting round."""
    added = 0
    rounds = {(r["document_id"], r["committee_id"]): r for r in cat.rounds}
    doc_dates = {d["document_id"]: d["doc_date"] for d in cat.documents}
    for row in cat.assessments:
        rnd = rounds.get((row["document_id"], row["committee_id"])) or next(
            (r for (doc, _), r in rounds.items() if doc == row["document_id"]), None)
        round_id = rnd["round_id"] if rnd else None
        exists = con.execute(
            "select 1 from assessments where initiative_id = ? and target_id is null and author = ? "
            "and round_id is not distinct from ?", [row["initiative_id"], CATALOGUE_AUTHOR, round_id]).fetchone()
        if exists:
            continue
        when = doc_dates.get(row["document_id"]) or dt.date.today()
        con.execute(
            "insert into assessments (initiative_id, target_id, round_id, state, text, author, assessed_at) "
            "values (?, null, ?, ?, ?, ?, ?)",
            [row["initiative_id"], round_id, row["state"], row["text"], CATALOGUE_AUTHOR,
             dt.datetime.combine(when, dt.time())])
        added += 1
    return added


BUDGET_KEY = ("document_id", "activity", "budget_area", "committee_id", "year", "kind", "initiative_id",
              "price_level", "source_table")


def _load_budget(con, rows: list[dict]) -> int:
    added = 0
    for row in rows:
        row = public(row)
        where = " and ".join(f"{k} is not distinct from ?" for k in BUDGET_KEY)
        found = con.execute(f"select budget_line_id, amount_tdkk from budget_lines where {where}",
                            [row[k] for k in BUDGET_KEY]).fetchone()
        if found is not None:
            if float(found[1]) != float(row["amount_tdkk"]):  # the catalogue owns these rows
                con.execute("update budget_lines set amount_tdkk = ? where budget_line_id = ?",
                            [row["amount_tdkk"], found[0]])
                added += 1
            continue
        cols = list(row)
        con.execute(f"insert into budget_lines ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
                    [row[c] for c in cols])
        added += 1
    return added


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        return get_meta(con, "synthetic") == "true"
    except duckdb.Error:
        return False
