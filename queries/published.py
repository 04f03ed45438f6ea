"""The published copy of the store: every table and view except the pseudonymous citizen-level
microdata, for the SQL sandbox of analysts without the microdata grant (queries/access.py).

The boundary is the engine's: the citizen-level tables do not exist in the copy, so no statement
of any kind can return a citizen-level row. (Views that read microdata but show aggregates —
v_progression — are materialised as tables: their rows are copied, the microdata behind them not.)

When it is made: on demand, whenever the store has changed since the copy was made. `ensure()`
compares the store's version stamp (modification time and size of the file and its WAL, taken
*before* the copy is read) with the one recorded in the copy, and rebuilds when they differ. So a
query never runs on a copy older than the store as it was when the query was asked. The copy is
read from one read-only connection — one transaction, one consistent state of the store — into a
new file that replaces the old one atomically (os.replace), under a lock so two analysts do not
build it at once; a sandbox worker that opened the old file keeps reading the old, whole file.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

# The citizen-level tables (queries/schema/003_microdata.sql, 008_citizen_keys.sql).
MICRODATA = ("citizens", "enrolments", "spells", "events", "progression", "citizen_keys")
# Columns that are credentials, not data: left out of the copy (the calendar's secret addresses,
# queries/feeds.py — whoever holds one reads the calendar without signing in).
SECRETS = {"calendar_feeds": ("token",)}
STAMP_KEY = "published_from"


def path_for(store_path: Path | str) -> Path:
    """data/maalbord.duckdb → data/maalbord.published.duckdb"""
    store_path = Path(store_path)
    return store_path.with_name(store_path.stem + ".published" + store_path.suffix)


def stamp(store_path: Path | str) -> str:
    """The store's version: mtime (ns) and size of the file and of its WAL."""
    parts = []
    for p in (Path(store_path), Path(str(store_path) + ".wal")):
        try:
            st = os.stat(p)
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        except FileNotFoundError:
            parts.append("-")
    return "|".join(parts)


def recorded_stamp(published: Path) -> str | None:
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select value from meta where key = ?", [STAMP_KEY]).fetchone()
        return row[0] if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


@contextmanager
def _lock(published: Path):
    with open(str(published) + ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure(store_path: Path | str) -> Path:
    """The published copy of `store_path`, rebuilt first when the store changed since it was made."""
    store_path = Path(store_path)
    published = path_for(store_path)
    current = stamp(store_path)
    if published.exists() and recorded_stamp(published) == current:
        return published
    with _lock(published):
        current = stamp(store_path)  # (another process may have built it while we waited)
        if published.exists() and recorded_stamp(published) == current:
            return published
        build(store_path, published, current)
    return published


def build(store_path: Path, published: Path, version: str) -> dict:
    """Write the copy to a temporary file in one read of the store, then put it in place."""
    tmp = published.with_name(published.name + f".{os.getpid()}.tmp")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(tmp))
    try:
        for attempt in range(50):  # a writer holds the store's lock for a moment
            try:
                con.execute(f"attach '{_quote(store_path)}' as src (read_only)")
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or attempt == 49:
                    raise
                time.sleep(0.1)
        con.execute("begin transaction")
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'src' and schema_name = 'main' "
            "order by table_name").fetchall()]
        views = con.execute(
            "select view_name, sql from duckdb_views() where database_name = 'src' and schema_name = 'main' "
            "and not internal order by view_oid").fetchall()
        comments = con.execute(
            "select table_name, comment from duckdb_tables() where database_name = 'src' and comment is not null "
            "union all select view_name, comment from duckdb_views() where database_name = 'src' "
            "and comment is not null").fetchall()
        column_comments = con.execute(
            "select table_name, column_name, comment from duckdb_columns() where database_name = 'src' "
            "and comment is not null").fetchall()
        copied = []
        for name in tables:
            if name in MICRODATA:
                continue
            hidden = ", ".join(f'"{c}"' for c in SECRETS.get(name, ()))
            columns = f"* exclude ({hidden})" if hidden else "*"
            con.execute(f'create table main."{name}" as select {columns} from src.main."{name}"')
            copied.append(name)
        # views: as views where they read only published tables, else (they read microdata,
        # directly or through another view) their rows as a table; in creation order
        materialised = []
        for name, sql in views:
            words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sql.lower()))
            if words & (set(MICRODATA) | set(materialised)):
                con.execute(f'create table main."{name}" as select * from src.main."{name}"')
                materialised.append(name)
        con.execute("use main")
        scalar = [m for m in macros() if not re.search(r"\)\s+as\s+table\b", m, re.IGNORECASE)]
        for statement in scalar:  # the scalar macros (wilson …) first: views use them
            con.execute(statement)
        _create_in_order(con, [(name, sql) for name, sql in views if name not in materialised])
        for statement in macros():  # the table macros (judged_at …) after the views they read
            if statement not in scalar:
                con.execute(statement)
        for name, comment in comments:
            if name in MICRODATA:
                continue
            kind = "view" if any(v == name for v, _ in views) and name not in materialised else "table"
            con.execute(f'comment on {kind} main."{name}" is {_literal(comment)}')
        for table, column, comment in column_comments:
            if table in MICRODATA or column in SECRETS.get(table, ()):
                continue
            con.execute(f'comment on column main."{table}"."{column}" is {_literal(comment)}')
        con.execute("insert into meta (key, value) values (?, ?)", [STAMP_KEY, version])
        con.execute("commit")
        con.execute("detach src")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(tmp, published)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return {"tables": copied, "materialised": materialised, "seconds": time.perf_counter() - started}


def _create_in_order(con, views: list[tuple[str, str]]) -> None:
    """Create the views, each after the views it names (the store lists them by oid, which DuckDB
    renumbers by name on a checkpoint, so the listing is not the creation order)."""
    names = {name for name, _ in views}
    needs = {name: (set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sql.lower())) & names) - {name}
             for name, sql in views}
    done: set[str] = set()
    pending = list(views)
    while pending:
        ready = [(n, q) for n, q in pending if needs[n] <= done] or pending[:1]  # (a cycle: as listed)
        for name, sql in ready:
            con.execute(sql)
            done.add(name)
        pending = [(n, q) for n, q in pending if n not in done]


def macros() -> list[str]:
    """The `create or replace macro` statements of queries/views/*.sql, in file order."""
    from queries.store import VIEWS_DIR

    out = []
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        for statement in path.read_text(encoding="utf-8").split(";\n"):
            body = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
            if body.lower().startswith("create or replace macro"):
                out.append(body)
    return out


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def main(argv: list[str] | None = None) -> int:
    from queries import store
    target = Path((argv or sys.argv[1:] or [str(store.db_path())])[0])
    published = ensure(target)
    print(json.dumps({"published": str(published)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
