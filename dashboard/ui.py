"""Shared page chrome: the language switch, translated labels, the synthetic-data banner."""

from __future__ import annotations

import logging
import os

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


USER_KEY = "data_user"            # the sidebar field "Bruger (til loggen)" (a widget: Streamlit drops
_USER_KEPT = "log_user"           # its state on a page without it, so its value is also kept here)


def user_field() -> None:
    """The sidebar field "Bruger (til loggen)": who the audit log names for this session's writes
    (imports, forms, rounds). Shown on every page that writes; the value follows the session from
    page to page (a widget on another page is another widget, so its value is handed on here)."""
    if USER_KEY in st.session_state:      # the field's value from the last run, on this page or another
        value = st.session_state[USER_KEY]
    else:                                 # Streamlit dropped it on a page without the field
        value = st.session_state.get(_USER_KEPT, os.environ.get("MAALBORD_USER") or "app")
    st.session_state[_USER_KEPT] = value
    st.session_state[USER_KEY] = value   # (set before the widget exists: its initial value)
    st.sidebar.text_input(tr("data.user"), key=USER_KEY)


def actor() -> str:
    """The session's user for the audit log (the sidebar field), 'app' when it is empty."""
    value = st.session_state.get(USER_KEY, st.session_state.get(_USER_KEPT))
    return (value or "").strip() or "app"


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
    """31-12-2022 (the Danish way, in both languages) — empty for missing dates."""
    return status.fmt_date(value)


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
    """The unit after a number, in the chosen language ('møder om ugen'; nothing for a plain count)
    — the report's suffix (status.unit_suffix), so no unit code shows raw."""
    return status.unit_suffix(unit, lang()).strip()
