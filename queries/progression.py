"""Progression scores (1–5) of an initiative's sub-goals, as the Indsats page shows them: rows of
v_progression with the sub-goal's text, and the small-number rules applied. No streamlit."""

from __future__ import annotations

import duckdb
import polars as pl

from queries import disclosure
from queries.store import query_file
from queries.vocabulary import STUDY_ARMS


def initiative_progression(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pl.DataFrame:
    """v_progression for one initiative: one row per sub-goal (or dimension without one), arm and
    quarter since start, with the sub-goal's short text (null when the dimension has no target)."""
    return query_file(con, "progression_initiative", {"id": initiative_id})


def disclose(df: pl.DataFrame, limit: int, lang: str = "da") -> pl.DataFrame:
    """The rows as they may leave the analyst role (docs/reports.md rules 1–2): a point with fewer
    than `limit` citizens shows no mean and no count 4–5; a count 4–5 that is itself small, or whose
    complement (n − count) is small, is hidden. Adds `n_text` and `n_4_5_text` ('<5' when small)."""
    small_n = pl.col("n").map_elements(lambda v: disclosure.is_small(v, limit), return_dtype=pl.Boolean)
    hide_45 = small_n | pl.struct("n", "n_score_4_5").map_elements(
        lambda r: disclosure.is_small(r["n_score_4_5"], limit) or disclosure.is_small(r["n"] - r["n_score_4_5"], limit),
        return_dtype=pl.Boolean)
    if df.height == 0:
        return df.with_columns(pl.lit(None, dtype=pl.String).alias("n_text"),
                               pl.lit(None, dtype=pl.String).alias("n_4_5_text"))
    return df.with_columns(
        pl.when(small_n).then(None).otherwise(pl.col("mean_score")).alias("mean_score"),
        pl.when(hide_45).then(None).otherwise(pl.col("n_score_4_5")).alias("n_score_4_5"),
        pl.col("n").map_elements(lambda v: disclosure.count_text(v, limit, lang), return_dtype=pl.String).alias("n_text"),
        pl.when(hide_45).then(pl.lit(disclosure.hidden_text(limit)))
          .otherwise(pl.col("n_score_4_5").map_elements(lambda v: disclosure.count_text(v, limit, lang),
                                                        return_dtype=pl.String)).alias("n_4_5_text"),
    )



def wide(df: pl.DataFrame) -> pl.DataFrame:
    """The disclosed rows as the page's compact table: one row per sub-goal (or dimension) and
    quarter; per arm present the mean score, n and the count with score 4–5 (as texts, '<5' when
    small): columns mean_<arm>, n_<arm>, n_4_5_<arm>."""
    keys = ["target_id", "sub_goal", "dimension", "quarter"]
    out = df.select(keys).unique(maintain_order=True)
    for arm in [a for a in STUDY_ARMS if a in set(df["arm"])] + sorted(set(df["arm"]) - set(STUDY_ARMS)):
        part = df.filter(pl.col("arm") == arm).select(
            *keys, pl.col("mean_score").alias(f"mean_{arm}"), pl.col("n_text").alias(f"n_{arm}"),
            pl.col("n_4_5_text").alias(f"n_4_5_{arm}"))
        out = out.join(part, on=keys, how="left", nulls_equal=True, maintain_order="left")
    return out
