"""The analyst SQL sandbox: run one read-only statement against the store, safely.

Guarantees are enforced by DuckDB, not by parsing SQL with regexes (see docs/sql.md):

- The query runs on its own connection, opened read-only *directly on the store file* (not an
  in-memory database with the file attached, which a user could DETACH), with
  `enable_external_access=false` (no files, no network, no ATTACH of other files, no INSTALL),
  extension autoinstall/autoload off, community extensions off, a memory limit and a thread cap —
  all given at connect time — and then `SET lock_configuration=true`, so no SET/RESET/PRAGMA can
  undo them.
- A time limit: DuckDB 2.0's `max_execution_time` (milliseconds) stops the query inside the engine;
  the parent additionally kills the worker at 1.5× the limit + 3 s (start-up grace) as a backstop.
- One statement per run, checked with DuckDB's own parser (`duckdb.extract_statements`); only
  SELECT-like reads and EXPLAIN pass. That check exists to give a clear message — the engine
  settings above are the guard.
- Each query runs in its own short-lived worker process (`python -m queries.sandbox`). Why a
  process and not a thread: DuckDB keeps one database instance per file per process and refuses a
  second connection to the same file with a *different configuration* ("Can't open a connection to
  same database file with a different configuration than existing connections") — so a sandboxed
  connection cannot coexist with the dashboard's ordinary read connections in one process. A
  process per query also means a memory bomb or crash cannot take the app down, and concurrent
  users never share a connection ("connection is busy").
- Rows for display are capped (default 10,000), read batch by batch from DuckDB's streaming result
  (`to_arrow_reader`), never materialising the whole result; the total is counted by streaming
  further batches up to a counting cap, otherwise reported as unknown ("first N rows").
  A download of the whole result (`run_full`, `maalbord sql --all`) is the same run with the row
  cap raised to `DOWNLOAD_ROWS` (1,000,000).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the worker process never imports polars (it costs ~0.2 s of start-up)
    import polars as pl

ROOT = Path(__file__).resolve().parent.parent

# Statement types that read. DESCRIBE, SHOW, SUMMARIZE, VALUES, FROM-first and PIVOT-free
# selects all parse as SELECT; EXPLAIN is checked again on the statement it explains.
ALLOWED = {"SELECT", "EXPLAIN"}

# The most rows a download of a whole result holds (the page's "Hent hele resultatet" and
# `maalbord sql --all`). 1,000,000 rows + a header fit on one Excel sheet (1,048,576 rows).
DOWNLOAD_ROWS = 1_000_000


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    memory: str = "512MB"
    threads: int = 2
    max_rows: int = 10_000  # rows kept for display (and by `maalbord sql` without --all)
    count_cap: int = 1_000_000  # count rows beyond max_rows only up to this total
    download_rows: int = DOWNLOAD_ROWS  # rows kept for a download of the whole result

    @classmethod
    def from_env(cls) -> "Limits":
        env = os.environ
        return cls(
            seconds=float(env.get("MAALBORD_SQL_SECONDS", cls.seconds)),
            memory=env.get("MAALBORD_SQL_MEMORY", cls.memory),
            threads=int(env.get("MAALBORD_SQL_THREADS", cls.threads)),
            max_rows=int(env.get("MAALBORD_SQL_MAX_ROWS", cls.max_rows)),
            download_rows=int(env.get("MAALBORD_SQL_DOWNLOAD_ROWS", cls.download_rows)),
        )

    def for_download(self) -> "Limits":
        """The same limits with the row cap raised to the download cap: the whole result, up to
        `download_rows` rows. Everything else — time, memory, threads, the locked read-only
        connection — stays as it is."""
        return dataclasses.replace(self, max_rows=max(self.max_rows, self.download_rows))


@dataclass
class Result:
    """What a run produced. `error` is None on success; otherwise `code` names the kind of
    problem (queries/texts/sql.py has a message for each) and `detail` holds DuckDB's message."""

    sql: str
    rows: pl.DataFrame = field(default_factory=lambda: _polars().DataFrame())
    shown: int = 0
    total: int | None = None  # None = more than counted (only "first N rows" is known)
    truncated: bool = False
    elapsed: float = 0.0  # wall time, including starting the worker process
    engine_elapsed: float = 0.0  # time inside the worker: connect, run, fetch
    error: str | None = None
    detail: str = ""
    statement_type: str = ""
    limits: Limits = field(default_factory=Limits)
    published: bool = False  # ran on the published copy without microdata (queries/published.py)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def columns(self) -> list[str]:
        return list(self.rows.columns)

    def missing_microdata_table(self) -> str | None:
        """The citizen-level table a query on the published copy named (it does not exist there)."""
        if not self.published or self.error != "duckdb":
            return None
        from queries.published import MICRODATA
        m = re.search(r"Table with name (\w+) does not exist", self.detail)
        return m.group(1) if m and m.group(1).lower() in MICRODATA else None

    @property
    def position(self) -> str | None:
        """DuckDB's "LINE n: …" pointer, when the message has one."""
        m = re.search(r"LINE \d+:.*", self.detail, flags=re.S)
        return m.group(0).rstrip() if m else None

    def message(self, lang: str = "da") -> str:
        from queries.texts import t
        if self.ok:
            return ""
        table = self.missing_microdata_table()
        if table:
            return t("sql.err.microdata", lang, table=table)
        return t(f"sql.err.{self.error}", lang, type=self.statement_type, detail=first_line(self.detail),
                 seconds=f"{self.limits.seconds:g}", memory=self.limits.memory)


