"""Shared page chrome: the language switch, translated labels, the synthetic-data banner."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import data
from queries import status
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


# --- shared helpers of the management pages -----------------------------------------------

def guarded(render) -> None:
    """Run a page body; any error becomes a short Danish/English message, never a stack trace.
    (Streamlit's own rerun/stop signals are BaseExceptions and pass through.)"""
    try:
        render()
    except Exception as exc:  # noqa: BLE001 — the page must never show a trace
        logging.getLogger("maalbord").exception("page failed")  # the trace goes to the server log
        st.error(tr("pages.error", detail=type(exc).__name__), icon="⚠️")


def state_emoji(state: str | None) -> str:
    """😊 😐 😞 ⚪ ❔ — from queries/status.py, so every page shows the same smiley."""
    return status.emoji(state if state in status.STYLES else "none")


def state_label(state: str | None, rule: str | None = None) -> str:
    """'😊 ● På plan': emoji, shape and text, so the state reads without colour. Pass the rule
    behind the state (v_status.rule) for a target: a ⚪ then says why ('⚪ ○ Følges uden mål')."""
    return status.badge(state if state in status.STYLES else "none", lang(), rule)


def date_da(value) -> str:
    """31-12-2022 (the Danish way) — empty for missing dates."""
    return value.strftime("%d-%m-%Y") if value is not None else ""


def number(value, decimals: int = 1) -> str:
    """1.234,5 in Danish, 1,234.5 in English; empty for missing."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    if decimals and text.endswith("." + "0" * decimals):
        text = text[: -(decimals + 1)]
    if lang() == "da":
        text = text.replace(",", "§").replace(".", ",").replace("§", ".")
    return text


def unit_label(unit: str | None) -> str:
    return {"pct": "%", "pp": "pct.-point", "persons": "personer" if lang() == "da" else "persons",
            "days": "dage" if lang() == "da" else "days", "years": "år" if lang() == "da" else "years",
            "tdkk": "t.kr." if lang() == "da" else "DKK 1,000"}.get(unit or "", unit or "")
