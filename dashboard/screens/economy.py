"""Økonomi: budget by year and by administration / committee / budget area, earlier allocations,
expected savings vs achieved, payback, cost per successful outcome."""

import polars as pl
import streamlit as st

from dashboard import charts, data, ui
from dashboard.ui import tr
from queries import economy as eq
from queries import formats

st.title(tr("ec.title"))


def _amounts(df: pl.DataFrame, columns) -> pl.DataFrame:
    """Amounts in 1.000 kr. as text in the page's language, whole numbers; missing: empty."""
    places, lang = formats.decimals("tdkk"), ui.lang()
    return ui.blank_nulls(df.with_columns(
        pl.Series(c, formats.numbers(df[c], places, lang), dtype=pl.String) for c in columns))


def _labels(**extra) -> dict[str, str]:
    return {"year": tr("chart.year"), "amount": tr("chart.amount"), "series": tr("chart.series")} | extra


def cost_table(cost: pl.DataFrame) -> pl.DataFrame:
    """Cost per citizen with a successful outcome, as shown: successes '<5' when small numbers hide
    them (and then no cost per success), budget in 1.000 kr., cost per success in whole kroner."""
    rows, lang = list(cost.iter_rows(named=True)), ui.lang()
    return pl.DataFrame({
        "short_text": cost["short_text"],
        "as_of": cost["as_of"],
        "successes": [r["successes_text"] if r["successes"] is None
                      else formats.number(r["successes"], formats.decimals("persons", [r["successes"]]), lang)
                      for r in rows],
        "spent": formats.numbers(cost["spent"], 0, lang),
        "cost_per_success": formats.numbers(cost["cost_per_success"] * 1000, 0, lang),  # 1.000 kr. → kr.
        "basis": [tr("ec.effect_based") if r["effect_based"] else "⚠ " + tr("ec.not_effect") for r in rows],
    }, schema={"short_text": pl.String, "as_of": pl.Date}
        | dict.fromkeys(("successes", "spent", "cost_per_success", "basis"), pl.String))


def render() -> None:
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
        if (group or "admin") in ("admin", "committee"):  # names, not codes: 'Socialforvaltningen (SOF)'
            grouped = ui.relabel(grouped, group=ui.org_label)
        ui.altair_chart(charts.budget_per_year(grouped, _labels(colour=tr("ec.by_" + (group or "admin"))), "group"))
        wide = grouped.pivot(on="year", index="group", values="amount_tdkk").fill_null(0)
        years = sorted(c for c in wide.columns if c != "group")
        st.dataframe(_amounts(wide.select("group", *years), years),
                     column_config={"group": tr("ec.by_" + (group or "admin"))}
                     | {c: ui.number_column(c) for c in years},
                     hide_index=True, width="stretch")

    st.subheader(tr("ec.earlier"))
    earlier = econ["earlier"]
    if earlier.height == 0:
        st.info(tr("ec.no_earlier"))
    else:
        st.dataframe(_amounts(earlier.select("activity", "year", "amount_tdkk", "price_level"), ["amount_tdkk"]),
                     column_config={"activity": tr("col.activity"),
                                    "year": st.column_config.NumberColumn(tr("col.year"), format="%d"),
                                    "amount_tdkk": ui.number_column(tr("col.amount")),
                                    "price_level": tr("col.price_level")},
                     hide_index=True, width="stretch")

    st.subheader(tr("ec.savings"))
    savings = econ["savings"]
    if savings.height == 0:
        st.info(tr("ec.no_savings"))
    else:
        shown = eq.savings_shown(savings)  # a saving as a positive amount, in the chart and the table
        names = {c: tr("col." + c) for c in ("expected_saving", "investment", "achieved")}
        ui.altair_chart(charts.savings_vs_achieved(eq.savings_long(shown, names), _labels(period=tr("col.period"))))
        money = ("expected_saving", "investment", "achieved", "net", "cumulative")
        st.dataframe(_amounts(shown.select("document_id", "period", *money), money),
                     column_config={"document_id": tr("col.document"), "period": tr("col.period")}
                     | {c: ui.number_column(tr("col." + c)) for c in money},
                     hide_index=True, width="stretch")
        st.caption(tr("ec.savings_sign"))
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
            col.metric(row["short_text"], formats.value(shown, row["unit"], ui.lang(), places=0), help=row["text"])
            if row["actual"] is None:
                col.caption(tr("ec.payback_target"))

    st.subheader(tr("ec.cost_per_outcome"))
    cost = econ["cost"]
    if cost.height == 0:
        st.info(tr("ec.cost_none"))
    else:
        st.dataframe(cost_table(cost), column_config={
            "short_text": st.column_config.TextColumn(tr("col.target"), width="large"),
            "as_of": ui.date_column(tr("col.as_of")), "successes": ui.number_column(tr("col.successes")),
            "spent": ui.number_column(tr("col.spent")), "cost_per_success": ui.number_column(tr("col.cost_per")),
            "basis": st.column_config.TextColumn(tr("col.basis"), width=260)},  # wide enough to read, not cut off
            hide_index=True, width="stretch", placeholder="")
    st.caption(tr("ec.cost_note"))


ui.guarded(render)
