"""Shared page chrome: the language switch, translated labels, the synthetic-data banner."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from queries.texts import t

LANG_KEY = "lang"


def lang() -> str:
    return st.session_state.get(LANG_KEY, "da")


def tr(key: str, **params) -> str:
    """The label for `key` in the chosen language."""
    return t(key, lang(), **params)


def sidebar() -> None:
    """Language switch (Dansk/English) — shown on every page."""
    st.session_state.setdefault(LANG_KEY, "da")
    st.sidebar.radio(
        t("app.language", lang()) + " / Language",
        options=["da", "en"],
        format_func=lambda code: {"da": "Dansk", "en": "English"}[code],
        key=LANG_KEY,
        horizontal=True,
    )


def banner() -> None:
    """The synthetic-data banner, on every page while the store holds synthetic data."""
    if data.synthetic():
        st.warning(tr("app.synthetic_banner"), icon="🧪")


def store_missing() -> bool:
    """Explain an empty or missing store instead of failing."""
    if not data.store_ready():
        st.info(tr("home.empty"))
        return True
    return False
