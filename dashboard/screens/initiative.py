"""Indsats: one initiative — facts, per target a chart and its measurements, assessments, budget,
and the source passage."""

import polars as pl
import streamlit as st

from dashboard import charts, data, ui
from dashboard.ui import tr
from queries import progression as progression_q

ui.banner()

ARMS = ("all", "treatment", "control", "effect")


def _chart_labels() -> dict[str, str]:
    return {k: tr("chart." + k) for k in ("actual", "target", "tolerance", "interval", "date", "value",
                                          "series", "year", "amount")}


def _grey_superseded(df):
    """pandas Styler: superseded rows in grey, struck through."""
    import pandas as pd  # only for the Styler that greys superseded rows

    pdf = df.to_pandas()
    flag = pdf["superseded"].tolist()

    def style(row):
        return ["color: #9e9e9e; text-decoration: line-through" if flag[row.name] else ""] * len(row)

    return pdf.style.apply(style, axis=1)


def _choose() -> str | None:
    initiatives = data.initiatives()
    if initiatives.height == 0:
        st.info(tr("in.none"))
        return None
    ids = initiatives["initiative_id"].to_list()
    names = dict(zip(ids, initiatives["name"].to_list()))
    wanted = st.query_params.get("id") or st.session_state.get("initiative_id")
    if wanted in ids and st.session_state.get("in_choice") != wanted:
        st.session_state["in_choice"] = wanted
    # a pick here moves the URL and the remembered initiative before the rerun, so the old ?id= does
    # not pull the picker back (it did: the picker seemed to do nothing)
    chosen = st.selectbox(tr("in.choose"), ids, format_func=lambda i: names[i], key="in_choice",
                          on_change=_follow_choice)
    _follow_choice()
    return chosen


def _follow_choice() -> None:
    """The URL (?id=, a link to this initiative) and the session follow the picker."""
    chosen = st.session_state.get("in_choice")
    st.query_params["id"] = chosen
    st.session_state["initiative_id"] = chosen


