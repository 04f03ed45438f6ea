"""Økonomi: budget by year and by administration / committee / budget area, earlier allocations,
expected savings vs achieved, payback, cost per successful outcome."""

import polars as pl
import streamlit as st

from dashboard import charts, data, ui
from dashboard.ui import tr
from queries import economy as eq

st.title(tr("ec.title"))
ui.banner()

AMOUNT = {"format": "localized"}


def _labels(**extra) -> dict[str, str]:
    return {"year": tr("chart.year"), "amount": tr("chart.amount"), "series": tr("chart.series")} | extra


def render() -> None:
    if ui.store_missing():
        return
    st.caption(tr("ec.caption"))
    econ = data.economy()
    budget = econ["budget"]

    st.subheader(tr("ec.by_year"))
    if budget.height == 0:
        st.info(tr("ec.empty"))
    else:
        group = st.segmented_control(
            tr("ec.group_by"), options=list(eq.GROUPS), default="admin", key="ec_group",
            format_func=lambda g: tr("ec.by_" + g))
        grouped = eq.budget_by(budget, group or "admin")
        st.altair_chart(charts.budget_per_year(grouped, _labels(colour=tr("ec.by_" + (group or "admin"))), "group"),
                        width="stretch")
        wide = grouped.pivot(on="year", index="group", values="amount_tdkk").fill_null(0)
        wide = wide.select("group", *sorted(c for c in wide.columns if c != "group"))
        st.dataframe(wide, column_config={"group": tr("ec.by_" + (group or "admin"))}
                     | {c: st.column_config.NumberColumn(c, **AMOUNT) for c in wide.columns if c != "group"},
                     hide_index=True, width="stretch")

    st.subheader(tr("ec.earlier"))
    earlier = econ["earlier"]
    if earlier.height == 0:
        st.info(tr("ec.no_earlier"))
    else:
        st.dataframe(earlier.select("activity", "year", "amount_tdkk", "price_level"),
                     column_config={"activity": tr("col.activity"),
                                    "year": st.column_config.NumberColumn(tr("col.year"), format="%d"),
                                    "amount_tdkk": st.column_config.NumberColumn(tr("col.amount"), **AMOUNT),
                                    "price_level": tr("col.price_level")},
                     hide_index=True, width="stretch")

    st.subheader(tr("ec.savings"))
    savings = econ["savings"]
    if savings.height == 0:
        st.info(tr("ec.no_savings"))
    else:
        long = pl.concat([
            savings.select("year", pl.lit(tr("col.expected_saving")).alias("series"),
                           (-pl.col("expected_saving")).alias("amount_tdkk")),
            savings.select("year", pl.lit(tr("col.investment")).alias("series"), pl.col("investment").alias("amount_tdkk")),
            savings.filter(pl.col("achieved").is_not_null()).select(
                "year", pl.lit(tr("col.achieved")).alias("series"), (-pl.col("achieved")).alias("amount_tdkk")),
        ])
        st.altair_chart(charts.savings_vs_achieved(long, _labels()), width="stretch")
        st.dataframe(savings.select("document_id", "period", "expected_saving", "investment", "achieved", "net",
                                    "cumulative"),
                     column_config={"document_id": tr("col.document"), "period": tr("col.period"),
                                    **{c: st.column_config.NumberColumn(tr("col." + c), **AMOUNT)
                                       for c in ("expected_saving", "investment", "achieved", "net", "cumulative")}},
                     hide_index=True, width="stretch")
        if savings["achieved"].is_null().all():
            st.caption(tr("ec.achieved_missing"))

    st.subheader(tr("ec.payback"))
    payback = econ["payback"]
    if payback.height == 0:
        st.info(tr("ec.payback_none"))
    else:
        cols = st.columns(max(payback.height, 1))
        for col, row in zip(cols, payback.iter_rows(named=True)):
            shown = row["actual"] if row["actual"] is not None else row["target_value"]
            col.metric(row["short_text"], f"{ui.number(shown, 0)} {ui.unit_label(row['unit'])}",
                       help=row["text"])
            if row["actual"] is None:
                col.caption(tr("ec.payback_target"))

    st.subheader(tr("ec.cost_per_outcome"))
    cost = econ["cost"]
    if cost.height == 0:
        st.info(tr("ec.cost_none"))
    else:
        st.dataframe(
            cost.with_columns(
                pl.col("as_of").map_elements(ui.date_da, return_dtype=pl.String),
                pl.when(pl.col("effect_based")).then(pl.lit(tr("ec.effect_based")))
                  .otherwise(pl.lit("⚠ " + tr("ec.not_effect"))).alias("basis")
            ).select("short_text", "as_of", "successes", "spent", "cost_per_success", "basis"),
            column_config={"short_text": tr("col.target"), "as_of": tr("col.as_of"),
                           "successes": st.column_config.NumberColumn(tr("col.successes"), format="%d"),
                           "spent": st.column_config.NumberColumn(tr("col.spent"), **AMOUNT),
                           "cost_per_success": st.column_config.NumberColumn(tr("col.cost_per"), format="%.1f"),
                           "basis": tr("col.basis")},
            hide_index=True, width="stretch")
    st.caption(tr("ec.cost_note"))


ui.guarded(render)
