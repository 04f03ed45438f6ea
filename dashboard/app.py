"""Målbord — routing only: pages per audience (Ledelse, Udvalg, Analyse, Data)."""

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="Målbord", page_icon="🎯", layout="wide")
ui.sidebar()

pages = {
    ui.tr("app.section.management"): [
        st.Page("pages/overview.py", title=ui.tr("page.overview"), icon="📊", url_path="overblik", default=True),
        st.Page("pages/initiative.py", title=ui.tr("page.initiative"), icon="🎯", url_path="indsats"),
        st.Page("pages/followup.py", title=ui.tr("page.followup"), icon="📅", url_path="opfoelgning"),
        st.Page("pages/economy.py", title=ui.tr("page.economy"), icon="💰", url_path="oekonomi"),
        st.Page("pages/home.py", title=ui.tr("page.home"), icon="🏠", url_path="forside"),
    ],
    ui.tr("app.section.committee"): [
        st.Page("pages/report.py", title=ui.tr("page.report"), icon="📋", url_path="udvalgsrapport"),
    ],
    ui.tr("app.section.analysis"): [
        st.Page("pages/sql.py", title=ui.tr("sql.page"), icon="🧮", url_path="sql"),
    ],
    # (url_path differs from the file stem: /data would otherwise open pages/data.py as a bare
    # legacy multipage script, without app.py's sidebar)
    ui.tr("app.section.data"): [
        st.Page("pages/data.py", title=ui.tr("data.page"), icon="🗂️", url_path="datapleje"),
    ],
}

st.navigation(pages).run()
