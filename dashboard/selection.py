"""Which initiative the Indsats page shows: the picker, the URL (?id=, a link to the initiative)
and the session (Overblik's selected row) agree on it."""

from __future__ import annotations

import streamlit as st

CHOICE_KEY = "in_choice"         # the Indsats page's picker
REMEMBERED_KEY = "initiative_id"  # the initiative last opened, from any page


def preselect(ids: list[str]) -> None:
    """Before the picker is drawn: choose the initiative the URL or the session asks for."""
    wanted = st.query_params.get("id") or st.session_state.get(REMEMBERED_KEY)
    if wanted in ids and st.session_state.get(CHOICE_KEY) != wanted:
        st.session_state[CHOICE_KEY] = wanted


def follow_choice() -> None:
    """The URL (?id=) and the session follow the picker. Also the picker's on_change: a pick moves
    the URL and the remembered initiative before the rerun, so the old ?id= does not pull the
    picker back (it did: the picker seemed to do nothing)."""
    chosen = st.session_state.get(CHOICE_KEY)
    st.query_params["id"] = chosen
    st.session_state[REMEMBERED_KEY] = chosen


def open_initiative(initiative_id: str) -> None:
    """Go to the Indsats page of an initiative (Overblik's selected row)."""
    st.session_state[REMEMBERED_KEY] = initiative_id
    st.switch_page("screens/initiative.py", query_params={"id": initiative_id})
