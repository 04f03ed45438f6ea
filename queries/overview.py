"""The overview table: every target with its latest actual, n, interval, state, trend and next
follow-up. Reads v_targets, v_measurements (small, precomputed) and the state source below.

`states(con, as_of)` is the one place the overview gets its smileys from: v_status and the rules in
queries/status.py, so the same target shows the same smiley on every page, report and export.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from queries import followups, status, status_table
from queries.store import frame

STATES = status.STATES

# The headline arm of a target: the effect row for effect targets, else "all", else the treatment arm.
_HEADLINE_SQL = """
with m as (
    select target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high, source, origin
    from v_measurements
    where not superseded and value is not null
),
effect_derived as (  -- treatment minus control where a target has both but no effect row
    select t.target_id, t.as_of, 'effect' as arm, t.value - c.value as value,
           null::double as numerator, t.denominator + c.denominator as denominator,
           null::double as ci_low, null::double as ci_high, t.source, t.origin
    from m t join m c on c.target_id = t.target_id and c.as_of = t.as_of
                     and t.arm = 'treatment' and c.arm = 'control'
    where not exists (select 1 from m e where e.target_id = t.target_id and e.as_of = t.as_of and e.arm = 'effect')
),
all_rows as (select * from m union all by name select * from effect_derived),
ranked as (
    select a.*, v.kind,
           case when v.kind = 'effect' and a.arm = 'effect' then 0
                when a.arm = 'all' then 1 when a.arm = 'treatment' then 2 else 3 end as arm_rank
    from all_rows a join v_targets v using (target_id)
    where a.as_of <= $as_of
),
headline_arm as (
    select target_id, arg_min(arm, arm_rank) as arm from ranked group by target_id
),
final as (
    select r.target_id, r.as_of, r.arm, r.value, r.numerator, r.denominator, r.ci_low, r.ci_high,
           r.source, r.origin
    from ranked r join headline_arm h using (target_id, arm)
)
select * from final
"""


def headline_series(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    """Every headline measurement per target up to `as_of`, oldest first."""
    return frame(con, _HEADLINE_SQL + " order by target_id, as_of", {"as_of": as_of})


def states(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    """target_id → state (final: the assessment when one applies, else the proposal), rule texts,
    and the actual, n and interval the rule judged. From v_status (materialised by
    queries/status_table.py whenever data changes) when it is for `as_of`, else computed for
    `as_of` by the same rules (status_table.status_at) — so every page shows the same smiley."""
    cols = ["target_id", "final", "proposed", "assessed", "rule_text", "rule_text_en", "actual", "n",
            "ci_low", "ci_high", "measured_at"]
    materialised = frame(con, "select distinct as_of from v_status")
    if materialised.height == 1 and materialised["as_of"][0] == as_of:
        df = frame(con, f"select {', '.join(cols)} from v_status")
    else:
        df = status_table.status_at(con, as_of).select(cols)
    return df.rename({"final": "state", "actual": "status_actual", "n": "status_n", "ci_low": "status_ci_low",
                      "ci_high": "status_ci_high"})


def overview(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    """One row per current target, in document order. Columns: target_id, initiative_id, initiative,
    short_text, text, kind, target_value, unit, direction, theme, document, committee,
    lead_administration, administrations, actual, actual_as_of, n, ci_low, ci_high, state,
    rule_text, trend (list of values), first_followup, next_followup."""
    targets = frame(con, """
        select v.target_id, v.initiative_id, v.initiative, coalesce(v.short_text, v.text) as short_text,
               v.text, v.kind, v.target_value, v.unit, v.direction, v.tolerance, v.theme, v.document,
               coalesce(v.committee, '–') as committee, v.lead_administration,
               trim(concat_ws(',', v.lead_administration, i.partner_administrations), ',') as administrations,
               v.first_followup, v.frequency_months, i.implementation_state
        from v_targets v join v_initiatives i using (initiative_id)
        order by v.document_file, v.sort_order""")
    series = headline_series(con, as_of)
    latest = (series.sort("target_id", "as_of")
              .group_by("target_id", maintain_order=True)
              .agg(pl.col("as_of").last().alias("actual_as_of"), pl.col("value").last(),
                   pl.col("denominator").last(), pl.col("ci_low").last(), pl.col("ci_high").last(),
                   pl.col("value").alias("trend")))
    state = states(con, as_of)
    out = (targets.join(latest, on="target_id", how="left")
           .join(state, on="target_id", how="left")
           .with_columns(
               pl.col("state").fill_null("none"),
               pl.col("trend").fill_null(pl.lit([], dtype=pl.List(pl.Float64))),
               # the figures the status rule judged (effects: improvement over control; Wilson
               # interval from numerator/denominator), else the latest headline measurement
               pl.coalesce("status_actual", "value").alias("actual"),
               pl.coalesce("status_n", "denominator").alias("n"),
               pl.when(pl.col("status_actual").is_not_null()).then(pl.col("status_ci_low"))
                 .otherwise(pl.col("ci_low")).alias("ci_low"),
               pl.when(pl.col("status_actual").is_not_null()).then(pl.col("status_ci_high"))
                 .otherwise(pl.col("ci_high")).alias("ci_high"),
               pl.coalesce("measured_at", "actual_as_of").alias("actual_as_of")))
    nxt = [followups.next_due(f, m, as_of) for f, m in zip(out["first_followup"], out["frequency_months"])]
    out = out.with_columns(pl.Series("next_followup", nxt, dtype=pl.Date))
    return out.select(
        "target_id", "initiative_id", "initiative", "short_text", "text", "kind", "target_value", "unit",
        "direction", "theme", "document", "committee", "lead_administration", "administrations",
        "actual", "actual_as_of", "n", "ci_low", "ci_high", "state", "proposed", "assessed", "rule_text",
        "rule_text_en", "trend",
        "first_followup", "next_followup")


def state_counts(df: pl.DataFrame) -> dict[str, int]:
    counts = dict(df.group_by("state").len().iter_rows()) if df.height else {}
    return {s: int(counts.get(s, 0)) for s in STATES}


def filter_overview(df: pl.DataFrame, *, states: list[str] | None = None, administrations=None,
                    committees=None, documents=None, themes=None, kinds=None, search: str = "") -> pl.DataFrame:
    """Apply the page's filters (an empty filter keeps everything)."""
    if states:
        df = df.filter(pl.col("state").is_in(states))
    if administrations:
        df = df.filter(pl.any_horizontal([pl.col("administrations").str.contains(rf"(^|,){a}(,|$)")
                                          for a in administrations]))
    for col, values in (("committee", committees), ("document", documents), ("theme", themes), ("kind", kinds)):
        if values:
            df = df.filter(pl.col(col).is_in(values))
    if search and search.strip():
        needle = search.strip().lower()
        df = df.filter(pl.col("text").str.to_lowercase().str.contains(needle, literal=True)
                       | pl.col("short_text").str.to_lowercase().str.contains(needle, literal=True)
                       | pl.col("initiative").str.to_lowercase().str.contains(needle, literal=True))
    return df
