"""The overview table: every target with its latest actual, n, interval, state, trend and next
follow-up. Reads v_targets, v_measurements (small, precomputed) and the state source below.

`states(con, as_of)` is the one place the overview gets its smileys from: v_status and the rules in
queries/status.py, so the same target shows the same smiley on every page, report and export.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from queries import disclosure, followups, formats, rule_texts, status_table, vocabulary
from queries.store import frame, query_file


def headline_series(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    """Every measured figure a target was judged on up to `as_of`, oldest first: judged_series of
    queries/views/20_v_judged_measurement.sql (the status rules read judged_at, its latest row)."""
    return frame(con, "select * from judged_series($as_of) where value is not null order by target_id, as_of",
                 {"as_of": as_of})


def states(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    """target_id → state (final: the assessment when one applies, else the proposal), rule texts,
    and the actual, n and interval the rule judged. From v_status (materialised by
    queries/status_table.py whenever data changes) when it is for `as_of`, else computed for
    `as_of` by the same rules (status_table.status_at) — so every page shows the same smiley."""
    cols = ["target_id", "final", "proposed", "assessed", "rule_text", "rule_text_en", "actual", "n",
            "ci_low", "ci_high", "measured_at", "rule"]
    materialised = frame(con, "select distinct as_of from v_status")
    if materialised.height == 1 and materialised["as_of"][0] == as_of:
        df = frame(con, f"select {', '.join(cols)} from v_status")
    else:
        df = status_table.status_at(con, as_of).select(cols)
    return df.rename({"final": "state", "actual": "status_actual", "n": "status_n", "ci_low": "status_ci_low",
                      "ci_high": "status_ci_high"})


def _hidden(value, numerator, n, unit, kind, arm_min_count, limit: int) -> tuple[bool, disclosure.Disclosed]:
    """Disclosure of one headline figure: (value hidden, details). An effect is a difference, not
    a share of n, so it implies no numerator; a derived effect (treatment minus control) is hidden
    when a count behind either arm is small (arm_min_count)."""
    d = disclosure.disclose_share(value, numerator, n, unit=None if kind == "effect" else unit, limit=limit)
    return d.value_hidden or (value is not None and disclosure.is_small(arm_min_count, limit)), d


def overview(con: duckdb.DuckDBPyConnection, as_of: dt.date, limit: int | None = None) -> pl.DataFrame:
    """One row per current target, in document order. Columns: target_id, initiative_id, initiative,
    short_text, text, kind, target_value, unit, direction, theme, document, committee,
    lead_administration, administrations, actual, actual_as_of, n, ci_low, ci_high, state, proposed,
    assessed, rule (the rule id behind proposed: presentation.label tells a ⚪ by it), rule_text,
    rule_text_en, trend (list of values), first_followup, next_followup, n_text, hidden_text.

    `limit` None: the raw figures (analysts, tests). A threshold (disclosure.threshold(con=con)):
    small numbers controlled as everywhere outside the analyst role (docs/reports.md) — a hidden
    actual, its interval and its trend points become null, n_text shows '<5', hidden_text says
    what to show instead of the actual ('<5' for a count of persons, '–' for a share), and the rule
    text keeps only its outcome (its head quotes the actual, n and interval)."""
    targets = query_file(con, "overview_targets")
    series = headline_series(con, as_of)
    if limit is not None:  # trend points that may not leave the analyst role
        kinds = dict(targets.select("target_id", "kind").iter_rows())
        units = dict(targets.select("target_id", "unit").iter_rows())
        hide = [_hidden(r["value"], r["numerator"], r["denominator"], units.get(r["target_id"]),
                        kinds.get(r["target_id"]), r["arm_min_count"], limit)[0]
                for r in series.iter_rows(named=True)]
        series = series.with_columns(pl.when(pl.Series(hide, dtype=pl.Boolean)).then(None)
                                     .otherwise(pl.col("value")).alias("trend_value"))
    else:
        series = series.with_columns(pl.col("value").alias("trend_value"))
    latest = (series.sort("target_id", "as_of")
              .group_by("target_id", maintain_order=True)
              .agg(pl.col("as_of").last().alias("actual_as_of"), pl.col("value").last(),
                   pl.col("numerator").last(), pl.col("denominator").last(), pl.col("ci_low").last(),
                   pl.col("ci_high").last(), pl.col("arm_min_count").last(),
                   pl.col("trend_value").drop_nulls().alias("trend")))
    state = states(con, as_of)
    out = (targets.join(latest, on="target_id", how="left")
           .join(state, on="target_id", how="left")
           .with_columns(
               pl.col("state").fill_null("none"),
               pl.col("trend").fill_null(pl.lit([], dtype=pl.List(pl.Float64))),
               # the figures the status rule judged on the judged measurement (effects: treatment
               # minus control with its Newcombe interval; shares their Wilson interval)
               pl.col("status_actual").alias("actual"), pl.col("status_n").alias("n"),
               pl.col("status_ci_low").alias("ci_low"), pl.col("status_ci_high").alias("ci_high"),
               pl.col("measured_at").alias("actual_as_of")))
    nxt = [followups.next_due(f, m, as_of) for f, m in zip(out["first_followup"], out["frequency_months"])]
    out = out.with_columns(pl.Series("next_followup", nxt, dtype=pl.Date))
    out = _disclose(out, limit)
    return out.select(
        "target_id", "initiative_id", "initiative", "short_text", "text", "kind", "target_value", "unit",
        "direction", "theme", "document", "committee", "lead_administration", "administrations",
        "actual", "actual_as_of", "n", "ci_low", "ci_high", "state", "proposed", "assessed", "rule",
        "rule_text", "rule_text_en", "trend",
        "first_followup", "next_followup", "n_text", "hidden_text")


def _disclose(out: pl.DataFrame, limit: int | None) -> pl.DataFrame:
    """Rules 1–2 of queries/disclosure.py on the overview's actual, n and interval (see overview)."""
    rows = out.to_dicts()
    for r in rows:
        if limit is None:
            r["n_text"] = "" if r["n"] is None else formats.integer(r["n"])
            r["hidden_text"] = None
            continue
        # the numerator goes with the latest headline measurement; when the status rule judged
        # another figure (an effect: treatment minus control) only n and the arms are checked
        numerator = r["numerator"] if r["actual"] == r["value"] else None
        hide, d = _hidden(r["actual"], numerator, r["n"], r["unit"], r["kind"], r["arm_min_count"], limit)
        r["n_text"] = d.n_text
        r["n"] = d.n
        r["hidden_text"] = None
        if hide:
            r["hidden_text"] = (disclosure.hidden_text(limit) if r["unit"] in disclosure.PERSON_UNITS
                                and r["kind"] != "effect" else "–")
            r["actual"] = r["ci_low"] = r["ci_high"] = None
        if (hide or d.suppressed) and r.get("rule"):
            r["rule_text"] = rule_texts.render(r["rule"], None, "da")  # the outcome only, no figures
            r["rule_text_en"] = rule_texts.render(r["rule"], None, "en")
    schema = dict(out.schema) | {"n_text": pl.String, "hidden_text": pl.String}
    return pl.DataFrame(rows, schema=schema)


def state_counts(df: pl.DataFrame) -> dict[str, int]:
    counts = dict(df.group_by("state").len().iter_rows()) if df.height else {}
    return {s: int(counts.get(s, 0)) for s in vocabulary.STATES}


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
