"""Derived data kept current — the module above the store that every writer and reader goes through.

- `after_write(con, today=None)`: inside a writer's transaction, after data changed (init, refresh,
  imports, forms, assessments, microdata): citizen keys for new microdata rows, the status of
  every target and initiative at `today` (table status_proposals), then the snapshots of rounds
  that have none yet. In this order: the status reads the keys, the snapshots read the status.
- `ensure_current(con, today=None)`: on a read connection (pages, CLI, the SQL sandbox, the
  published copy), the status at `today` when the materialised one is of an earlier day: a
  temporary table status_proposals with today's rows for this connection, which v_status,
  v_status_initiatives and v_status_themes then read (DuckDB resolves a name in the temporary
  schema first). The store itself is not written, so a read never waits for or blocks a writer.
  A status is thus always the status *at a date*: analysts' v_status and the pages agree on the
  date and the smiley, whichever day the last write was.
- `init(path, …)`: store.init with after_write in its transaction.
- `today()`: the date reads judge against ($MAALBORD_TODAY pins it: tests, screenshots).

Import graph: store ← status_table, rounds, microdata ← upkeep ← writers and read paths.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from queries import microdata, rounds, status_table, store


def today() -> dt.date:
    pinned = os.environ.get("MAALBORD_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def after_write(con: duckdb.DuckDBPyConnection, today_: dt.date | None = None) -> None:
    """The recomputations after a write, in the writer's transaction (see the module docstring)."""
    microdata.fill_citizen_keys(con)
    status_table.recompute(con, today_ or today())
    rounds.freeze_pending(con)


def init(path: Path | str | None = None, **kwargs) -> dict:
    """Build or migrate the store and load the catalogue (store.init), with after_write."""
    return store.init(path, after_write=after_write, **kwargs)


def _stored(con: duckdb.DuckDBPyConnection) -> str:
    """The store's own status_proposals, qualified by database (main.… would find the temporary one)."""
    db = con.execute("select current_database()").fetchall()[0][0].replace('"', '""')
    return f'"{db}".main.status_proposals'


def ensure_current(con: duckdb.DuckDBPyConnection, today_: dt.date | None = None) -> bool:
    """Make v_status & co. show the status at `today_` on this read connection. True when it had to
    compute it (the materialised status is of another day), False when it was current."""
    day = today_ or today()
    has_table = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'main' and table_name = 'status_proposals'").fetchall()[0][0]
    if not has_table:
        return False
    temp = con.execute("select count(*) from duckdb_tables() where database_name = 'temp' "
                       "and table_name = 'status_proposals'").fetchall()[0][0]
    if temp:
        shown = con.execute("select max(as_of) from temp.status_proposals").fetchall()[0][0]
        if shown == day:
            return False
        con.execute("drop table temp.status_proposals")
    if con.execute(f"select max(as_of) from {_stored(con)}").fetchall()[0][0] == day:
        return False
    con.execute(f"create temp table status_proposals as select * from {_stored(con)} limit 0")
    status_table.write(con, status_table.evaluate_all(con, day), "temp.status_proposals")
    return True


@contextmanager
def reading(path: Path | str | None = None, today_: dt.date | None = None,
            wait_seconds: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """store.reading with the status current at `today_` (default today())."""
    with store.reading(path, wait_seconds=wait_seconds) as con:
        ensure_current(con, today_)
        yield con
