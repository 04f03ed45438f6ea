"""The SQL page's worksheet in session state: the editor's text, the last result, the whole result
fetched for download, and the history — and the callbacks that change them. The result is kept
here, not cached, so changing the chart does not re-run the query."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import ui
from queries import sandbox

SQL_KEY = "sql_text"
RESULT_KEY = "sql_result"
HISTORY_KEY = "sql_history"
FULL_KEY = "sql_full"  # the whole result of the shown query, fetched for download
DEFAULT_SQL = "select * from v_targets limit 100"
HISTORY_SIZE = 50


def start() -> None:
    """A new session's worksheet: the example query in the editor, no history."""
    st.session_state.setdefault(SQL_KEY, DEFAULT_SQL)
    st.session_state.setdefault(HISTORY_KEY, [])


def insert(name: str) -> None:
    """Append a table, view or column name to the editor text."""
    text = st.session_state.get(SQL_KEY, "")
    sep = "" if not text or text.endswith((" ", "\n", "(", ",")) else " "
    st.session_state[SQL_KEY] = f"{text}{sep}{name}"


def insert_from(key: str) -> None:
    """Insert the value of the widget `key` (the schema browser's column picker)."""
    insert(st.session_state.get(key) or "")


def load(sql: str) -> None:
    st.session_state[SQL_KEY] = sql


def microdata() -> bool:
    """The user's microdata grant (dashboard/auth.py): without it every query runs on the published
    copy of the store, in which the citizen-level tables do not exist (queries/published.py) — the
    engine is the boundary, not a check of the SQL text."""
    from dashboard import auth
    return auth.grant().may("microdata")


def run_query() -> None:
    """Run the editor's SQL in the sandbox; keep the result and add it to the history."""
    sql = st.session_state.get(SQL_KEY, "")
    try:
        result = sandbox.run(sql, limits=sandbox.Limits.from_env(), microdata=microdata())
    except Exception as exc:  # the sandbox reports problems itself; this is the last safety net
        result = sandbox.Result(sql=sql, error="crash", detail=f"{type(exc).__name__}: {exc}")
    st.session_state[RESULT_KEY] = result
    st.session_state.pop(FULL_KEY, None)
    st.session_state[HISTORY_KEY].insert(0, {
        "time": dt.datetime.now().strftime("%H:%M:%S"), "sql": sql,
        "rows": result.total if result.ok else None, "shown": result.shown if result.ok else None,
        "elapsed": result.elapsed,
        "error": result.message(ui.lang()) if not result.ok else "",
    })
    del st.session_state[HISTORY_KEY][HISTORY_SIZE:]


def fetch_full() -> None:
    """Run the shown query again for its whole result (up to the download cap), same sandbox."""
    shown: sandbox.Result | None = st.session_state.get(RESULT_KEY)
    if shown is None:
        return
    limits = sandbox.Limits.from_env()
    try:
        full = sandbox.run_full(shown.sql, limits=limits, microdata=microdata())
    except Exception as exc:  # the sandbox reports problems itself; this is the last safety net
        full = sandbox.Result(sql=shown.sql, error="crash", detail=f"{type(exc).__name__}: {exc}", limits=limits)
    st.session_state[FULL_KEY] = full


def result() -> sandbox.Result | None:
    """The last query's result, None before the first run."""
    return st.session_state.get(RESULT_KEY)


def full_result(sql: str) -> sandbox.Result | None:
    """The whole result of `sql` when it has been fetched for download."""
    full: sandbox.Result | None = st.session_state.get(FULL_KEY)
    return full if full is not None and full.sql == sql else None


def history() -> list[dict]:
    """The session's queries, newest first: time, sql, rows (None: more than counted), shown,
    elapsed, error message."""
    return st.session_state[HISTORY_KEY]


def editor_text() -> str:
    return st.session_state.get(SQL_KEY, "")
