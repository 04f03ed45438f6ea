"""Opfølgning: the follow-up calendar — overdue, next 90 days, later — per committee."""

import polars as pl
import streamlit as st

from dashboard import auth, data, ui
from dashboard.ui import tr
from queries import feeds, formats, followups
from queries.problems import InputError

st.title(tr("fu.title"))
if auth.grant().may("write"):
    ui.user_field()  # making or revoking a subscription address is logged with the session's user

BUCKETS = followups.OPEN_BUCKETS


def _table(df: pl.DataFrame) -> None:
    st.dataframe(
        ui.relabel(df.select("committee", "due", "initiative", "short_text", "has_measurement"),
                   committee=ui.org_label).with_columns(
            pl.when(pl.col("has_measurement")).then(pl.lit("✔ " + tr("fu.yes")))
              .otherwise(pl.lit("✖ " + tr("fu.no"))).alias("has_measurement")),
        column_config={"committee": tr("col.committee"), "due": ui.date_column(tr("fu.due")), "initiative": tr("col.initiative"),
                       "short_text": tr("col.target"), "has_measurement": tr("fu.has_measurement")},
        hide_index=True, width="stretch", placeholder="")


def _calendar_download(cal: pl.DataFrame) -> None:
    """Every follow-up date as an .ics file (queries/feed.py), for all committees or one."""
    committees = sorted(c for c in cal["committee"].unique().to_list() if c and c != "–")
    left, right = st.columns([2, 1])
    chosen = left.selectbox(tr("fu.calendar_committee"), [""] + committees,
                            format_func=lambda c: ui.org_label(c) if c else tr("fu.all_committees"), key="fu_cal_committee")
    right.download_button(tr("fu.calendar"), data=data.calendar_file(chosen or None, ui.lang()),
                          file_name=f"maalbord-opfoelgning{'-' + chosen if chosen else ''}.ics", mime="text/calendar",
                          help=tr("fu.calendar_help"), key="fu_calendar", icon="📅")
    _subscription(chosen or None)


def _subscription(committee: str | None) -> None:
    """The chosen scope's secret subscription address (queries/feeds.py), for Outlook and Google
    Calendar; a data steward or admin makes, replaces or revokes it (each in the audit log)."""
    token = data.calendar_feed(committee)
    steward = auth.grant().may("write")
    with st.expander(tr("fu.subscribe"), icon="🔗", expanded=bool(token)):
        if token:
            st.code(feeds.url(token, ui.public_base_url(), ui.lang()), language=None)
            st.caption(tr("fu.subscribe_help"))
        else:
            st.caption(tr("fu.subscribe_none_steward" if steward else "fu.subscribe_none"))
        if not steward:
            return
        actions = ("replace", "revoke") if token else ("create",)
        for col, action in zip(st.columns(len(actions)), actions):
            if col.button(tr(f"fu.subscribe_{action}"), key=f"fu_feed_{action}",
                          type="primary" if action == "create" else "secondary"):
                try:
                    data.calendar_feed_action(action, committee, ui.actor())
                except InputError as exc:
                    st.error(exc.message(ui.lang()))
                    return
                except Exception as exc:  # never a trace
                    ui.write_failure(exc)
                    return
                st.rerun()


def render() -> None:
    st.caption(tr("fu.caption", today=formats.date(data.today())))
    cal = data.followup_calendar()
    if cal.height == 0:
        st.info(tr("fu.empty"))
        return
    _calendar_download(cal)
    counts = {b: cal.filter(pl.col("bucket") == b).height for b in BUCKETS}
    cols = st.columns(3)
    for col, b in zip(cols, BUCKETS):
        col.metric(tr("fu." + b), counts[b])

    st.subheader(tr("fu.per_committee"))
    st.dataframe(ui.relabel(followups.per_committee(cal), committee=ui.org_label),
                 column_config={"committee": tr("col.committee")} | {b: tr("fu." + b) for b in BUCKETS},
                 hide_index=True)

    for b in BUCKETS:
        st.subheader(f"{tr('fu.' + b)} ({counts[b]})")
        part = cal.filter(pl.col("bucket") == b)
        if part.height == 0:
            st.caption(tr("fu.bucket_empty"))
        else:
            _table(part)
    done = cal.filter(pl.col("bucket") == "done")
    if done.height:
        with st.expander(f"{tr('fu.done')} ({done.height})"):
            _table(done)


ui.guarded(render)
