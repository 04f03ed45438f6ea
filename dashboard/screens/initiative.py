"""Indsats: one initiative — facts, per target a chart and its measurements, assessments, budget,
and the source passage."""

import polars as pl
import streamlit as st

from dashboard import charts, data, selection, tables, ui
from dashboard.ui import tr
from queries import formats
from queries.vocabulary import ARMS


def _chart_labels() -> dict[str, str]:
    return {k: tr("chart." + k) for k in ("actual", "target", "tolerance", "interval", "date", "value",
                                          "series", "year", "amount")}


def _facts(head: dict) -> None:
    st.title(head["name"])
    if head["description"]:
        st.markdown(head["description"])
    period = " – ".join(x for x in (formats.date(head["period_start"]), formats.date(head["period_end"])) if x)
    facts = [
        (tr("in.target_group"), head["target_group"] or "–"),
        (tr("in.period"), period or "–"),
        (tr("in.lead"), ui.org_label(head["lead_administration"]) or "–"),
        (tr("in.partners"), ", ".join(ui.org_label(c) for c in (head["partner_administrations"] or "").split(",") if c)
         or "–"),
        (tr("in.committee"), ui.org_label(head["committee"]) or "–"),
        (tr("in.state"), ui.code_label("impl", head["implementation_state"]) or "–"),
    ]
    st.markdown("\n".join(f"- **{k}:** {v}" for k, v in facts))


def _target(target: dict, measurements: pl.DataFrame, states: dict, specs: dict) -> None:
    status = states.get(target["target_id"], {})
    st.markdown(f"#### {ui.state_emoji(status.get('state'))} {target['short_text']}")
    caption = target["text"]
    if target["target_value"] is not None:
        caption += f" · {tr('chart.target')}: {formats.value(target['target_value'], target['unit'], ui.lang())}"
    st.caption(caption)
    if status:
        rule = status.get("rule_text_en" if ui.lang() == "en" else "rule_text")
        line = ui.state_line(status.get("state"), status.get("rule"), rule)
        if status.get("assessed") and status.get("assessed") != status.get("proposed"):
            line += " · " + tr("in.proposed", state=ui.state_label(status.get("proposed"), status.get("rule")))
        st.markdown(line)
    mine = measurements.filter(pl.col("target_id") == target["target_id"])
    if mine.height == 0 and target["kind"] == "implementation":
        return  # judged on the implementation state, shown above
    if mine.height == 0:
        if target["first_followup"] is not None:
            st.info(tr("in.no_measurements", date=formats.date(target["first_followup"])))
        else:
            st.info(tr("in.no_measurements_nodate"))
        return
    spec = specs.get(target["target_id"])
    if spec:
        ui.vega_lite_chart(spec)
    shown = tables.measurements_table(mine, target["unit"])
    st.dataframe(
        tables.grey_superseded(shown) if shown["superseded"].any() else shown,
        column_config={"as_of": st.column_config.DateColumn(tr("col.as_of"), format="DD-MM-YYYY"),
                       "arm": tr("col.arm"), "value": ui.number_column(tr("col.value")),
                       "n": ui.number_column(tr("col.n")), "ci_low": ui.number_column(tr("col.ci_low")),
                       "ci_high": ui.number_column(tr("col.ci_high")), "source": tr("col.source"),
                       "origin": tr("col.origin"), "entered_by": tr("col.entered_by"),
                       "entered_at": st.column_config.DatetimeColumn(tr("col.entered_at"), format="DD-MM-YYYY HH:mm"),
                       "superseded": tr("col.superseded")},
        hide_index=True, width="stretch")
    if shown["superseded"].any():
        st.caption(tr("in.superseded_note"))


def _choose() -> str | None:
    initiatives = data.initiatives()
    if initiatives.height == 0:
        st.info(tr("in.none"))
        return None
    ids = initiatives["initiative_id"].to_list()
    names = dict(zip(ids, initiatives["name"].to_list()))
    selection.preselect(ids)
    chosen = st.selectbox(tr("in.choose"), ids, format_func=lambda i: names[i], key=selection.CHOICE_KEY,
                          on_change=selection.follow_choice)
    selection.follow_choice()
    return chosen


