"""All caching lives here. Pages call these functions; each opens a short-lived read-only
connection (so the CLI can write while the app serves) and caches the result until the store
file changes (its modification time is part of every cache key)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from queries import economy as economy_q
from queries import followups as followups_q
from queries import initiatives as initiatives_q
from queries import overview as overview_q
from queries import store


def _stamp() -> tuple[str, float]:
    """Path and modification time of the store (+ WAL): changes whenever a writer commits."""
    path = store.db_path()
    mtimes = [os.stat(p).st_mtime for p in (path, Path(str(path) + ".wal")) if os.path.exists(p)]
    return str(path), max(mtimes) if mtimes else 0.0


def store_ready() -> bool:
    path, mtime = _stamp()
    return mtime > 0 and _has_schema(path, mtime)


@st.cache_data(show_spinner=False)
def _has_schema(path: str, mtime: float) -> bool:
    try:
        with store.reading(path) as con:
            return store.schema_version(con) > 0
    except duckdb.Error:
        return False


def synthetic() -> bool:
    return store_ready() and _synthetic(*_stamp())


@st.cache_data(show_spinner=False)
def _synthetic(path: str, mtime: float) -> bool:
    with store.reading(path) as con:
        return store.is_synthetic(con)


def initiatives() -> pl.DataFrame:
    return _initiatives(*_stamp())


@st.cache_data(show_spinner=False)
def _initiatives(path: str, mtime: float) -> pl.DataFrame:
    with store.reading(path) as con:
        return initiatives_q.initiatives(con)


def targets() -> pl.DataFrame:
    return _targets(*_stamp())


@st.cache_data(show_spinner=False)
def _targets(path: str, mtime: float) -> pl.DataFrame:
    with store.reading(path) as con:
        return initiatives_q.targets(con)


def counts() -> dict[str, int]:
    return _counts(*_stamp())


@st.cache_data(show_spinner=False)
def _counts(path: str, mtime: float) -> dict[str, int]:
    with store.reading(path) as con:
        return initiatives_q.counts(con)


# --- management pages (issue 5) -------------------------------------------------------------

def _today() -> dt.date:
    """The date the pages judge against; $MAALBORD_TODAY pins it (tests, screenshots)."""
    pinned = os.environ.get("MAALBORD_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def today() -> dt.date:
    return _today()


def overview() -> pl.DataFrame:
    return _overview(*_stamp(), _today())


@st.cache_data(show_spinner=False)
def _overview(path: str, mtime: float, as_of: dt.date) -> pl.DataFrame:
    with store.reading(path) as con:
        return overview_q.overview(con, as_of)


def followup_calendar() -> pl.DataFrame:
    return _calendar(*_stamp(), _today())


@st.cache_data(show_spinner=False)
def _calendar(path: str, mtime: float, today_: dt.date) -> pl.DataFrame:
    with store.reading(path) as con:
        return followups_q.calendar(con, today_)


def initiative_page(initiative_id: str) -> dict | None:
    """Everything the Indsats page shows for one initiative, in one read."""
    return _initiative_page(*_stamp(), initiative_id)


@st.cache_data(show_spinner=False)
def _initiative_page(path: str, mtime: float, initiative_id: str) -> dict | None:
    with store.reading(path) as con:
        head = initiatives_q.initiative(con, initiative_id)
        if head is None:
            return None
        return {
            "initiative": head,
            "targets": initiatives_q.initiative_targets(con, initiative_id),
            "measurements": initiatives_q.initiative_measurements(con, initiative_id),
            "assessments": initiatives_q.initiative_assessments(con, initiative_id),
            "budget": initiatives_q.initiative_budget(con, initiative_id),
        }


def economy() -> dict[str, pl.DataFrame]:
    return _economy(*_stamp())


@st.cache_data(show_spinner=False)
def _economy(path: str, mtime: float) -> dict[str, pl.DataFrame]:
    with store.reading(path) as con:
        return {
            "budget": economy_q.budget(con),
            "earlier": economy_q.earlier_allocations(con),
            "savings": economy_q.savings(con),
            "payback": economy_q.payback(con),
            "cost": economy_q.cost_per_outcome(con),
        }
