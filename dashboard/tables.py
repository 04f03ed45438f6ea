"""The Indsats page's tables as shown: figures as text in the page's language, codes as labels,
missing cells empty. Pure functions of the frames dashboard/data.py returns (no widgets)."""

from __future__ import annotations

import polars as pl

from dashboard import ui
from queries import progression as progression_q

ARMS = ("all", "treatment", "control", "effect")


def grey_superseded(df):
    """pandas Styler: superseded rows in grey, struck through."""
    import pandas as pd  # only for the Styler that greys superseded rows

    pdf = df.to_pandas()
    flag = pdf["superseded"].tolist()

    def style(row):
        return ["color: #9e9e9e; text-decoration: line-through" if flag[row.name] else ""] * len(row)

    return pdf.style.apply(style, axis=1)


def measurements_table(mine: pl.DataFrame, unit: str | None) -> pl.DataFrame:
    """A target's measurements as shown: figures in the page's language with the unit's decimals
    (the interval with the value's), n as '<5' when small, a figure hidden by small numbers as '–'
    ('<5' for a count of persons) as the report and Overblik show it, missing figures as empty cells, the
    origin and a source the app wrote (beregnet, import …) in the page's language."""
    places = ui.decimals(unit, mine["value"].to_list())
    n = [text if value is None else ui.number(value, 0) for text, value in zip(mine["n"], mine["n_value"])]
    hidden = mine["hidden_value_text"].to_list()  # '–' / '<5' where small numbers hide the figure

    def shown(column: str) -> pl.Series:
        texts = ui.numbers(mine[column], places)
        return pl.Series(column, [h or t for h, t in zip(hidden, texts)], dtype=pl.String)

    return ui.blank_nulls(ui.relabel(mine.select(
        "as_of", "arm", shown("value"),
        pl.Series("n", n, dtype=pl.String),
        shown("ci_low"), shown("ci_high"),
        "source", "origin", "entered_by", "entered_at", "superseded"),
        arm=ui.arm_label, source=ui.origin_label, origin=ui.origin_label))


def progression_table(table: pl.DataFrame) -> pl.DataFrame:
    """The progression table as shown: mean scores as text in the page's language with two decimals
    (2,84 in Danish, 2.84 in English — not a number column, whose format ignores the language),
    a hidden or missing figure as an empty cell."""
    means = [c for c in table.columns if c.startswith("mean_")]
    return ui.blank_nulls(table.with_columns(pl.Series(c, ui.numbers(table[c], 2), dtype=pl.String) for c in means))


def progression_groups(df: pl.DataFrame) -> tuple[pl.DataFrame, list[dict]]:
    """The progression scores with every row under a sub-goal (a dimension without one under
    'dimension (uden delmål)'), and the (target, dimension, sub-goal) groups in order: one small
    chart each."""
    untargeted = {d: ui.tr("prog.no_target", dimension=d) for d in df["dimension"].unique().to_list()}
    df = df.with_columns(pl.coalesce(pl.col("sub_goal"), pl.col("dimension").replace_strict(
        untargeted, return_dtype=pl.String)).alias("sub_goal"))
    groups = list(df.select("target_id", "dimension", "sub_goal").unique(maintain_order=True).iter_rows(named=True))
    return df, groups


def progression_part(df: pl.DataFrame, group: dict) -> pl.DataFrame:
    """The scores of one group of `progression_groups`."""
    return df.filter((pl.col("dimension") == group["dimension"]) & (pl.col("target_id").eq_missing(group["target_id"])))


def progression_wide(df: pl.DataFrame) -> pl.DataFrame:
    """The progression points as one row per sub-goal and quarter with mean and n per arm, as shown."""
    return progression_table(progression_q.wide(df))


def assessments_table(assessments: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """The assessments as shown: the state as a badge, a target id as its target's short text."""
    names = dict(targets.select("target_id", "short_text").iter_rows())  # an id reads as its target
    return ui.blank_nulls(ui.relabel(assessments, state=ui.state_label,
                                     target_id=lambda i: names.get(i, i) if i else ""))


def budget_shown(budget: pl.DataFrame) -> pl.DataFrame:
    """The budget lines with the kind and committee in words (for the chart and the table)."""
    return ui.relabel(budget, kind=lambda k: ui.code_label("kind", k), committee=ui.org_label)


def budget_table(shown: pl.DataFrame) -> pl.DataFrame:
    """`budget_shown` with the amounts as text in 1.000 kr., whole numbers."""
    return ui.blank_nulls(shown.with_columns(
        pl.Series("amount_tdkk", ui.numbers(shown["amount_tdkk"], ui.decimals("tdkk")), dtype=pl.String)))


def quoted(passage: str) -> str:
    """The source passage as a Markdown quote."""
    return "\n".join("> " + line if line else ">" for line in passage.splitlines())
