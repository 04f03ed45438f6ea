"""Målbord — routing only: pages per audience (Ledelse, Udvalg, Analyse, Data)."""

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="Målbord", page_icon="🎯", layout="wide")
ui.sidebar()

pages = {
    ui.tr("app.section.management"): [
        st.Page("pages/home.py", title=ui.tr("page.home"), icon="🏠", url_path="forside", default=True),
    ],
    ui.tr("app.section.committee"): [
        st.Page("pages/report.py", title=ui.tr("page.report"), icon="📋", url_path="udvalgsrapport"),
    ],
    ui.tr("app.section.analysis"): [
        st.Page("pages/sql.py", title=ui.tr("sql.page"), icon="🧮", url_path="sql"),
    ],
}

st.navigation(pages).run()
