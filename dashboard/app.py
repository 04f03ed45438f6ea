"""Målbord — routing only: pages per audience (Ledelse, Udvalg, Analyse, Data)."""

import streamlit as st

from dashboard import auth, ui

st.set_page_config(page_title="Målbord", page_icon="🎯", layout="wide")
ui.sidebar()
grant = auth.gate()  # sign-in, roles (queries/access.py); stops here for a user who may see no page

pages = {
    ui.tr("app.section.management"): [
        st.Page("screens/overview.py", title=ui.tr("page.overview"), icon="📊", url_path="overblik", default=True),
        st.Page("screens/initiative.py", title=ui.tr("page.initiative"), icon="🎯", url_path="indsats"),
        st.Page("screens/followup.py", title=ui.tr("page.followup"), icon="📅", url_path="opfoelgning"),
        st.Page("screens/economy.py", title=ui.tr("page.economy"), icon="💰", url_path="oekonomi"),
        st.Page("screens/home.py", title=ui.tr("page.home"), icon="🏠", url_path="forside"),
    ],
    ui.tr("app.section.committee"): [
        st.Page("screens/report.py", title=ui.tr("page.report"), icon="📋", url_path="udvalgsrapport"),
    ],
    ui.tr("app.section.analysis"): [
        st.Page("screens/sql.py", title=ui.tr("sql.page"), icon="🧮", url_path="sql"),
    ],
    # (page scripts live in screens/, not pages/: Streamlit treats a pages/ folder as a legacy
    # multipage app and answers deep links with "Page not found")
    ui.tr("app.section.data"): [
        st.Page("screens/data.py", title=ui.tr("data.page"), icon="🗂️", url_path="datapleje"),
        st.Page("screens/admin.py", title=ui.tr("admin.page"), icon="🛡️", url_path="administration"),
    ],
}

st.navigation(auth.restrict(pages, grant)).run()  # only the pages the roles allow
