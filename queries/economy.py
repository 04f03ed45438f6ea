"""Money: budget by year and by administration / committee / budget area, earlier allocations,
a business case's expected savings against what is achieved, payback, and cost per successful
outcome. Reads v_budget, v_targets, v_measurements (all small)."""

from __future__ import annotations

import duckdb
import polars as pl

from queries import disclosure
from queries.store import frame

GROUPS = {"admin": "administration", "committee": "committee", "area": "budget_area",
          "initiative": "initiative"}


def budget(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every budget line (kind budget) with administration (via committee or lead) and initiative."""
    return frame(con, """
        select b.year, b.activity, b.initiative_id, coalesce(i.name, b.activity) as initiative,
               coalesce(b.budget_area, '–') as budget_area, coalesce(b.committee, '–') as committee,
               coalesce(c.administration_id, i.lead_administration, '–') as administration,
               b.appropriation, b.amount_tdkk::double as amount_tdkk, b.price_level, b.document_file
        from v_budget b
        left join v_initiatives i using (initiative_id)
        left join committees c on c.committee_id = b.committee
        where b.kind = 'budget'
        order by b.year, b.budget_line_id""")


def budget_by(df: pl.DataFrame, group: str) -> pl.DataFrame:
    """Budget per year and group (administration, committee, budget_area or initiative)."""
    col = GROUPS.get(group, group)
    return (df.group_by("year", col).agg(pl.col("amount_tdkk").sum())
            .sort("year", col).rename({col: "group"}))


def earlier_allocations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, """
        select activity, year, amount_tdkk::double as amount_tdkk, price_level, document_file
        from v_budget where kind = 'earlier_allocation' order by activity, year""")


def savings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per document and year: expected saving (negative = saving, as the document writes it),
    investment, achieved (kind 'actual', null until reported), net and cumulative net."""
    return frame(con, """
        with per_year as (
            select document_id, year, min(period_label) as period,
                   sum(case when kind = 'expected_saving' then amount_tdkk end)::double as expected_saving,
                   sum(case when kind = 'investment' then amount_tdkk end)::double as investment,
                   sum(case when kind = 'actual' then amount_tdkk end)::double as achieved
            from v_budget where kind in ('expected_saving', 'investment', 'actual')
            group by document_id, year
        ),
        final as (
            select document_id, year, period, coalesce(expected_saving, 0) as expected_saving,
                   coalesce(investment, 0) as investment, achieved,
                   coalesce(expected_saving, 0) + coalesce(investment, 0) as net,
                   sum(coalesce(expected_saving, 0) + coalesce(investment, 0))
                       over (partition by document_id order by year) as cumulative
            from per_year
        )
        select * from final order by document_id, year""")


def savings_shown(savings: pl.DataFrame) -> pl.DataFrame:
    """`savings` as the page shows it, table and chart alike: a saving (expected or achieved) as a
    positive amount — the documents write it negative — and net = investment − saving (positive:
    a net cost), cumulative likewise. Also the period label ('2016/17'), the year where it has none."""
    return savings.with_columns(
        (-pl.col("expected_saving")).alias("expected_saving"), (-pl.col("achieved")).alias("achieved"),
        pl.coalesce(pl.col("period"), pl.col("year").cast(pl.String)).alias("period"))


def savings_long(shown: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """`savings_shown` as the chart's long frame (year, period, series, amount_tdkk): expected
    saving, investment and — where reported — achieved, each series named by `names`."""
    parts = [shown.select("year", "period", pl.lit(names[c]).alias("series"), pl.col(c).alias("amount_tdkk"))
             for c in ("expected_saving", "investment")]
    parts.append(shown.filter(pl.col("achieved").is_not_null()).select(
        "year", "period", pl.lit(names["achieved"]).alias("series"), pl.col("achieved").alias("amount_tdkk")))
    return pl.concat(parts)


def payback(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Payback targets (unit years, id containing 'tilbagebetaling') with latest reported value."""
    return frame(con, """
        select t.target_id, coalesce(t.short_text, t.text) as short_text, t.text, t.target_value,
               t.unit, t.document,
               (select value from v_measurements m where m.target_id = t.target_id and not m.superseded
                order by as_of desc limit 1) as actual
        from v_targets t
        where t.unit = 'years' and t.target_id like '%tilbagebetaling%'
        order by t.sort_order""")


def cost_per_outcome(con: duckdb.DuckDBPyConnection, limit: int | None | str = "store") -> pl.DataFrame:
    """For targets that count people (persons, or shares with a numerator): the initiative's budget
    up to the measurement year divided by the citizens with a successful outcome. With a control
    group the successes are the difference vs control (an effect-based figure); otherwise the
    figure is labelled not an effect estimate (effect_based = false).

    Small numbers are controlled as everywhere outside the analyst role (queries/disclosure.py):
    a count of successes below the threshold (`limit`; "store": the store's, as
    disclosure.threshold(con=con); None: raw, for analysts) becomes null with successes_text
    '<5', and so does its cost per success (spent / successes would give the count away)."""
    df = _cost_per_outcome(con)
    if limit is None:
        return df.with_columns(pl.col("successes").map_elements(disclosure.fmt_int, return_dtype=pl.String)
                               .alias("successes_text"))
    limit = disclosure.threshold(con=con) if limit == "store" else int(limit)
    small = pl.col("successes").map_elements(lambda v: disclosure.is_small(v, limit), return_dtype=pl.Boolean)
    return df.with_columns(
        pl.when(small).then(pl.lit(disclosure.hidden_text(limit)))
          .otherwise(pl.col("successes").map_elements(disclosure.fmt_int, return_dtype=pl.String))
          .alias("successes_text"),
        pl.when(small).then(None).otherwise(pl.col("successes")).alias("successes"),
        pl.when(small).then(None).otherwise(pl.col("cost_per_success")).alias("cost_per_success"))


def _cost_per_outcome(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, """
        with latest as (
            select target_id, arm, as_of, value, numerator
            from v_measurements where not superseded and value is not null
            qualify row_number() over (partition by target_id, arm order by as_of desc, entered_at desc) = 1
        ),
        people as (
            select t.target_id, t.initiative_id, coalesce(t.short_text, t.text) as short_text, t.kind,
                   coalesce(e.as_of, a.as_of, tr.as_of) as as_of,
                   case when e.value is not null and t.unit = 'persons' then e.value
                        when a.numerator is not null then a.numerator
                        when tr.numerator is not null then tr.numerator
                        when t.unit = 'persons' then coalesce(a.value, tr.value) end as successes,
                   (e.value is not null or c.value is not null) as effect_based
            from v_targets t
            left join latest a on a.target_id = t.target_id and a.arm = 'all'
            left join latest tr on tr.target_id = t.target_id and tr.arm = 'treatment'
            left join latest c on c.target_id = t.target_id and c.arm = 'control'
            left join latest e on e.target_id = t.target_id and e.arm = 'effect'
            where t.unit = 'persons' or t.kind in ('share', 'retention')
        ),
        spent as (
            select p.target_id, sum(b.amount_tdkk)::double as spent
            from people p join v_budget b on b.initiative_id = p.initiative_id and b.kind in ('budget', 'investment')
                and b.year <= year(p.as_of)
            group by p.target_id
        ),
        final as (
            select p.target_id, p.short_text, p.as_of, p.successes, s.spent,
                   s.spent / nullif(p.successes, 0) as cost_per_success, p.effect_based
            from people p join spent s using (target_id)
            where p.successes is not null and p.successes > 0
        )
        select * from final order by target_id""")
