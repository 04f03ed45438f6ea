"""Sign-in and roles in the app: Streamlit's own OpenID Connect (st.login / st.user / st.logout,
configured by [auth] in .streamlit/secrets.toml, Authlib underneath) and the pages and grants of
the user's roles (queries/access.py).

Without [auth] the app is in local mode: one person on their own machine, every page, a visible
"Lokal tilstand — ingen login" marker — and only when the server listens on a loopback address;
on any other address it shows no data at all (and `maalbord serve` refuses to start).

`gate()` is called by dashboard/app.py before the navigation: it shows the sign-in page, the
"provider down", "no role", "session expired" and configuration pages itself and stops the run, so
no page script (and none of its queries) runs for a user who may not see it.
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from queries import access, formats
from queries.texts import t

GRANT_KEY = "_maalbord_grant"      # set by gate() on every run; not a widget key, so the browser cannot set it
ACTOR_KEY = "_maalbord_actor"


def _tr(key: str, **params) -> str:
    from dashboard import ui
    return t(key, ui.lang(), **params)


def auth_section() -> dict | None:
    """The [auth] section of the secrets, or None (local mode)."""
    try:
        if "auth" not in st.secrets:
            return None
        return st.secrets["auth"].to_dict()
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def signed_in() -> bool:
    return auth_section() is not None and bool(st.user.get("is_logged_in"))


def preferred_language() -> str:
    """'en' when the signed-in user's ID token has an English `locale` claim, else 'da'."""
    if not signed_in():
        return "da"
    return "en" if str(st.user.get("locale") or "").lower().startswith("en") else "da"


def grant() -> access.Grant:
    """The current user's grant (set by gate()); a page run on its own in local mode gets all."""
    held = st.session_state.get(GRANT_KEY)
    if held is not None:
        return held
    return access.Grant.local() if auth_section() is None else access.Grant()


def identity() -> str | None:
    """'Display name <sub>' of the signed-in user, for the audit log and entered_by/author/frozen_by;
    None in local mode."""
    if not signed_in():
        return None
    user = st.user
    sub = str(user.get("sub") or "")
    name = str(user.get("name") or user.get("preferred_username") or user.get("email") or sub)
    return f"{name} <{sub}>"


@st.cache_data(ttl=30, show_spinner=False)
def _load_access(path: str, mtime: float) -> access.Access:
    return access.load(path)


def load_access() -> access.Access:
    """The access file, read again whenever it changes (no restart needed after an edit)."""
    import os
    path = access.access_path()
    mtime = os.stat(path).st_mtime if path.exists() else 0.0
    return _load_access(str(path), mtime)


def reload_access() -> None:
    """Read the access file again now (the admin page's button; a changed file is read again anyway)."""
    _load_access.clear()


@st.cache_data(ttl=15, show_spinner=False)
def _unreachable(url: str) -> str | None:
    return access.provider_unreachable(url)


def _stop_page(title_key: str, lines: list[str], icon: str = "⚠️", button=None) -> None:
    st.title(_tr(title_key))
    for line in lines:
        st.error(line, icon=icon)
    if button:
        label, action = button
        st.button(label, on_click=action, type="primary")
    st.stop()


