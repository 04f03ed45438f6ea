"""All caching lives here. Pages call these functions; each is a read decorated with `@cached`,
which opens a short-lived read-only connection (so the CLI can write while the app serves) and
caches the result until the store file changes (its modification time is part of every cache
key). Write paths (create_round, freeze_round) are plain functions."""

from __future__ import annotations

import datetime as dt
import functools
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Callable

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
from queries import formats, store, upkeep, vocabulary
from queries.texts import t


_pinned: ContextVar[tuple[str, float] | None] = ContextVar("maalbord_store_stamp", default=None)


def _stamp() -> tuple[str, float]:
    """Path and modification time of the store (+ WAL): changes whenever a writer commits. Inside a
    cached read it is the stamp that read is cached under, so nested cached reads agree on it."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    path = store.db_path()
    mtimes = [os.stat(p).st_mtime for p in (path, Path(str(path) + ".wal")) if os.path.exists(p)]
    return str(path), max(mtimes) if mtimes else 0.0


_NO_DEFAULT = object()


def cached(fn: Callable | None = None, *, connect: bool = True, dated: bool = False, unready=_NO_DEFAULT,
           max_entries: int | None = None):
    """Cache a read per store version: `@cached def targets(con) -> …` gives `targets()` whose
    result is kept until the store file changes (path and modification time are in the key, with
    the arguments). The function gets a short-lived read-only connection as its first argument
    (`connect=False`: none, for reads composed of other cached reads); `dated=True` passes the
    pages' date (`today()`, pinned by $MAALBORD_TODAY) after it, so it is in the key too;
    `unready=value` returns that value while the store has no schema yet."""
    if fn is None:
        return functools.partial(cached, connect=connect, dated=dated, unready=unready, max_entries=max_entries)

    def read(path: str, mtime: float, day: dt.date, *args, **kwargs):
        token = _pinned.set((path, mtime))
        try:
            if not connect:
                return fn(*args, **kwargs)
            with upkeep.reading(path, day) as con:  # the status at the pages' date (v_status too)
                return fn(con, *args, **kwargs)
        finally:
            _pinned.reset(token)

    # st.cache_data keys a function by module and qualified name: each read its own cache
    read.__module__, read.__qualname__ = fn.__module__, f"{fn.__qualname__}.cached"
    read = st.cache_data(show_spinner=False, max_entries=max_entries)(read)

    @functools.wraps(fn)
    def public(*args, **kwargs):
        if unready is not _NO_DEFAULT and not store_ready():
            return unready
        day = _today()
        if dated:
            args = (day, *args)
        return read(*_stamp(), day, *args, **kwargs)

    public.clear = read.clear
    return public


_ready_at: list[tuple[str, float]] = []  # the store version last seen with its schema (never taken away)


def store_ready() -> bool:
    """The store file exists and has its schema. Asked by every cached read with `unready` (a label
    per table cell), so the version last seen ready is answered at once, not from the cache."""
    stamp = _stamp()
    if _ready_at and _ready_at[0] == stamp:
        return True
    ready = stamp[1] > 0 and _has_schema()
    if ready:
        _ready_at[:] = [stamp]
    return ready


@cached(connect=False)
def _has_schema() -> bool:
    try:
        with store.reading(_stamp()[0]) as con:
            return store.schema_version(con) > 0
    except duckdb.Error as exc:
        if store.is_busy(exc):  # not "empty": the page guard says busy (and nothing is cached)
            raise
        return False


@cached(unready=False)
def synthetic(con) -> bool:
    return store.is_synthetic(con)


@cached
def initiatives(con) -> pl.DataFrame:
    return initiatives_q.initiatives(con)


@cached(unready={})
def organisations(con) -> dict[str, tuple[str, str]]:
    return initiatives_q.organisations(con)


@cached
def targets(con) -> pl.DataFrame:
    return initiatives_q.targets(con)


@cached
def counts(con) -> dict[str, int]:
    return initiatives_q.counts(con)


# --- management pages (issue 5) -------------------------------------------------------------

def _today() -> dt.date:
    """The date the pages judge against; $MAALBORD_TODAY pins it (tests, screenshots)."""
    return upkeep.today()


def today() -> dt.date:
    return _today()


@cached(dated=True)
def overview(con, as_of: dt.date) -> pl.DataFrame:
    """The Overblik frame with small numbers controlled (it leaves the analyst role)."""
    return overview_q.overview(con, as_of, limit=disclosure.threshold(con=con))


@cached(dated=True)
def calendar_file(con, today_: dt.date, committee: str | None, lang: str) -> bytes:
    """The follow-up dates as an iCalendar file (queries/feed.py) for the Opfølgning page's download."""
    from queries import feed
    return feed.ics(con, today_, committee, lang)[0]


