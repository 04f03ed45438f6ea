"""Overblik: every target with its latest actual, smiley, trend and next follow-up; filters; a
selected row opens the initiative."""

import polars as pl
import streamlit as st

from dashboard import data, selection, ui
from dashboard.ui import tr
from queries import formats
from queries import overview as ov
from queries.vocabulary import STATES

FILTER_KEYS = ("ov_admin", "ov_committee", "ov_document", "ov_theme", "ov_kind", "ov_search")

st.title(tr("ov.title"))


def _target_text(row) -> str:
    return formats.value(row["target_value"], row["unit"], ui.lang())


def _actual_text(row) -> str:
    if row["hidden_text"]:  # small numbers: '<5' for a count of persons, '–' for a share
        return row["hidden_text"]
    if row["actual"] is None:
        if row["first_followup"] is not None:
            return tr("ov.not_yet", date=formats.date(row["first_followup"]))
        return tr("ov.not_yet_nodate")
    return formats.value(row["actual"], row["unit"], ui.lang())


def _n_text(row) -> str:
    """n in the page's language; '<5' (n_text) when small numbers hide it."""
    return row["n_text"] if row["n"] is None else formats.integer(row["n"], ui.lang())


def table(df: pl.DataFrame) -> pl.DataFrame:
    """The frame the page shows (display strings; initiative_id kept for the selection)."""
    rows = list(df.iter_rows(named=True))
    return pl.DataFrame({
        "initiative_id": df["initiative_id"],
        "state": [ui.state_label(r["state"], r["rule"]) for r in rows],
        "initiative": df["initiative"],
        "short_text": df["short_text"],
        "target": [_target_text(r) for r in rows],
        "actual": [_actual_text(r) for r in rows],
        "n": [_n_text(r) for r in rows],
        "interval": [formats.interval(r["ci_low"], r["ci_high"], lang=ui.lang()) for r in rows],
        "rule": df["rule_text_en"] if ui.lang() == "en" else df["rule_text"],
        "trend": df["trend"],
        "next_followup": df["next_followup"],
        "document": df["document"],
    }, schema_overrides={"n": pl.String, "trend": pl.List(pl.Float64), "rule": pl.String,
                         "next_followup": pl.Date})


def render() -> None:
    full = data.overview()
    st.caption(tr("ov.caption", as_of=formats.date(data.today())))
    if full.height == 0:
        st.info(tr("ov.no_targets"))
        return

    counts = ov.state_counts(full)
    pills = {s: f"{ui.state_emoji(s)} {tr('state.' + s)} · {counts[s]}" for s in STATES}
    chosen = st.pills(tr("ov.states"), options=list(STATES), selection_mode="multi",
                      format_func=pills.get, key="ov_states")

    def options(col: str) -> list[str]:
        return sorted(v for v in full[col].drop_nulls().unique().to_list() if v)

    admins = sorted({a for v in full["administrations"].drop_nulls().to_list() for a in v.split(",") if a})
    ui.relabel_on_language_switch("ov_kind")  # its chips read tr("kind.…")
    # the expander keeps its own open/closed state (key, on_change): it stays open while the filters
    # in it are used — clearing the search box no longer closes it — and opens by itself when a
    # filter is active (e.g. back on the page after a language switch)
    if any(st.session_state.get(k) for k in FILTER_KEYS):
        st.session_state["ov_filters"] = True
    with st.expander(tr("ov.filters"), key="ov_filters", on_change="rerun"):
        c1, c2, c3 = st.columns(3)
        f_admin = c1.multiselect(tr("ov.f_admin"), admins, key="ov_admin", placeholder=tr("ov.any"))
        f_comm = c2.multiselect(tr("ov.f_committee"), options("committee"), key="ov_committee", placeholder=tr("ov.any"))
        f_doc = c3.multiselect(tr("ov.f_document"), options("document"), key="ov_document", placeholder=tr("ov.any"))
        c4, c5, c6 = st.columns(3)
        f_theme = c4.multiselect(tr("ov.f_theme"), options("theme"), key="ov_theme", placeholder=tr("ov.any"))
        kinds = {k: tr("kind." + k) for k in options("kind")}  # labels made here, in this run's language
        f_kind = c5.multiselect(tr("ov.f_kind"), list(kinds), format_func=lambda k: kinds.get(k, k),
                                key="ov_kind", placeholder=tr("ov.any"))
        search = c6.text_input(tr("ov.search"), key="ov_search")

    shown = ov.filter_overview(full, states=chosen, administrations=f_admin, committees=f_comm,
                               documents=f_doc, themes=f_theme, kinds=f_kind, search=search)
    st.markdown(tr("ov.shown", shown=shown.height, total=full.height))
    if shown.height == 0:
        st.info(tr("ov.none_match"))
        return
    view = table(shown)
    event = st.dataframe(
        view,
        column_order=["state", "initiative", "short_text", "target", "actual", "n", "interval", "trend",
                      "next_followup", "rule", "document"],
        column_config={
            "state": st.column_config.TextColumn(tr("col.status"), width="medium"),
            "initiative": st.column_config.TextColumn(tr("col.initiative"), width="medium"),
            "short_text": st.column_config.TextColumn(tr("col.target"), width="large"),
            "target": tr("col.target_value"), "actual": tr("col.actual"),
            "n": st.column_config.TextColumn(tr("col.n")),  # text: '<5' for a small count
            "interval": tr("col.interval"),
            "trend": st.column_config.LineChartColumn(tr("col.trend"), width="small"),
            "next_followup": ui.date_column(tr("col.next_followup")), "document": tr("col.document"),
            "rule": st.column_config.TextColumn(tr("col.rule"), width="medium"),
        },
        hide_index=True, width="stretch", height=min(38 + 35 * view.height, 600), placeholder="",
        on_select="rerun", selection_mode="single-row", key="ov_table",
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        selection.open_initiative(view["initiative_id"][rows[0]])


ui.guarded(render)
