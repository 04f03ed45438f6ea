"""Forside: what Målbord holds — every initiative and target in the store."""

import polars as pl
import streamlit as st

from dashboard import data, ui
from dashboard.ui import tr
from queries import formats

st.title(tr("app.title"))
st.caption(tr("app.tagline"))


def initiatives_table(df: pl.DataFrame) -> pl.DataFrame:
    """The initiatives as shown: codes as labels, the reported smiley as a state badge, no "None"."""
    shown = df.select("name", "theme", "document", "lead_administration", "implementation_state", "reported_smiley")
    return ui.blank_nulls(ui.relabel(shown, implementation_state=lambda s: ui.code_label("impl", s),
                                     reported_smiley=lambda s: ui.state_label(s) if s else ""))


def targets_table(df: pl.DataFrame) -> pl.DataFrame:
    """The targets as shown: kind and unit as words, the target value in the page's language."""
    rows, lang = list(df.iter_rows(named=True)), ui.lang()
    return ui.blank_nulls(pl.DataFrame({
        "initiative": df["initiative"], "short_text": df["short_text"],
        "kind": [ui.code_label("kind", r["kind"]) for r in rows],
        "target_value": [formats.number(r["target_value"], formats.decimals(r["unit"], [r["target_value"]]), lang)
                         for r in rows],
        "unit": [formats.unit_name(r["unit"], lang) for r in rows],
        "first_followup": df["first_followup"],
        "document": df["document"],
    }, schema=dict.fromkeys(("initiative", "short_text", "kind", "target_value", "unit"), pl.String)
        | {"first_followup": pl.Date, "document": pl.String}))


def render() -> None:
    if data.counts()["initiatives"] == 0:
        st.info(tr("home.empty"))
        return
    st.markdown(tr("home.count", **data.counts()))

    st.subheader(tr("home.initiatives"))
    st.dataframe(
        initiatives_table(data.initiatives()),
        column_config={
            "name": tr("col.initiative"), "theme": tr("col.theme"), "document": tr("col.document"),
            "lead_administration": tr("col.lead"), "implementation_state": tr("col.state"),
            "reported_smiley": tr("col.smiley"),
        },
        hide_index=True, width="stretch",
    )

    st.subheader(tr("home.targets"))
    st.dataframe(
        targets_table(data.targets()),
        column_config={
            "initiative": tr("col.initiative"), "short_text": tr("col.target"), "kind": tr("col.kind"),
            "target_value": ui.number_column(tr("col.target_value")), "unit": tr("col.unit"),
            "first_followup": ui.date_column(tr("col.first_followup")), "document": tr("col.document"),
        },
        hide_index=True, width="stretch", placeholder="",
    )


ui.guarded(render)
