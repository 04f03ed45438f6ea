"""Udvalgsrapport: a round's report in the shape of the 2013 status report, what changed since the
last meeting, a print view, Word/PDF/Excel downloads, and a form that creates (freezes) a round."""

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import auth, data, ui
from dashboard.ui import tr
from queries import formats
from queries.problems import InputError

st.title(tr("page.report"))
st.caption(tr("report.page_caption"))
GRANT = auth.grant()  # a committee user: the frozen rounds of their own committees only, no writes
if GRANT.may("write"):
    ui.user_field()  # creating and freezing a round are logged with the session's user, like imports


def _committee_picker() -> str | None:
    comm = data.committees()
    ids = GRANT.visible_committees(comm["committee_id"].to_list())
    if not ids:
        return None
    names = dict(zip(ids, comm["name_en" if ui.lang() == "en" else "name"].fill_null("").to_list()))
    default = ids.index("BIU") if "BIU" in ids else 0
    ui.relabel_on_language_switch("report_committee")  # the chosen committee's name in the new language
    return st.selectbox(tr("report.filter.committee"), ids, index=default, key="report_committee",
                        format_func=lambda c: f"{c} – {names.get(c) or c}")


def _show(rep) -> None:
    if rep.synthetic and not data.synthetic():  # (the page's banner already says it for the store)
        st.warning(rep.synthetic_note, icon="🧪")
    st.markdown(f"{rep.heading}  \n{rep.date_text}")
    st.header(rep.title)
    st.markdown(rep.intro)
    st.markdown(rep.legend_intro)
    st.markdown("\n".join(f"- {e} **{lab}**: {text}" for _, e, lab, text in rep.legend))
    st.caption(rep.disclosure_note)
    cols = {c: tr(f"report.col.{c}") for c in ("target", "target_value", "actual", "n", "interval", "measured",
                                                "followup", "state")}
    for s in rep.sections:
        st.subheader(s.title, divider="gray")
        for i in s.items:
            st.markdown(f"##### {i.name} {i.emoji}")
            st.caption(f"{tr('report.state_of')}: {i.emoji} {i.label}")
            if i.text:
                st.markdown(i.text)
            if i.figures:
                st.dataframe(pl.DataFrame([{cols["target"]: f.short_text, cols["target_value"]: f.target,
                                            cols["actual"]: f.actual, cols["n"]: f.n, cols["interval"]: f.interval,
                                            cols["measured"]: f.measured, cols["followup"]: f.followup,
                                            cols["state"]: f"{f.emoji} {f.label}"} for f in i.figures]),
                             hide_index=True, width="stretch")
            for a in i.accounts:  # the account behind the state (Markdown as written; no raw HTML)
                with st.container(border=True):
                    st.markdown(f"**{a.heading}** {a.emoji} {a.label}")
                    st.caption(a.meta)
                    for title, text in a.parts:
                        st.markdown(f"**{title}**")
                        st.markdown(text)
                    if a.next_by:
                        st.markdown(f"**{a.next_by}**")
    st.subheader(rep.since_title, divider="gray")
    st.markdown(rep.since_intro)
    if rep.previous_round_id and not rep.changes:
        st.markdown(tr("report.since_none"))
    if rep.changes:
        st.dataframe(pl.DataFrame([{tr("report.col.initiative"): c.name, tr("report.col.change"): c.change_label,
                                    tr("report.col.before"): c.before, tr("report.col.after"): c.after,
                                    tr("report.col.details"): "; ".join(c.details)} for c in rep.changes]),
                     hide_index=True, width="stretch", key="report_changes")
    if rep.account_changes:
        st.markdown(rep.since_accounts)
        st.dataframe(pl.DataFrame([{tr("report.col.initiative"): c.initiative, tr("report.col.target"): c.target,
                                    tr("report.col.change"): c.change_label} for c in rep.account_changes]),
                     hide_index=True, width="stretch", key="report_account_changes")
    if rep.previous_round_id and rep.unchanged:
        st.caption(tr("report.since_unchanged", n=rep.unchanged))