@cached(dated=True)
def followup_calendar(con, today_: dt.date) -> pl.DataFrame:
    return followups_q.calendar(con, today_)


@cached
def initiative_page(con, initiative_id: str) -> dict | None:
    """Everything the Indsats page shows for one initiative, in one read; the measurements (table
    and chart) and the progression scores with small numbers controlled (the page leaves the
    analyst role)."""
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


@cached(connect=False)
def target_states(initiative_id: str) -> dict[str, dict]:
    """Overblik's state, proposal, assessment and rule of each target of one initiative (the
    Indsats page shows the same smiley as Overblik)."""
    return {r["target_id"]: r for r in overview().filter(pl.col("initiative_id") == initiative_id)
            .select("target_id", "state", "proposed", "assessed", "rule", "rule_text", "rule_text_en")
            .iter_rows(named=True)}


@cached
def economy(con) -> dict[str, pl.DataFrame]:
    return {
        "budget": economy_q.budget(con),
        "earlier": economy_q.earlier_allocations(con),
        "savings": economy_q.savings(con),
        "payback": economy_q.payback(con),
        "cost": economy_q.cost_per_outcome(con),
    }


@cached
def schema(con) -> pl.DataFrame:
    """Tables and views with columns, types and COMMENT ON descriptions (the SQL page's browser)."""
    from queries import workbench
    return workbench.schema(con)


@cached(connect=False)
def published_schema() -> pl.DataFrame:
    """`schema` of the published copy without microdata (queries/published.py) — what an analyst
    without the microdata grant queries. The copy is brought up to date first, in a worker process
    like the sandbox's queries (DuckDB allows one configuration per file in a process)."""
    import subprocess
    import sys

    from queries import published, workbench
    path, _ = _stamp()
    subprocess.run([sys.executable, "-m", "queries.published", path], check=True, capture_output=True)
    with store.reading(published.path_for(path)) as con:
        return workbench.schema(con)


# --- committee reports (issue 6) ---------------------------------------------------------------

@cached
def committees(con) -> pl.DataFrame:
    """Committees that hold initiatives or rounds (BIU, SOU, SUD in the demo store)."""
    return store.frame(con, "select * from v_committees_in_use order by committee_id")


@cached
def rounds(con, committee: str | None = None) -> pl.DataFrame:
    from queries import rounds as rounds_q
    return rounds_q.list_rounds(con, committee)


@cached
def report(con, round_id: str, lang: str, limit: int | None = None):
    """The report model of a round (queries/report/model.py), disclosure applied."""
    from queries import report as report_q
    return report_q.build(con, round_id, lang, limit)


@cached(connect=False)
def report_file(round_id: str, lang: str, fmt: str, limit: int | None = None) -> bytes:
    from queries import report as report_q
    return report_q.render(report(round_id, lang, limit), fmt)


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


@cached
def account(con, round_id: str, target_id: str):
    """The round's current account for the target (queries/accounts.py), or None."""
    from queries import accounts as accounts_q
    return accounts_q.current(con, round_id, target_id)


@cached
def round_states(con, round_id: str) -> dict[str, str]:
    """Each target's smiley in the round (frozen: the snapshot's; open: the status at the meeting)."""
    from queries import accounts as accounts_q
    return accounts_q.states_in_round(con, round_id)


@cached
def account_versions(con, round_id: str, target_id: str) -> list[dict]:
    """Every version of the round's account for the target, newest first, with what each changed."""
    from queries import accounts as accounts_q
    return accounts_q.versions(con, round_id, target_id)


@cached
def round_targets(con, round_id: str) -> list[str]:
    """The targets a round reports on (its committee's; frozen: its snapshot's) — the account form's picker."""
    from queries import rounds as rounds_q
    return rounds_q.round_targets(con, round_id)


def write_account(round_id: str, target_id: str, parts: dict, author: str, next_step_date=None) -> int:
    """Write path (not cached): a new version of the account. Raises InputError (a frozen round too)."""
    from queries import accounts as accounts_q
    return accounts_q.write(None, round_id, target_id, parts, author, next_step_date)


@cached
def audit_log(con, limit: int = 50) -> pl.DataFrame:
    from queries import imports as imports_q
    return imports_q.recent_audit(con, limit)


@cached
def target_versions(con) -> pl.DataFrame:
    """Current version of every target with value, tolerance, unit — for the Data page's forms."""
    from queries import forms as forms_q
    return forms_q.target_choices(con)