def _progression(df: pl.DataFrame, small_n: int) -> None:
    """The sub-goals' progression scores: one small chart per sub-goal (or dimension without one)
    and the points as a compact table with n per arm."""
    st.subheader(tr("prog.title"))
    caption = tr("prog.caption") + " " + tr("prog.small", limit=small_n)
    if data.synthetic():
        caption += " " + tr("prog.synthetic")
    st.caption(caption)
    df, groups = tables.progression_groups(df)
    labels = {"quarter": tr("prog.quarter"), "score": tr("prog.score"), "series": tr("chart.series"), "n": tr("col.n")}
    arm_labels = {a: tr("arm." + a) for a in ARMS}
    columns = st.columns(3)
    for k, g in enumerate(groups):
        with columns[k % 3]:
            ui.altair_chart(charts.progression_scores(tables.progression_part(df, g), labels, arm_labels,
                                                      title=g["sub_goal"]))
    table = tables.progression_wide(df)
    config = {"target_id": None, "dimension": None, "sub_goal": tr("prog.sub_goal"),
              "quarter": st.column_config.NumberColumn(tr("prog.quarter"), format="%d")}
    for arm in ARMS:
        if f"n_{arm}" in table.columns:
            name = tr("arm." + arm)
            config |= {f"mean_{arm}": ui.number_column(f"{name}: {tr('prog.score')}"),
                       f"n_{arm}": f"{name}: n", f"n_4_5_{arm}": f"{name}: {tr('prog.n_4_5')}"}
    st.dataframe(table, column_config=config, hide_index=True, width="stretch")


def _targets(chosen: str, page: dict) -> None:
    states = data.target_states(chosen)
    specs = data.target_chart_specs(chosen, ui.lang())
    st.subheader(tr("in.targets"))
    if page["targets"].height == 0:
        st.info(tr("in.no_targets"))
    for target in page["targets"].iter_rows(named=True):
        _target(target, page["measurements"], states, specs)


def _assessments(assessments: pl.DataFrame, targets: pl.DataFrame) -> None:
    st.subheader(tr("in.assessments"))
    if assessments.height == 0:
        st.info(tr("in.no_assessments"))
        return
    st.dataframe(
        tables.assessments_table(assessments, targets),
        column_config={"assessed_at": st.column_config.DatetimeColumn(tr("col.assessed_at"), format="DD-MM-YYYY"),
                       "round_id": tr("col.round"), "target_id": tr("col.target"), "state": tr("col.status"),
                       "text": tr("col.reason"), "author": tr("col.author")},
        hide_index=True, width="stretch")


def _budget(budget: pl.DataFrame) -> None:
    st.subheader(tr("in.budget"))
    if budget.height == 0:
        st.info(tr("in.no_budget"))
        return
    shown = tables.budget_shown(budget)
    labels = _chart_labels() | {"colour": tr("col.budget_kind")}
    ui.altair_chart(charts.budget_per_year(shown, labels, "kind"))
    st.dataframe(tables.budget_table(shown), column_config={
        "year": st.column_config.NumberColumn(tr("col.year"), format="%d"), "activity": tr("col.activity"),
        "kind": tr("col.budget_kind"), "budget_area": tr("col.budget_area"), "committee": tr("col.committee"),
        "appropriation": tr("col.appropriation"),
        "amount_tdkk": ui.number_column(tr("col.amount")),
        "price_level": tr("col.price_level")}, hide_index=True, width="stretch")


def _passage(head: dict) -> None:
    st.subheader(tr("in.passage"))
    if not head["passage"]:
        st.info(tr("in.no_passage"))
        return
    st.markdown(tables.quoted(head["passage"]))
    when = formats.date(head["document_date"]) or str(head["document_year"] or "")
    st.caption(tr("in.passage_source", document=head["document"], date=when))


def render() -> None:
    chosen = _choose()
    if chosen is None:
        return
    page = data.initiative_page(chosen)
    if page is None:
        st.info(tr("in.none"))
        return
    _facts(page["initiative"])
    _targets(chosen, page)
    if page["progression"].height:
        _progression(page["progression"], page["small_n"])
    _assessments(page["assessments"], page["targets"])
    _budget(page["budget"])
    _passage(page["initiative"])


ui.guarded(render)
