"""Shared page chrome: the language switch, translated labels, the synthetic-data banner."""

from __future__ import annotations

import logging
import os

import streamlit as st

from dashboard import charts, data
from queries import presentation, problems, store
from queries.texts import t, t_or

LANG_KEY = "lang"


def lang() -> str:
    return st.session_state.get(LANG_KEY, "da")


def tr(key: str, **params) -> str:
    """The label for `key` in the chosen language."""
    return t(key, lang(), **params)


def tr_counted(key: str, n: int, **params) -> str:
    """`tr` with the right number: the key's ".one" text when n is 1 ("1 række", not "1 rækker")."""
    return problems.counted(key, n, lang(), **params)


RELABEL_KEY = "_relabel_on_language_switch"


def sidebar() -> None:
    """Language switch (Dansk/English) — shown on every page. A new session starts in the signed-in
    user's language when the ID token says it (the OIDC `locale` claim, e.g. 'en-GB'), else Danish."""
    if LANG_KEY not in st.session_state:  # (a session's first run only)
        from dashboard import auth
        st.session_state[LANG_KEY] = auth.preferred_language()
    st.sidebar.radio(
        f"{t('app.language', 'da')} / {t('app.language', 'en')}",  # the same in both languages: findable by either reader
        options=["da", "en"],
        format_func=lambda code: {"da": "Dansk", "en": "English"}[code],
        key=LANG_KEY,
        horizontal=True,
        on_change=_relabel,
    )


def relabel_on_language_switch(*keys: str) -> None:
    """Register multiselects and selectboxes whose option labels are translated (format_func with
    tr): after a language switch they are handed their selection again, so the browser redraws the
    chips or the chosen value in the new language. (They keep the labels the browser last got;
    streamlit only resends them when the value is set — it does so itself for st.pills and
    st.segmented_control.)"""
    st.session_state.setdefault(RELABEL_KEY, set()).update(keys)


def _relabel() -> None:
    """The language switch's callback: re-set each registered widget's selection (read with the
    labels of the language it was drawn in), which makes streamlit send it with the new labels."""
    for key in st.session_state.get(RELABEL_KEY, ()):
        if key in st.session_state:
            value = st.session_state[key]
            st.session_state[key] = list(value) if isinstance(value, (list, tuple)) else value


def banner() -> None:
    """The synthetic-data banner, on every page while the store holds synthetic data."""
    if data.synthetic():
        st.warning(tr("app.synthetic_banner"), icon="🧪")


USER_KEY = "data_user"            # the sidebar field "Bruger (til loggen)" (a widget: Streamlit drops
_USER_KEPT = "log_user"           # its state on a page without it, so its value is also kept here)


def user_field() -> None:
    """The sidebar field "Bruger (til loggen)": who the audit log names for this session's writes
    (imports, forms, rounds). Shown on every page that writes; the value follows the session from
    page to page (a widget on another page is another widget, so its value is handed on here).
    Signed in (dashboard/auth.py), it shows the signed-in user and cannot be edited."""
    from dashboard import auth
    signed = auth.identity()
    if signed:
        st.sidebar.text_input(tr("data.user"), value=signed, disabled=True, key="data_user_signed_in",
                              help=tr("auth.user_field_locked"))
        return
    if USER_KEY in st.session_state:      # the field's value from the last run, on this page or another
        value = st.session_state[USER_KEY]
    else:                                 # Streamlit dropped it on a page without the field
        value = st.session_state.get(_USER_KEPT, os.environ.get("MAALBORD_USER") or "app")
    st.session_state[_USER_KEPT] = value
    st.session_state[USER_KEY] = value   # (set before the widget exists: its initial value)
    st.sidebar.text_input(tr("data.user"), key=USER_KEY)


def actor() -> str:
    """The session's user for the audit log: the signed-in user ('Name <sub>', dashboard/auth.py),
    else (local mode) the sidebar field, 'app' when it is empty."""
    from dashboard import auth
    signed = auth.identity()
    if signed:
        return signed
    value = st.session_state.get(USER_KEY, st.session_state.get(_USER_KEPT))
    return (value or "").strip() or "app"


def store_missing() -> bool:
    """Explain an empty or missing store instead of failing."""
    if not data.store_ready():
        st.info(tr("home.empty"))
        return True
    return False


# --- shared helpers of the pages -------------------------------------------------------------------

def guarded(render, needs_store: bool = True) -> None:
    """The one error guard of every page: runs the page body after the synthetic-data banner; a
    missing or empty store is explained ('maalbord init'), a store held by a writer in another
    process says 'busy, try again shortly', and any other error becomes a short Danish/English
    message — never a stack trace (the trace goes to the server log). `needs_store=False` runs the
    body on a missing store too. (Streamlit's own rerun/stop signals are BaseExceptions and pass
    through.)"""
    try:
        banner()
        if needs_store and store_missing():
            return
        render()
    except store.StoreMissing:  # removed while the page was drawn
        st.info(tr("home.empty"))
    except Exception as exc:  # noqa: BLE001 — the page must never show a trace
        if store.is_busy(exc):
            st.warning(tr("err.store_busy"), icon="⏳")
            return
        logging.getLogger("maalbord").exception("page failed")
        st.error(tr("pages.error", detail=type(exc).__name__), icon="⚠️")


