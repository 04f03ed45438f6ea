"""Initiatives and their targets, as the pages list them. Plain functions over an open connection."""

from __future__ import annotations

import duckdb
import polars as pl

from queries import disclosure
from queries.store import frame


def initiatives(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, 
        """select initiative_id, name, theme, document, document_file, lead_administration,
                  implementation_state, reported_smiley, committee, section, document_id
           from v_initiatives order by document_file, sort_order""")


def targets(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, 
        """select target_id, initiative_id, initiative, coalesce(short_text, text) as short_text, text, kind,
                  target_value, unit, direction, first_followup, document, document_file, theme, committee,
                  lead_administration
           from v_targets order by document_file, sort_order""")


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = con.execute(
        """select (select count(*) from initiatives), (select count(*) from v_targets),
                  (select count(*) from documents)""").fetchone()
    return {"initiatives": row[0], "targets": row[1], "documents": row[2]}


def organisations(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Administrations and committees by code: code → (Danish name, English name), so a page can
    write 'Beskæftigelses- og Integrationsforvaltningen (BIF)' rather than the bare code."""
    rows = con.execute("""select administration_id, name, name_en from administrations
                          union all select committee_id, name, name_en from committees""").fetchall()
    return {code: (name, name_en or name) for code, name, name_en in rows}


def initiative(con: duckdb.DuckDBPyConnection, initiative_id: str) -> dict | None:
    """One initiative with everything its page shows at the top, or None."""
    df = frame(con, """
        select i.initiative_id, i.name, i.description, i.target_group, i.period_start, i.period_end,
               i.lead_administration, i.partner_administrations, i.implementation_state, i.state_reason,
               i.committee, i.passage, i.document, i.document_date, i.document_year, i.theme
        from v_initiatives i where i.initiative_id = $id""", {"id": initiative_id})
    return df.row(0, named=True) if df.height else None


def initiative_targets(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pl.DataFrame:
    return frame(con, """
        select target_id, coalesce(short_text, text) as short_text, text, kind, target_value, unit,
               direction, tolerance, first_followup, frequency_months, arms
        from v_targets where initiative_id = $id order by sort_order""", {"id": initiative_id})


def initiative_measurements(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pl.DataFrame:
    """Every measurement of the initiative's targets, superseded ones included (flagged)."""
    return frame(con, """
        select m.target_id, m.as_of, m.arm, m.value, m.denominator as n, m.ci_low, m.ci_high, m.source,
               m.origin, m.entered_by, m.entered_at, m.superseded, m.numerator, t.unit, t.kind
        from v_measurements m join v_targets t using (target_id)
        where t.initiative_id = $id order by m.target_id, m.as_of, m.arm, m.entered_at, m.measurement_id""", {"id": initiative_id})


def disclose_measurements(measurements: pl.DataFrame, limit: int) -> pl.DataFrame:
    """`initiative_measurements` as it may leave the analyst role (rules 1–2 of
    queries/disclosure.py, docs/reports.md): a hidden value and its interval become null, the
    numerator is dropped, and `n` becomes text ('<5' when small; the number, null when hidden,
    stays in `n_value` for a page to format in its language). An effect row is a difference, not
    a share of n, so it implies no numerator; a derived effect is not stored here (the chart
    derives it from the arms, which are disclosed first)."""
    df = measurements.with_columns(
        pl.when(pl.col("arm") == "effect").then(None).otherwise(pl.col("unit")).alias("_disclosure_unit"))
    df = disclosure.disclose_frame(df, value="value", n="n", numerator="numerator", ci=("ci_low", "ci_high"),
                                   unit="_disclosure_unit", limit=limit)
    return (df.with_columns(pl.col("n").alias("n_value"), pl.col("n_text").alias("n"))
            .drop("n_text", "numerator", "_disclosure_unit"))


def initiative_assessments(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pl.DataFrame:
    return frame(con, """
        select a.assessed_at, a.round_id, a.target_id, a.state, a.text, a.author
        from assessments a where a.initiative_id = $id order by a.assessed_at desc, a.assessment_id desc""",
                 {"id": initiative_id})


def initiative_budget(con: duckdb.DuckDBPyConnection, initiative_id: str) -> pl.DataFrame:
    return frame(con, """
        select year, activity, kind, budget_area, committee, appropriation, amount_tdkk::double as amount_tdkk,
               price_level
        from v_budget where initiative_id = $id order by kind, year, activity""", {"id": initiative_id})


def chart_series(measurements: pl.DataFrame, kind: str) -> pl.DataFrame:
    """The series a target's chart draws (current rows only). Effect targets are stated as a
    difference vs control, so they draw the effect arm (or treatment minus control where only the
    arms are recorded); other targets draw each arm, the control arm as its own line."""
    current = measurements.filter(~pl.col("superseded") & pl.col("value").is_not_null())
    if kind != "effect":
        return current.select("as_of", "arm", "value", "ci_low", "ci_high")
    effect = current.filter(pl.col("arm") == "effect").select("as_of", "arm", "value", "ci_low", "ci_high")
    t = current.filter(pl.col("arm") == "treatment").select("as_of", pl.col("value").alias("t"))
    c = current.filter(pl.col("arm") == "control").select("as_of", pl.col("value").alias("c"))
    derived = (t.join(c, on="as_of").join(effect.select("as_of"), on="as_of", how="anti")
               .select("as_of", pl.lit("effect").alias("arm"), (pl.col("t") - pl.col("c")).alias("value"),
                       pl.lit(None, dtype=pl.Float64).alias("ci_low"), pl.lit(None, dtype=pl.Float64).alias("ci_high")))
    return pl.concat([effect, derived], how="vertical_relaxed").sort("as_of")