def _downloads(round_id: str, committee: str) -> None:
    st.markdown(f"**{tr('report.download')}**")
    cols = st.columns(3)
    for col, fmt in zip(cols, ("docx", "pdf", "xlsx")):
        from queries.report import MIME
        try:
            payload = data.report_file(round_id, ui.lang(), fmt)
        except Exception as exc:  # never a stack trace on the page
            col.warning(tr("report.download_failed", error=type(exc).__name__))
            continue
        name = tr("report.file_name", round_id=round_id)  # udvalgsrapport_… / committee_report_…
        col.download_button(tr(f"report.download.{fmt}"), payload, file_name=f"{name}.{fmt}",
                            mime=MIME[fmt], key=f"dl_{fmt}")


def _create_form(committee: str) -> None:
    with st.expander(tr("report.create"), expanded=False):
        st.caption(tr("report.create_help"))
        with st.form("create_round", clear_on_submit=False):
            day = st.date_input(tr("report.create.date"), value=dt.date.today(), format="DD-MM-YYYY")
            title = st.text_input(tr("report.create.title"), key="report_title")
            leave_open = st.checkbox(tr("report.create.open"), value=False)
            if st.form_submit_button(tr("report.create.submit")):
                try:
                    round_id, n = data.create_round(committee, day, title, ui.actor(), not leave_open)
                except InputError as exc:
                    st.error(exc.message(ui.lang()))
                except Exception as exc:
                    st.error(tr("report.failed", error=type(exc).__name__))
                else:
                    st.session_state["report_round_pending"] = round_id
                    st.session_state["report_flash"] = tr("report.created", round_id=round_id, n=n) \
                        if n is not None else tr("report.open_round")
                    st.rerun()


def _round_picker(rounds: pl.DataFrame) -> str:
    """The round select box: newest first, an open round marked, a round just created chosen."""
    ids = rounds["round_id"].to_list()
    labels = {r["round_id"]: f"{formats.date(r['meeting_date'])} – {r['title']}"
              + ("" if r["frozen_at"] else f" ({tr('report.round_open_label')})")
              for r in rounds.to_dicts()}
    pending = st.session_state.pop("report_round_pending", None)
    if pending in ids:
        st.session_state["report_round"] = pending
    if st.session_state.get("report_round") not in ids:
        st.session_state["report_round"] = ids[0]
    return st.selectbox(tr("report.filter.round"), ids, key="report_round", format_func=lambda r: labels.get(r, r))


def _freeze(round_id: str) -> None:
    st.info(tr("report.open_round"))
    if GRANT.may("write") and st.button(tr("report.freeze"), key="freeze_round"):
        try:
            n = data.freeze_round(round_id, ui.actor())
        except InputError as exc:
            st.error(exc.message(ui.lang()))
        else:
            st.session_state["report_flash"] = tr("report.frozen", round_id=round_id, n=n)
            st.rerun()


def render() -> None:
    if "report_flash" in st.session_state:
        st.success(st.session_state.pop("report_flash"))
    committee = _committee_picker()
    rounds = data.rounds(committee) if committee else pl.DataFrame()
    if not rounds.is_empty() and not GRANT.may("all_rounds"):  # no drafts for committee users
        rounds = rounds.filter(pl.col("frozen_at").is_not_null())
    if committee is None or rounds.is_empty():
        st.info(tr("report.no_rounds"))
    else:
        round_id = _round_picker(rounds)
        frozen = {r["round_id"]: r["frozen_at"] is not None for r in rounds.to_dicts()}
        if not frozen.get(round_id):
            _freeze(round_id)
        else:
            rep = data.report(round_id, ui.lang())
            _downloads(round_id, committee)
            tab_report, tab_print = st.tabs([tr("page.report"), tr("report.print")])
            with tab_report:
                _show(rep)
            with tab_print:
                st.caption(tr("report.print_help"))
                from queries.report import to_html
                st.html(to_html(rep, full=False))
    if committee and GRANT.may("write"):
        _create_form(committee)


ui.guarded(render)
