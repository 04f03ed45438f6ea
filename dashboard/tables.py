"""Tables as the pages show them (Indsats, Data): figures as text in the page's language, codes as
labels, missing cells empty. Functions of the frames dashboard/data.py returns; no widgets."""

from __future__ import annotations

import polars as pl

from dashboard import ui
from queries import formats, imports
from queries import progression as progression_q
from queries.files import ROW


def grey_superseded(df):
    """pandas Styler: superseded rows in grey, struck through."""
    import pandas as pd  # noqa: F401 — only for the Styler that greys superseded rows

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
    places, lang = formats.decimals(unit, mine["value"].to_list()), ui.lang()
    n = [text if value is None else formats.integer(value, lang) for text, value in zip(mine["n"], mine["n_value"])]
    hidden = mine["hidden_value_text"].to_list()  # '–' / '<5' where small numbers hide the figure

    def shown(column: str) -> pl.Series:
        texts = formats.numbers(mine[column], places, lang)
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
    lang = ui.lang()
    return ui.blank_nulls(table.with_columns(pl.Series(c, formats.numbers(table[c], 2, lang), dtype=pl.String)
                                             for c in means))


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
        pl.Series("amount_tdkk", formats.numbers(shown["amount_tdkk"], formats.decimals("tdkk"), ui.lang()),
                  dtype=pl.String)))


def quoted(passage: str) -> str:
    """The source passage as a Markdown quote."""
    return "\n".join("> " + line if line else ">" for line in passage.splitlines())


# --- the Data page ------------------------------------------------------------------------------

PREVIEW_ROWS = 2000

# a form's fields as the form labels them (queries/forms.py and assessments.py name the columns)
FIELDS = {"target_id": "data.target", "as_of": "data.as_of", "value": "data.value", "numerator": "data.numerator",
          "denominator": "data.denominator", "arm": "data.arm", "source": "data.source", "note": "data.note",
          "target_value": "data.target_value", "tolerance": "data.tolerance", "change_reason": "data.reason",
          "initiative_id": "data.initiative", "round_id": "data.round", "state": "data.state", "text": "data.reason",
          "author": "data.author", "mailbox": "data.mailbox", "administration": "data.administration",
          "owner_object": "data.owner_object"}
ASSESSMENT_FIELDS = {**FIELDS, "target_id": "data.assess_target"}


def file_problems(problems, lang: str) -> pl.DataFrame:
    """A file's problems: file, row, column, value, reason (a file-level problem has no row: an
    empty cell)."""
    rows = [p.as_row(lang) for p in problems]
    return pl.DataFrame(
        [{**r, "column": r["column"] or "", "value": r["value"] or ""} for r in rows],
        schema={"file": pl.String, "row": pl.Int64, "column": pl.String, "value": pl.String,
                "reason": pl.String}, orient="row")


def form_problems(problems, lang: str, fields: dict[str, str] = FIELDS) -> pl.DataFrame:
    """A form's problems: the field as the form labels it, value, reason."""
    rows = [p.as_row(lang) for p in problems]
    return pl.DataFrame(
        [{"field": field_label(r["column"], fields), "value": r["value"] or "", "reason": r["reason"]}
         for r in rows], schema={"field": pl.String, "value": pl.String, "reason": pl.String}, orient="row")


def field_label(column: str | None, fields: dict[str, str] = FIELDS) -> str:
    """'value' → 'Værdi' (the form's label); 'target_value, tolerance' → both labels."""
    if not column:
        return ""
    return ", ".join(ui.tr(fields[c]) if c in fields else c for c in column.split(", "))


def import_preview(preview: pl.DataFrame) -> pl.DataFrame:
    """An import plan's preview as shown, at most PREVIEW_ROWS rows (corrections first: they are
    what needs a look): dates, arms and figures in the page's language, the row's status in words."""
    if preview.height > PREVIEW_ROWS:
        preview = preview.sort(pl.col("status") != "superseding", ROW).head(PREVIEW_ROWS)
    lang = ui.lang()
    return ui.relabel(
        preview, as_of=formats.date, arm=ui.arm_label,
        **{c: lambda v: formats.exact(v, lang) for c in ("old_value", "value", "numerator", "denominator")}
    ).with_columns(
        pl.col("status").replace_strict({s: ui.tr(f"data.status.{s}") for s in ("new", "unchanged", "superseding")}),
        *[pl.col(c).fill_null("") for c in ("target_id", "source", "note")])


def audit_table(log: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The audit log as shown: the action in words, the detail as 'key: value, …' (raw on the SQL page)."""
    return ui.relabel(log, action=lambda a: imports.action_label(a, lang),
                      detail=lambda d: imports.detail_text(d, lang))


def account_versions(rows: list[dict], lang: str) -> pl.DataFrame:
    """An account's versions (queries/accounts.versions, newest first) as shown: version, when, who,
    what changed (the parts' names), then each part as plain text (no Markdown marks) and the date."""
    from queries import accounts, markup
    from queries.texts import t

    def label(f: str) -> str:
        return t("account.next_step_date" if f == "next_step_date" else f"account.part.{f}", lang)

    return pl.DataFrame([{
        "version": r["version"], "entered_at": r["entered_at"], "author": r["author"],
        "changed": ", ".join(label(f) for f in r["changed"]) or t("data.account_unchanged", lang),
        **{p: markup.plain(r[p]) for p in accounts.PARTS},
        "next_step_date": formats.date(r["next_step_date"]),
    } for r in rows], schema={"version": pl.Int64, "entered_at": pl.Datetime, "author": pl.String,
                              "changed": pl.String, **{p: pl.String for p in accounts.PARTS},
                              "next_step_date": pl.String})
