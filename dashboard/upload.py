"""The Data page's import in session state: the file just imported is remembered with its result,
so the page shows that result (not "already imported") until another file is chosen."""

from __future__ import annotations

import streamlit as st

from queries.files import sha256

DONE_KEY = "data_import_done"


def remember(result, content_hash: str) -> None:
    """After a commit: what was imported (new, superseding rows, batch) and from which file."""
    st.session_state[DONE_KEY] = {"new": result.added, "superseding": result.superseded,
                                  "batch": result.batch_id or "-", "hash": content_hash}


def just_imported(content: bytes) -> dict | None:
    """The remembered result when `content` is the file just imported; otherwise forget it."""
    done = st.session_state.get(DONE_KEY)
    if done and done["hash"] == sha256(content):
        return done
    forget()
    return None


def forget() -> None:
    st.session_state.pop(DONE_KEY, None)