def write_failure(exc: Exception) -> None:
    """A failed write as a message: the store is busy, or what kind of error — never a trace."""
    st.error(tr("data.busy") if store.is_busy(exc) else tr("data.failed", detail=type(exc).__name__))


def state_emoji(state: str | None) -> str:
    """😊 😐 😞 ⚪ ❔ — from queries/presentation.py, so every page shows the same smiley."""
    return presentation.emoji(state if state in presentation.STYLES else "none")


def code_label(prefix: str, code: str | None) -> str:
    """The label of a catalogue code in the chosen language: code_label("kind", "share") → 'Andel',
    code_label("impl", "running") → 'I gang'; empty for a missing code."""
    return tr(f"{prefix}.{code}") if code else ""


def org_label(code: str | None) -> str:
    """An administration or committee by name in the chosen language with its code, as the
    municipality writes it: 'Beskæftigelses- og Integrationsudvalget (BIU)' / 'Employment and
    Integration Committee (BIU)'; a code the store doesn't know as written; '' for none."""
    if not code:
        return ""
    names = data.organisations().get(code)
    if names is None:
        return code
    return f"{names[1] if lang() == 'en' else names[0]} ({code})"


def arm_label(arm: str | None) -> str:
    """'all' → 'Alle' / 'All', 'treatment' → 'Indsatsgruppe' …; an arm the app doesn't know as
    written; empty for none."""
    return t_or(f"arm.{arm}", lang(), arm) if arm else ""


def origin_label(code: str | None) -> str:
    """A measurement's origin or source in the chosen language when it is one of the codes the app
    writes (beregnet → 'computed', catalogue, import, form); any other source (free text: 'QA',
    'Jobindsats') as written; empty for none."""
    return presentation.origin_label(code, lang())


def state_label(state: str | None, rule: str | None = None) -> str:
    """'😊 ● På plan': emoji, shape and text, so the state reads without colour. Pass the rule
    behind the state (v_status.rule) for a target: a ⚪ then says why ('⚪ ○ Følges uden mål')."""
    return presentation.badge(state if state in presentation.STYLES else "none", lang(), rule)


def state_line(state: str | None, rule: str | None = None, rule_text: str | None = None) -> str:
    """state_label and the rule text behind it ('😊 ● På plan — inden for tolerance'), the rule text
    left out when it only repeats the label (presentation.badge_with_reason)."""
    return presentation.badge_with_reason(state if state in presentation.STYLES else "none", lang(), rule,
                                          rule_text)


# --- charts: every chart in the page's language ----------------------------------------------------

def altair_chart(chart, **kw) -> None:
    """st.altair_chart with the number and date locale of the chosen language (charts.LOCALES)."""
    st.altair_chart(charts.localized(chart, lang()), **({"width": "stretch"} | kw))


def vega_lite_chart(spec: dict, **kw) -> None:
    """st.vega_lite_chart of a ready spec, with the chosen language's locale like altair_chart."""
    st.vega_lite_chart(spec=charts.localize_spec(spec, lang()), **({"width": "stretch"} | kw))


# --- tables of figures: the figures are text written by queries/formats.py ------------------------
#
# Tables show numbers as text formatted by queries/formats.py in the app's language — not as numbers
# with st.column_config's "localized" format, which follows the browser's locale (an English page in
# a Danish browser would show 21.800) — and a missing figure as an empty cell, never "None".

def number_column(label: str, **kw):
    """The column config of a column of figures formatted by `formats.numbers`: text, right-aligned."""
    return st.column_config.TextColumn(label, alignment="right", **kw)


def date_column(label: str, **kw):
    """The column config of a date column: shown 31-12-2022 (as `formats.date`) and sorted as a date,
    not as text (as text, 01-01-2027 sorted before 31-12-2026)."""
    return st.column_config.DateColumn(label, format="DD-MM-YYYY", **kw)


def relabel(df, **columns):
    """`df` with each named column replaced by fn(value) as text: relabel(df, kind=kind_label).
    (Not polars' map_elements: it may call fn on another thread, where st.session_state — and so
    the chosen language — is out of reach and every label would come out Danish.)"""
    import polars as pl

    def labelled(name, fn):
        values = df[name].to_list()
        label = {v: fn(v) for v in dict.fromkeys(values)}  # each distinct value once: a label is pure
        return pl.Series(name, [label[v] for v in values], dtype=pl.String)

    return df.with_columns(labelled(name, fn) for name, fn in columns.items())


def blank_nulls(df):
    """A polars frame with every missing text shown as an empty cell (st.dataframe shows "None")."""
    import polars as pl

    return df.with_columns(pl.col(pl.String).fill_null(""))


def public_base_url() -> str:
    """The app's public address for links shown on a page: $MAALBORD_BASE_URL when set (behind a
    proxy), else the address this browser reached the app at, else http://localhost:8501."""
    from urllib.parse import urlsplit

    from queries import reminders
    if os.environ.get("MAALBORD_BASE_URL"):
        return reminders.base_url()
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else reminders.base_url()
