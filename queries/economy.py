"""Money: budget by year and by administration / committee / budget area, earlier allocations,
a business case's expected savings against what is achieved, payback, and cost per successful
outcome. Reads v_budget, v_targets, v_measurements (all small)."""

from __future__ import annotations

import duckdb
import polars as pl

from queries import disclosure, formats
from queries.store import frame

GROUPS = {"admin": "administration", "committee": "committee", "area": "budget_area",
          "initiative": "initiative"}


def budget(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every budget line (kind budget) with administration and initiative (views/40_v_budget_lines.sql)."""
    return frame(con, "select * exclude (budget_line_id) from v_budget_lines order by year, budget_line_id")


def budget_by(df: pl.DataFrame, group: str) -> pl.DataFrame:
    """Budget per year and group (administration, committee, budget_area or initiative)."""
    col = GROUPS.get(group, group)
    return (df.group_by("year", col).agg(pl.col("amount_tdkk").sum())
            .sort("year", col).rename({col: "group"}))


def earlier_allocations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "select activity, year, amount_tdkk::double as amount_tdkk, price_level, document_file "
                      "from v_budget where kind = 'earlier_allocation' order by activity, year")


def savings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per document and year: expected saving (negative = saving, as the document writes it),
    investment, achieved (kind 'actual', null until reported), net and cumulative net
    (views/41_v_savings.sql)."""
    return frame(con, "select * from v_savings order by document_id, year")


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
    """Payback targets (unit years, id containing 'tilbagebetaling') with the latest reported value
    (views/42_v_payback.sql)."""
    return frame(con, "select * exclude (sort_order) from v_payback order by sort_order")


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
        return df.with_columns(pl.col("successes").map_elements(formats.integer, return_dtype=pl.String)
                               .alias("successes_text"))
    limit = disclosure.threshold(con=con) if limit == "store" else int(limit)
    small = pl.col("successes").map_elements(lambda v: disclosure.is_small(v, limit), return_dtype=pl.Boolean)
    return df.with_columns(
        pl.when(small).then(pl.lit(disclosure.hidden_text(limit)))
          .otherwise(pl.col("successes").map_elements(formats.integer, return_dtype=pl.String))
          .alias("successes_text"),
        pl.when(small).then(None).otherwise(pl.col("successes")).alias("successes"),
        pl.when(small).then(None).otherwise(pl.col("cost_per_success")).alias("cost_per_success"))


def _cost_per_outcome(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "select * from v_cost_per_outcome order by target_id")  # views/43_v_cost_per_outcome.sql