def _polars():
    import polars
    return polars


def first_line(text: str) -> str:
    return (text or "").strip().split("\n", 1)[0]


# --- the statement check (parser only; no connection) --------------------------------------------

def check_statement(sql: str) -> tuple[str | None, str, str]:
    """(error code or None, statement type, parser detail). One statement, and a read."""
    import duckdb

    if not sql or not sql.strip():
        return "empty", "", ""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        return "syntax", "", str(exc)
    statements = [s for s in statements if s.query.strip().strip(";").strip()]
    if not statements:
        return "empty", "", ""
    if len(statements) > 1:
        return "multi", ", ".join(s.type.name for s in statements), ""
    kind = statements[0].type.name
    if kind not in ALLOWED:
        return "refused", kind, ""
    if kind == "EXPLAIN":
        inner = re.sub(r"^\s*explain\s+(analy[sz]e\s+)?", "", _strip_comments(statements[0].query), flags=re.I)
        code, inner_kind, detail = check_statement(inner)
        if code:
            return code, inner_kind, detail
    return None, kind, ""


def _strip_comments(sql: str) -> str:
    return re.sub(r"^\s*(--[^\n]*\n\s*)*", "", sql)


# --- running ---------------------------------------------------------------------------------------

STARTUP_GRACE = 3.0  # seconds for the worker to start (Python + duckdb + pyarrow) on a busy machine


def backstop(limits: Limits) -> float:
    """When the parent kills the worker if the engine has not stopped the query itself."""
    return limits.seconds * 1.5 + STARTUP_GRACE


def run(sql: str, path: Path | str | None = None, limits: Limits | None = None,
        microdata: bool = True) -> Result:
    """Run one read-only statement in the sandbox. Never raises for a bad query: the problem is in
    `Result.error` / `Result.detail`. Without `microdata` the statement runs on the published copy
    of the store, in which the citizen-level tables do not exist (queries/published.py; the worker
    brings the copy up to date with the store first)."""
    from queries import store

    limits = limits or Limits.from_env()
    target = Path(path or store.db_path())
    started = time.perf_counter()
    result = Result(sql=sql, limits=limits, published=not microdata)
    code, kind, detail = check_statement(sql)
    result.statement_type = kind
    if code:
        result.error, result.detail = code, detail
        return result
    if not target.exists():
        result.error, result.detail = "no_store", str(target)
        return result
    request = json.dumps({"path": str(target), "sql": sql, "limits": dataclasses.asdict(limits),
                          "published": not microdata})
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "queries.sandbox"], input=request.encode("utf-8"),
            capture_output=True, cwd=str(ROOT), timeout=backstop(limits),
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
        )
    except subprocess.TimeoutExpired:
        result.error, result.elapsed = "timeout", time.perf_counter() - started
        return result
    result.elapsed = time.perf_counter() - started
    out = proc.stdout
    if proc.returncode != 0 or len(out) < 4:
        result.error = "memory" if proc.returncode in (-9, 137) else "crash"
        result.detail = first_line(proc.stderr.decode("utf-8", "replace")[-500:])
        return result
    (n,) = struct.unpack(">I", out[:4])
    meta = json.loads(out[4:4 + n].decode("utf-8"))
    result.engine_elapsed = meta.get("elapsed", 0.0)
    if meta.get("error"):
        result.error, result.detail = meta["error"], meta.get("detail", "")
        return result
    result.rows = to_polars(out[4 + n:])
    result.shown, result.total, result.truncated = meta["shown"], meta["total"], meta["truncated"]
    return result


def run_full(sql: str, path: Path | str | None = None, limits: Limits | None = None,
             microdata: bool = True) -> Result:
    """`run` with the row cap raised to the download cap (`Limits.for_download`): the whole result
    for a download, through the same sandbox. `truncated` says it was cut at the cap."""
    return run(sql, path, (limits or Limits.from_env()).for_download(), microdata)


