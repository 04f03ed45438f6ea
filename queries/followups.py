"""Follow-up dates: when each target is due, from its first follow-up date and frequency.

Pure date arithmetic (`due_dates`, `next_due`, `bucket`) plus `calendar(con, today)`, which lists
every target's follow-ups as overdue / next 90 days / later and whether a measurement exists for
the period. Reads only v_targets and v_measurements (small tables), never microdata.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt

import duckdb
import polars as pl

from queries import status
from queries.store import frame

HORIZON_DAYS = 90


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months`, keeping month-ends at month-end (31-12 + 6 → 30-06)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = _cal.monthrange(year, month)[1]
    was_last = day.day == _cal.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if was_last else min(day.day, last))


def due_dates(first: dt.date | None, frequency_months: int | None, until: dt.date) -> list[dt.date]:
    """Every follow-up date from `first` up to and including `until` (at most one if no frequency)."""
    if first is None:
        return []
    if not frequency_months or frequency_months <= 0:
        return [first] if first <= until else []
    out, k = [], 0
    while True:
        day = add_months(first, k * frequency_months)
        if day > until:
            return out
        out.append(day)
        k += 1


def next_due(first: dt.date | None, frequency_months: int | None, today: dt.date) -> dt.date | None:
    """The first follow-up on or after `today` (None when there is none)."""
    if first is None:
        return None
    if first >= today:
        return first
    if not frequency_months or frequency_months <= 0:
        return None
    k = 1
    while True:
        day = add_months(first, k * frequency_months)
        if day >= today:
            return day
        k += 1


def bucket(due: dt.date, today: dt.date, has_measurement: bool) -> str:
    """overdue (past and no measurement for the period), next90, later — or done (past, measured)."""
    if due < today:
        return "done" if has_measurement else "overdue"
    if due <= today + dt.timedelta(days=HORIZON_DAYS):
        return "next90"
    return "later"


def _implementation_judged(row: dict) -> bool:
    """An implementation target is followed up by its initiative's implementation state, not by
    measurements: done when status can judge that state (the smiley Overblik shows is not ⚪), so a
    target shown 😊 is never listed as overdue here."""
    verdict = status.implementation_verdict(status.Target(
        kind="implementation", implementation_state=row["implementation_state"], state_reason=row["state_reason"]))
    return verdict.state != "none"


def calendar(con: duckdb.DuckDBPyConnection, today: dt.date) -> pl.DataFrame:
    """Per target: its latest passed follow-up (overdue, or done when measured) and its next one.
    Columns: target_id, initiative_id, initiative, short_text, committee, due, period_start,
    has_measurement, bucket."""
    targets = frame(con, """
        select t.target_id, t.initiative_id, t.initiative, coalesce(t.short_text, t.text) as short_text,
               coalesce(t.committee, '–') as committee, t.first_followup, t.frequency_months, t.kind,
               i.implementation_state, i.state_reason
        from v_targets t join v_initiatives i using (initiative_id)
        where t.first_followup is not null order by t.document_file, t.sort_order""")
    measured = frame(con, """
        select target_id, as_of from v_measurements where not superseded and value is not null""")
    dates: dict[str, list[dt.date]] = {}
    for target_id, as_of in measured.iter_rows():
        dates.setdefault(target_id, []).append(as_of)
    rows = []
    for r in targets.iter_rows(named=True):
        first, freq = r["first_followup"], r["frequency_months"]
        past = due_dates(first, freq, today - dt.timedelta(days=1))
        coming = next_due(first, freq, today)
        # the latest follow-up that has passed (is it measured?) and the next one coming
        schedule = past[-1:] + ([coming] if coming else [])
        followed_up = _implementation_judged(r) if r["kind"] == "implementation" else None
        for due in schedule:
            start = add_months(due, -freq) if freq else dt.date.min
            has = followed_up if followed_up is not None else any(start < d <= due for d in dates.get(r["target_id"], []))
            rows.append({
                "target_id": r["target_id"], "initiative_id": r["initiative_id"],
                "initiative": r["initiative"], "short_text": r["short_text"],
                "committee": r["committee"], "due": due, "period_start": start if start != dt.date.min else None,
                "has_measurement": has, "bucket": bucket(due, today, has),
            })
    schema = {"target_id": pl.String, "initiative_id": pl.String, "initiative": pl.String,
              "short_text": pl.String, "committee": pl.String, "due": pl.Date, "period_start": pl.Date,
              "has_measurement": pl.Boolean, "bucket": pl.String}
    return pl.DataFrame(rows, schema=schema).sort("due", "committee", "target_id")


OPEN_BUCKETS = ("overdue", "next90", "later")  # the follow-ups still to come or missed ('done' aside)


def per_committee(cal: pl.DataFrame) -> pl.DataFrame:
    """The calendar's open follow-ups counted per committee: committee, overdue, next90, later
    (0 where a committee has none), sorted by committee."""
    per = (cal.filter(pl.col("bucket").is_in(OPEN_BUCKETS))
           .group_by("committee", "bucket").len()
           .pivot(on="bucket", index="committee", values="len").fill_null(0))
    for b in OPEN_BUCKETS:
        if b not in per.columns:
            per = per.with_columns(pl.lit(0, dtype=pl.UInt32).alias(b))
    return per.select("committee", *OPEN_BUCKETS).sort("committee")
