"""Forside: what Målbord holds — every initiative and target in the store."""

import streamlit as st

from dashboard import data, ui
from dashboard.ui import tr

st.title(tr("app.title"))
st.caption(tr("app.tagline"))
ui.banner()

if not ui.store_missing() and data.counts()["initiatives"] == 0:
    st.info(tr("home.empty"))
elif not ui.store_missing():
    st.markdown(tr("home.count", **data.counts()))

    st.subheader(tr("home.initiatives"))
    initiatives = data.initiatives()
    st.dataframe(
        initiatives.select("name", "theme", "document", "lead_administration", "implementation_state",
                           "reported_smiley"),
        column_config={
            "name": tr("col.initiative"), "theme": tr("col.theme"), "document": tr("col.document"),
            "lead_administration": tr("col.lead"), "implementation_state": tr("col.state"),
            "reported_smiley": tr("col.smiley"),
        },
        hide_index=True, width="stretch",
    )

    st.subheader(tr("home.targets"))
    st.dataframe(
        data.targets().select("initiative", "short_text", "kind", "target_value", "unit", "first_followup",
                              "document"),
        column_config={
            "initiative": tr("col.initiative"), "short_text": tr("col.target"), "kind": tr("col.kind"),
            "target_value": tr("col.target_value"), "unit": tr("col.unit"),
            "first_followup": tr("col.first_followup"), "document": tr("col.document"),
        },
        hide_index=True, width="stretch",
    )