def unique_names(names: list[str]) -> list[str]:
    """SQL allows two columns with one name (`select 1 as a, 2 as a`, `select * from x join y on …`);
    a frame does not: later ones get _1, _2 … (as DuckDB names them)."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, i = name, 0
        while candidate in seen:
            i += 1
            candidate = f"{name}_{i}"
        seen.add(candidate)
        out.append(candidate)
    return out


def _text(value) -> str | None:
    if value is None:
        return None
    if all(hasattr(value, a) for a in ("months", "days", "nanoseconds")):  # an INTERVAL
        return f"{value.months} months {value.days} days {value.nanoseconds / 1e9:g} s"
    return str(value)


def to_polars(ipc: bytes):
    """The worker's Arrow stream as a polars frame (duplicate names made unique). Column types polars cannot import (INTERVAL
    arrives as month_day_nano_interval, which makes polars panic) become text, column by column."""
    import pyarrow as pa
    pl = _polars()

    table = pa.ipc.open_stream(io.BytesIO(ipc)).read_all()
    columns = []
    for name, column in zip(unique_names(table.column_names), table.columns):
        try:
            series = pl.from_arrow(column)
        except BaseException as exc:  # pyo3 PanicException derives from BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            series = pl.Series(values=[_text(v) for v in column.to_pylist()], dtype=pl.String)
        columns.append(series.alias(name))
    return pl.DataFrame(columns) if columns else pl.DataFrame()


def classify(exc) -> str:
    """The message code for a DuckDB exception raised inside the sandbox."""
    import duckdb

    text = str(exc)
    if isinstance(exc, duckdb.InterruptException) or "maximum execution time" in text:
        return "timeout"
    if isinstance(exc, duckdb.OutOfMemoryException) or "Out of Memory" in text:
        return "memory"
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in text:
        return "external"
    if "configuration has been locked" in text:
        return "locked"
    if "read-only" in text.lower() or "read only" in text.lower():
        return "read_only"
    return "duckdb"


CONFIG_KEYS = ("enable_external_access", "autoinstall_known_extensions", "autoload_known_extensions",
               "allow_community_extensions", "allow_unsigned_extensions", "memory_limit", "threads",
               "max_execution_time", "lock_configuration")


def connect(path: str, limits: Limits):
    """The sandboxed connection: read-only on the store file, configured at connect time, locked."""
    import duckdb

    config = {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "memory_limit": limits.memory,
        "threads": max(1, int(limits.threads)),
        "max_execution_time": max(1, int(limits.seconds * 1000)),
    }
    for attempt in range(20):  # like store.connect: wait up to ~2 s while a writer holds the lock
        try:
            con = duckdb.connect(path, read_only=True, config=config)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == 19:
                raise
            time.sleep(0.1)
    from queries import upkeep  # the status at today in v_status, as the pages show it
    upkeep.ensure_current(con)
    con.execute("set lock_configuration = true")
    return con


def _worker() -> int:
    """Child process: read the request on stdin, write meta + Arrow IPC stream on stdout."""
    import duckdb
    import pyarrow as pa

    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    limits = Limits(**request["limits"])
    started = time.perf_counter()
    meta: dict = {}
    table = None
    try:
        path = request["path"]
        if request.get("published"):  # no microdata grant: the copy without citizen-level tables
            from queries import published
            path = str(published.ensure(path))
        con = connect(path, limits)
        try:
            reader = con.execute(request["sql"]).to_arrow_reader(2048)
            batches, shown = [], 0
            for batch in reader:
                take = min(batch.num_rows, limits.max_rows - shown)
                if take > 0:
                    batches.append(batch.slice(0, take))
                    shown += take
                if batch.num_rows > take:  # past the display cap: count on, rows are dropped
                    counted = shown + (batch.num_rows - take)
                    total: int | None = None
                    try:
                        for more in reader:
                            counted += more.num_rows
                            if counted > limits.count_cap:
                                break
                        else:
                            total = counted
                    except Exception:  # time or memory ran out while counting: the rows stand
                        total = None
                    meta.update(shown=shown, total=total, truncated=True)
                    break
            else:
                meta.update(shown=shown, total=shown, truncated=False)
            table = pa.Table.from_batches(batches, schema=reader.schema)
        finally:
            con.close()
    except (duckdb.Error, pa.ArrowException) as exc:
        meta = {"error": classify(exc), "detail": str(exc)}
    meta["elapsed"] = time.perf_counter() - started
    head = json.dumps(meta).encode("utf-8")
    sink = io.BytesIO()
    if table is not None:
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
    sys.stdout.buffer.write(struct.pack(">I", len(head)) + head + sink.getvalue())
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_worker())