def _facts(head: dict) -> None:
    st.title(head["name"])
    if head["description"]:
        st.markdown(head["description"])
    period = " – ".join(x for x in (ui.date_da(head["period_start"]), ui.date_da(head["period_end"])) if x)
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
        caption += f" · {tr('chart.target')}: {ui.value_text(target['target_value'], target['unit'])}"
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
            st.info(tr("in.no_measurements", date=ui.date_da(target["first_followup"])))
        else:
            st.info(tr("in.no_measurements_nodate"))
        return
    spec = specs.get(target["target_id"])
    if spec:
        ui.vega_lite_chart(spec)
    shown = measurements_table(mine, target["unit"])
    st.dataframe(
        _grey_superseded(shown) if shown["superseded"].any() else shown,
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


def _progression(df: pl.DataFrame, small_n: int) -> None:
    """The sub-goals' progression scores: one small chart per sub-goal (or dimension without one)
    and the points as a compact table with n per arm."""
    st.subheader(tr("prog.title"))
    caption = tr("prog.caption") + " " + tr("prog.small", limit=small_n)
    if data.synthetic():
        caption += " " + tr("prog.synthetic")
    st.caption(caption)
    untargeted = {d: tr("prog.no_target", dimension=d) for d in df["dimension"].unique().to_list()}
    df = df.with_columns(pl.coalesce(pl.col("sub_goal"), pl.col("dimension").replace_strict(
        untargeted, return_dtype=pl.String)).alias("sub_goal"))
    labels = {"quarter": tr("prog.quarter"), "score": tr("prog.score"), "series": tr("chart.series"), "n": tr("col.n")}
    arm_labels = {a: tr("arm." + a) for a in ARMS}
    groups = df.select("target_id", "dimension", "sub_goal").unique(maintain_order=True).iter_rows(named=True)
    columns = st.columns(3)
    for k, g in enumerate(groups):
        part = df.filter((pl.col("dimension") == g["dimension"]) & (pl.col("target_id").eq_missing(g["target_id"])))
        with columns[k % 3]:
            ui.altair_chart(charts.progression_scores(part, labels, arm_labels, title=g["sub_goal"]))
    table = progression_table(progression_q.wide(df))
    config = {"target_id": None, "dimension": None, "sub_goal": tr("prog.sub_goal"),
              "quarter": st.column_config.NumberColumn(tr("prog.quarter"), format="%d")}
    for arm in ARMS + ("all",):
        if f"n_{arm}" in table.columns:
            name = tr("arm." + arm)
            config |= {f"mean_{arm}": ui.number_column(f"{name}: {tr('prog.score')}"),
                       f"n_{arm}": f"{name}: n", f"n_4_5_{arm}": f"{name}: {tr('prog.n_4_5')}"}
    st.dataframe(table, column_config=config, hide_index=True, width="stretch")


def progression_table(table: pl.DataFrame) -> pl.DataFrame:
    """The progression table as shown: mean scores as text in the page's language with two decimals
    (2,84 in Danish, 2.84 in English — not a number column, whose format ignores the language),
    a hidden or missing figure as an empty cell."""
    means = [c for c in table.columns if c.startswith("mean_")]
    return ui.blank_nulls(table.with_columns(pl.Series(c, ui.numbers(table[c], 2), dtype=pl.String) for c in means))


def render() -> None:
    if ui.store_missing():
        return
    chosen = _choose()
    if chosen is None:
        return
    page = data.initiative_page(chosen)
    if page is None:
        st.info(tr("in.none"))
        return
    head = page["initiative"]
    _facts(head)
    states = {r["target_id"]: r for r in data.overview().filter(pl.col("initiative_id") == chosen)
              .select("target_id", "state", "proposed", "assessed", "rule", "rule_text", "rule_text_en").iter_rows(named=True)}

    specs = data.target_chart_specs(chosen, ui.lang())
    st.subheader(tr("in.targets"))
    if page["targets"].height == 0:
        st.info(tr("in.no_targets"))
    for target in page["targets"].iter_rows(named=True):
        _target(target, page["measurements"], states, specs)

    if page["progression"].height:
        _progression(page["progression"], page["small_n"])

    st.subheader(tr("in.assessments"))
    assessments = page["assessments"]
    targets = dict(page["targets"].select("target_id", "short_text").iter_rows())  # an id reads as its target
    if assessments.height == 0:
        st.info(tr("in.no_assessments"))
    else:
        st.dataframe(
            ui.blank_nulls(ui.relabel(assessments, state=ui.state_label,
                                      target_id=lambda i: targets.get(i, i) if i else "")),
            column_config={"assessed_at": st.column_config.DatetimeColumn(tr("col.assessed_at"), format="DD-MM-YYYY"),
                           "round_id": tr("col.round"), "target_id": tr("col.target"), "state": tr("col.status"),
                           "text": tr("col.reason"), "author": tr("col.author")},
            hide_index=True, width="stretch")

    st.subheader(tr("in.budget"))
    budget = page["budget"]
    if budget.height == 0:
        st.info(tr("in.no_budget"))
    else:
        shown = ui.relabel(budget, kind=lambda k: ui.code_label("kind", k), committee=ui.org_label)
        labels = _chart_labels() | {"colour": tr("col.budget_kind")}
        ui.altair_chart(charts.budget_per_year(shown, labels, "kind"))
        table = ui.blank_nulls(shown.with_columns(
            pl.Series("amount_tdkk", ui.numbers(shown["amount_tdkk"], ui.decimals("tdkk")), dtype=pl.String)))
        st.dataframe(table, column_config={
            "year": st.column_config.NumberColumn(tr("col.year"), format="%d"), "activity": tr("col.activity"),
            "kind": tr("col.budget_kind"), "budget_area": tr("col.budget_area"), "committee": tr("col.committee"),
            "appropriation": tr("col.appropriation"),
            "amount_tdkk": ui.number_column(tr("col.amount")),
            "price_level": tr("col.price_level")}, hide_index=True, width="stretch")

    st.subheader(tr("in.passage"))
    if head["passage"]:
        quoted = "\n".join("> " + line if line else ">" for line in head["passage"].splitlines())
        st.markdown(quoted)
        when = ui.date_da(head["document_date"]) or str(head["document_year"] or "")
        st.caption(tr("in.passage_source", document=head["document"], date=when))
    else:
        st.info(tr("in.no_passage"))


ui.guarded(render)
