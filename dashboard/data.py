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

from dashboard import charts
from queries import economy as economy_q
from queries import followups as followups_q
from queries import initiatives as initiatives_q
from queries import disclosure
from queries import overview as overview_q
from queries import progression as progression_q
from queries import status, store
from queries.texts import t


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


def organisations() -> dict[str, tuple[str, str]]:
    return _organisations(*_stamp()) if store_ready() else {}


@st.cache_data(show_spinner=False)
def _organisations(path: str, mtime: float) -> dict[str, tuple[str, str]]:
    with store.reading(path) as con:
        return initiatives_q.organisations(con)


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
    """The Overblik frame with small numbers controlled (it leaves the analyst role)."""
    return _overview(*_stamp(), _today())


@st.cache_data(show_spinner=False)
def _overview(path: str, mtime: float, as_of: dt.date) -> pl.DataFrame:
    with store.reading(path) as con:
        return overview_q.overview(con, as_of, limit=disclosure.threshold(con=con))


def followup_calendar() -> pl.DataFrame:
    return _calendar(*_stamp(), _today())


@st.cache_data(show_spinner=False)
def _calendar(path: str, mtime: float, today_: dt.date) -> pl.DataFrame:
    with store.reading(path) as con:
        return followups_q.calendar(con, today_)


def initiative_page(initiative_id: str) -> dict | None:
    """Everything the Indsats page shows for one initiative, in one read; the measurements (table
    and chart) and the progression scores with small numbers controlled (the page leaves the
    analyst role)."""
    return _initiative_page(*_stamp(), initiative_id)