def gate() -> access.Grant:
    """Who is here and what they may do; stops the run with a page of its own when no page of the
    app may be shown."""
    from dashboard import ui

    st.session_state.pop(GRANT_KEY, None)
    st.session_state.pop(ACTOR_KEY, None)
    section = auth_section()
    if section is None:
        address = st.get_option("server.address")
        if not access.is_loopback(address):
            _stop_page("auth.config.title", [_tr("auth.err.not_loopback", address=address or "0.0.0.0")])
        st.sidebar.warning(_tr("auth.local_marker"), icon="💻")
        st.sidebar.caption(_tr("auth.local_help"))
        held = access.Grant.local()
        st.session_state[GRANT_KEY] = held
        return held

    problems = access.auth_problems(section)
    try:
        rules = load_access()
    except access.AccessFileError as exc:
        problems.append((exc.code, exc.params))
    if problems:
        _stop_page("auth.config.title", [_tr(code, **params) for code, params in problems])

    if not st.user.get("is_logged_in"):
        _sign_in_page(section)
    claims = dict(st.user)
    issued = claims.get("iat")
    if isinstance(issued, (int, float)) and time.time() > issued + rules.session_hours * 3600:
        _stop_page("auth.expired.title", [_tr("auth.expired.text",
                                                     hours=formats.number(rules.session_hours, 1, lang=ui.lang()))],
                   icon="⏰", button=(_tr("auth.expired.button"), st.logout))
    held = rules.grant(claims)
    name = str(claims.get("name") or claims.get("preferred_username") or claims.get("sub"))
    if not held.any:
        _stop_page("auth.no_roles.title", [_tr("auth.no_roles.text", name=name)], icon="🔒",
                   button=(_tr("auth.signout"), st.logout))
    st.session_state[GRANT_KEY] = held
    st.session_state[ACTOR_KEY] = identity()
    _user_box(name, held)
    return held


def _sign_in_page(section: dict) -> None:
    st.title(_tr("auth.signin.title"))
    url = str(access.provider_settings(section).get("server_metadata_url"))
    reason = _unreachable(url)
    if reason:
        st.subheader(_tr("auth.down.title"))
        st.warning(_tr("auth.down.text"), icon="🔌")
        st.caption(_tr("auth.err.unreachable", url=url, detail=reason))
        if st.button(_tr("auth.retry")):
            _unreachable.clear()
            st.rerun()
        st.stop()
    st.markdown(_tr("auth.signin.text"))
    st.button(_tr("auth.signin.button"), type="primary", on_click=st.login, key="auth_login")
    st.caption(_tr("auth.signin.refused"))  # Streamlit brings a refused sign-in back here, saying nothing
    st.stop()


def _user_box(name: str, held: access.Grant) -> None:
    box = st.sidebar.container(border=True)
    box.markdown(_tr("auth.signed_in_as", name=name))
    box.caption(_tr("auth.roles", roles=", ".join(sorted(held.roles))))
    if held.committees and not held.may("all_rounds"):
        box.caption(_tr("auth.committees", committees=", ".join(sorted(held.committees))))
    box.button(_tr("auth.signout"), on_click=st.logout, key="auth_logout")


def _denied_page(url_path: str):
    def denied() -> None:
        st.title(_tr("auth.denied.title"))
        st.warning(_tr("auth.denied.text"), icon="🔒")
    denied.__name__ = f"denied_{url_path}"
    return denied


def page_key(page) -> str:
    """A page's url_path as app.py gives it (Streamlit reports "" for the default page's)."""
    return getattr(page, "_url_path", None) or page.url_path


def _go_to(page):
    def start() -> None:
        st.switch_page(page)
    return start


def restrict(pages: dict[str, list], held: access.Grant) -> dict[str, list]:
    """The navigation of `held`: the pages its roles allow; every other page stays reachable by its
    URL only as a hidden "Ingen adgang" page (its script never runs). When the app's default page
    is not allowed, "/" opens the first allowed page (a hidden start page that switches to it, so
    that page keeps its own URL)."""
    out: dict[str, list] = {}
    first, has_default = None, False
    for section, group in pages.items():
        kept = []
        for p in group:
            key = page_key(p)
            if held.page(key):
                first = first or p
                has_default = has_default or p._default
                kept.append(p)
            else:
                kept.append(st.Page(_denied_page(key), title=p.title, icon=p.icon, url_path=key,
                                    visibility="hidden"))
        out[section] = kept
    if first is not None and not has_default:
        start = st.Page(_go_to(first), title=first.title, icon=first.icon, url_path="start", default=True,
                        visibility="hidden")
        out = {section: ([start] if i == 0 else []) + group for i, (section, group) in enumerate(out.items())}
    return out