@cached
def owner_choices(con) -> dict[str, pl.DataFrame]:
    """Initiatives and targets with their current owner, and the administrations (Data page)."""
    from queries import owners as owners_q
    return owners_q.choices(con)


@cached(max_entries=2)
def import_plan(con, content: bytes, name: str):
    """The import plan (problems or preview) for an uploaded file — computed once per file content
    and store state, not on every rerun of the Data page."""
    from queries import imports as imports_q
    return imports_q.plan(con, content, name)


@cached
def assessment_choices(con) -> dict[str, pl.DataFrame]:
    from queries import forms as forms_q
    return forms_q.assessment_choices(con)


@cached(connect=False)
def target_chart_specs(initiative_id: str, lang: str) -> dict[str, dict]:
    """Vega-Lite specs of the Indsats page's target charts, built once per store version and
    language (altair's schema validation costs ~0.1 s a chart; the page then only ships the spec)."""
    page = initiative_page(initiative_id)
    if page is None:
        return {}
    labels = {k: t("chart." + k, lang) for k in ("actual", "target", "tolerance", "interval", "date", "value",
                                                   "series", "year", "amount")}
    arms = {a: t("arm." + a, lang) for a in vocabulary.ARMS}
    specs = {}
    for target in page["targets"].iter_rows(named=True):
        mine = page["measurements"].filter(pl.col("target_id") == target["target_id"])
        series = initiatives_q.chart_series(mine, target["kind"])
        if series.height:
            unit = formats.unit_name(target["unit"], lang) if target["unit"] not in (None, "count") else ""
            value = f"{labels['value']} ({unit})" if unit else labels["value"]  # "Værdi (%)", "Value (persons)"
            chart = charts.actual_vs_target(series, target["target_value"], target["tolerance"],
                                            target["direction"], labels | {"value": value}, arms)
            specs[target["target_id"]] = charts.spec(chart)
    return specs


# --- Administration (admin role): access file, backup, restore ----------------------------------

def access_summary(lang: str) -> dict:
    """The access file as the app reads it now: file, when changed, claim, hours and one row per
    group — or the file's problem (named file, line, setting) in `lang`."""
    import datetime as _dt
    from dashboard import auth
    from queries import access
    path = access.access_path()
    changed = formats.date(_dt.datetime.fromtimestamp(path.stat().st_mtime), with_time=True) if path.exists() else "–"
    out = {"file": str(path), "changed": changed, "problem": None, "claim": "", "hours": 0.0, "rules": None}
    try:
        rules = auth.load_access()
    except access.AccessFileError as exc:
        return out | {"problem": exc.message(lang)}
    frame = pl.DataFrame({"group": [r.group for r in rules.rules],
                          "roles": [", ".join(r.roles) for r in rules.rules],
                          "committees": [", ".join(r.committees) for r in rules.rules]},
                         schema={"group": pl.String, "roles": pl.String, "committees": pl.String})
    return out | {"claim": rules.claim, "hours": rules.session_hours, "rules": frame}


def backup_file(actor: str) -> tuple[str, bytes]:
    """Write path (not cached): the whole store as one zip (queries/backup.py)."""
    from queries import backup
    return backup.pack(store.db_path(), actor)


@cached(connect=False, max_entries=2)
def restore_check(name: str, content: bytes) -> dict:
    """The manifest of an uploaded backup after every check (raises InputError); writes nothing.
    Checked once per upload, not on every rerun of the page (typing the confirmation word)."""
    import tempfile
    from queries import backup
    with tempfile.TemporaryDirectory(prefix="maalbord-restore-") as tmp:
        return backup.unpack(name, content, tmp)


def restore(name: str, content: bytes, actor: str) -> dict:
    """Write path: replace the store by the uploaded backup, the old store kept first; every cached
    read is dropped (the published copy rebuilds itself: the store's stamp changed)."""
    import tempfile
    from queries import backup
    with tempfile.TemporaryDirectory(prefix="maalbord-restore-") as tmp:
        backup.unpack(name, content, tmp)
        result = backup.replace_from(tmp, store.db_path(), actor, source=name)
    st.cache_data.clear()
    return result


@cached
def calendar_feed(con, committee: str | None) -> str | None:
    """The live secret token of the calendar subscription for a scope (None: every committee)."""
    from queries import feeds as feeds_q
    return feeds_q.live(con, committee)


def calendar_feed_action(action: str, committee: str | None, actor: str) -> None:
    """Write path (not cached): create, replace or revoke a scope's subscription address."""
    from queries import feeds as feeds_q
    {"create": feeds_q.create, "replace": feeds_q.replace, "revoke": feeds_q.revoke}[action](None, committee, actor)