@st.cache_data(show_spinner=False)
def _initiative_page(path: str, mtime: float, initiative_id: str) -> dict | None:
    with store.reading(path) as con:
        head = initiatives_q.initiative(con, initiative_id)
        if head is None:
            return None
        limit = disclosure.threshold(con=con)
        return {
            "initiative": head,
            "targets": initiatives_q.initiative_targets(con, initiative_id),
            "measurements": initiatives_q.disclose_measurements(
                initiatives_q.initiative_measurements(con, initiative_id), limit),
            "assessments": initiatives_q.initiative_assessments(con, initiative_id),
            "budget": initiatives_q.initiative_budget(con, initiative_id),
            "progression": progression_q.disclose(progression_q.initiative_progression(con, initiative_id), limit),
            "small_n": limit,
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


def schema() -> pl.DataFrame:
    """Tables and views with columns, types and COMMENT ON descriptions (the SQL page's browser)."""
    return _schema(*_stamp())


@st.cache_data(show_spinner=False)
def _schema(path: str, mtime: float) -> pl.DataFrame:
    from queries import workbench
    with store.reading(path) as con:
        return workbench.schema(con)
# --- committee reports (issue 6) ---------------------------------------------------------------

def committees() -> pl.DataFrame:
    return _committees(*_stamp())


@st.cache_data(show_spinner=False)
def _committees(path: str, mtime: float) -> pl.DataFrame:
    """Committees that hold initiatives or rounds (BIU, SOU, SUD in the demo store)."""
    with store.reading(path) as con:
        return store.frame(con, """
            select c.committee_id, c.name, c.name_en from committees c
            where c.committee_id in (select committee_id from rounds)
               or c.committee_id in (select committee_id from initiatives where committee_id is not null)
            order by c.committee_id""")


def rounds(committee: str | None = None) -> pl.DataFrame:
    return _rounds(*_stamp(), committee)


@st.cache_data(show_spinner=False)
def _rounds(path: str, mtime: float, committee: str | None) -> pl.DataFrame:
    from queries import rounds as rounds_q
    with store.reading(path) as con:
        return rounds_q.list_rounds(con, committee)


def report(round_id: str, lang: str, limit: int | None = None):
    """The report model of a round (queries/report/model.py), disclosure applied."""
    return _report(*_stamp(), round_id, lang, limit)


@st.cache_data(show_spinner=False)
def _report(path: str, mtime: float, round_id: str, lang: str, limit: int | None):
    from queries import report as report_q
    with store.reading(path) as con:
        return report_q.build(con, round_id, lang, limit)


def report_file(round_id: str, lang: str, fmt: str, limit: int | None = None) -> bytes:
    return _report_file(*_stamp(), round_id, lang, fmt, limit)


@st.cache_data(show_spinner=False)
def _report_file(path: str, mtime: float, round_id: str, lang: str, fmt: str, limit: int | None) -> bytes:
    from queries import report as report_q
    return report_q.render(_report(path, mtime, round_id, lang, limit), fmt)


def create_round(committee: str, meeting_date, title: str, author: str,
                 freeze_now: bool = True) -> tuple[str, int | None]:
    """Write path (not cached): add a round and (unless left open) freeze its snapshot.
    Returns (round id, frozen targets or None). Raises InputError."""
    from queries import rounds as rounds_q
    with store.writing() as con:
        round_id = rounds_q.create_round(con, committee, meeting_date, title, author, freeze_now)
        n = con.execute("select n_targets from round_freezes where round_id = ?", [round_id]).fetchall()
    return round_id, (n[0][0] if n else None)


def freeze_round(round_id: str, author: str) -> int:
    """Write path (not cached): freeze an open round. Raises InputError."""
    from queries import rounds as rounds_q
    with store.writing() as con:
        return rounds_q.freeze_round(con, round_id, author)


def audit_log(limit: int = 50) -> pl.DataFrame:
    return _audit_log(*_stamp(), limit)


@st.cache_data(show_spinner=False)
def _audit_log(path: str, mtime: float, limit: int) -> pl.DataFrame:
    from queries import imports as imports_q
    with store.reading(path) as con:
        return imports_q.recent_audit(con, limit)


def target_versions() -> pl.DataFrame:
    """Current version of every target with value, tolerance, unit — for the Data page's forms."""
    return _target_versions(*_stamp())


@st.cache_data(show_spinner=False)
def _target_versions(path: str, mtime: float) -> pl.DataFrame:
    from queries import forms as forms_q
    with store.reading(path) as con:
        return forms_q.target_choices(con)


def import_plan(content: bytes, name: str):
    """The import plan (problems or preview) for an uploaded file — computed once per file content
    and store state, not on every rerun of the Data page."""
    from queries.files import sha256
    return _import_plan(*_stamp(), sha256(content), name, content)


@st.cache_data(show_spinner=False, max_entries=2)
def _import_plan(path: str, mtime: float, digest: str, name: str, _content: bytes):
    from queries import imports as imports_q
    with store.reading(path) as con:
        return imports_q.plan(con, _content, name)


def assessment_choices() -> dict[str, pl.DataFrame]:
    return _assessment_choices(*_stamp())


@st.cache_data(show_spinner=False)
def _assessment_choices(path: str, mtime: float) -> dict[str, pl.DataFrame]:
    from queries import forms as forms_q
    with store.reading(path) as con:
        return forms_q.assessment_choices(con)


def target_chart_specs(initiative_id: str, lang: str) -> dict[str, dict]:
    """Vega-Lite specs of the Indsats page's target charts, built once per store version and
    language (altair's schema validation costs ~0.1 s a chart; the page then only ships the spec)."""
    return _target_chart_specs(*_stamp(), initiative_id, lang)


@st.cache_data(show_spinner=False)
def _target_chart_specs(path: str, mtime: float, initiative_id: str, lang: str) -> dict[str, dict]:
    page = _initiative_page(path, mtime, initiative_id)
    if page is None:
        return {}
    labels = {k: t("chart." + k, lang) for k in ("actual", "target", "tolerance", "interval", "date", "value",
                                                   "series", "year", "amount")}
    arms = {a: t("arm." + a, lang) for a in ("all", "treatment", "control", "effect")}
    specs = {}
    for target in page["targets"].iter_rows(named=True):
        mine = page["measurements"].filter(pl.col("target_id") == target["target_id"])
        series = initiatives_q.chart_series(mine, target["kind"])
        if series.height:
            unit = status.unit_label(target["unit"], lang) if target["unit"] not in (None, "count") else ""
            value = f"{labels['value']} ({unit})" if unit else labels["value"]  # "Værdi (%)", "Value (persons)"
            chart = charts.actual_vs_target(series, target["target_value"], target["tolerance"],
                                            target["direction"], labels | {"value": value}, arms)
            specs[target["target_id"]] = charts.spec(chart)
    return specs
