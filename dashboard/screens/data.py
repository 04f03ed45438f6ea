"""Data: import measurements from a file (problems or preview → confirm), enter one measurement,
change a target's value or tolerance, record an assessment, write the account behind a status,
and the latest audit log. Writes go through queries/
(imports.py, forms.py); reads through dashboard/data.py. No stack trace reaches the page."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import auth, data, tables, ui, upload
from dashboard.tables import ASSESSMENT_FIELDS, FIELDS
from dashboard.ui import tr
from queries import accounts, formats, forms, imports, owners, presentation, store
from queries.problems import InputError, counted
from queries.vocabulary import ARMS, STATES

st.title(tr("data.title"))
ui.user_field()
actor = ui.actor

EMPTY = ""  # what a table shows for a missing cell (Streamlit's default is "None")


def show_problems(problems, form: str | None = None, fields: dict[str, str] = FIELDS) -> None:
    """A file's problems (file, row, column, value, reason) or, with `form` (the form's title key), a
    form's: its name in the message and field, value, reason in the table. Missing cells show empty."""
    lang = ui.lang()
    if form is None:
        st.error(counted("data.problems", len(problems), lang))
        frame = tables.file_problems(problems, lang)
        config = {"file": tr("data.col.file"), "row": tr("data.col.row"), "column": tr("data.col.column"),
                  "value": tr("data.col.value"), "reason": tr("data.col.reason")}
    else:
        st.error(counted("data.form_problems", len(problems), lang, form=tr(form)))
        frame = tables.form_problems(problems, lang, fields)
        config = {"field": tr("data.col.field"), "value": tr("data.col.value"), "reason": tr("data.col.reason")}
    if problems:
        st.dataframe(frame, hide_index=True, width="stretch", column_config=config, placeholder=EMPTY)


def save(write, form: str, fields: dict[str, str] = FIELDS) -> None:
    """Run one form's write: success, the input problems (nothing written), or a failure message.
    `form` is the form's title key: the problem message names the form."""
    try:
        write()
        st.success(tr("data.saved"))
    except InputError as exc:
        show_problems(exc.problems, form, fields)
    except Exception as exc:
        ui.write_failure(exc)


def import_section() -> None:
    st.subheader(tr("data.import"))
    st.caption(tr("data.import_help"))
    uploaded = st.file_uploader(tr("data.upload"), type=["csv", "xlsx", "txt"], key="data_upload")
    if uploaded is None:
        upload.forget()
        return
    content = uploaded.getvalue()
    done = upload.just_imported(content)
    if done:  # the file just imported: its result, not "already imported"
        st.success(imports.counts_text("data.imported", ui.lang(), done["new"], done["superseding"],
                                       batch=done["batch"]))
        return
    try:
        plan = data.import_plan(content, uploaded.name)
    except Exception as exc:  # never a stack trace on the page
        ui.write_failure(exc)
        return
    if plan.already:
        st.info(imports.already_text("data.already", ui.lang(), plan.already))
        return
    if plan.problems:
        show_problems(plan.problems)
        return
    counts = plan.counts()
    st.info(imports.counts_text("data.preview", ui.lang(), **counts))
    preview = plan.preview()
    if preview.height > tables.PREVIEW_ROWS:
        st.caption(tr("data.preview_cut", shown=tables.PREVIEW_ROWS, total=preview.height))
    st.dataframe(tables.import_preview(preview), hide_index=True, width="stretch", column_config={
        "row": tr("data.col.row"), "status": tr("data.col.status"), "target_id": tr("data.target"),
        "as_of": tr("data.as_of"), "arm": tr("data.arm"), "old_value": tr("data.col.old_value"),
        "value": tr("data.value"), "numerator": tr("data.numerator"), "denominator": tr("data.denominator"),
        "source": tr("data.source"), "note": tr("data.note")}, placeholder=EMPTY)
    n = counts["new"] + counts["superseding"]
    if n == 0:
        st.caption(tr("data.nothing"))
    if st.button(counted("data.confirm", n, ui.lang()), type="primary", key="data_confirm"):
        bar = st.progress(0.0)
        try:
            result = imports.commit(None, plan, actor(),
                                    progress=lambda d, t: bar.progress(min(1.0, d / t) if t else 1.0))
        except InputError as exc:
            show_problems(exc.problems)
            return
        except Exception as exc:
            ui.write_failure(exc)
            return
        upload.remember(result, plan.content_hash)
        st.rerun()


def target_label(targets: pl.DataFrame):
    labels = dict(zip(targets["target_id"], targets["label"]))
    return lambda tid: f"{tid} — {labels.get(tid) or ''}"[:120]


def measurement_form(targets: pl.DataFrame) -> None:
    st.subheader(tr("data.form_measurement"))
    ui.relabel_on_language_switch("fm_arm")  # 'Alle' → 'All' in the chosen value too
    with st.form("data_form_measurement", clear_on_submit=False):
        target = st.selectbox(tr("data.target"), targets["target_id"].to_list(), format_func=target_label(targets),
                              key="fm_target")
        c1, c2, c3 = st.columns(3)
        as_of = c1.date_input(tr("data.as_of"), value=dt.date.today(), format="DD-MM-YYYY", key="fm_as_of")
        value = c2.text_input(tr("data.value"), key="fm_value")
        arm = c3.selectbox(tr("data.arm"), ARMS, format_func=ui.arm_label, key="fm_arm")
        c4, c5 = st.columns(2)
        numerator = c4.text_input(tr("data.numerator"), key="fm_num")
        denominator = c5.text_input(tr("data.denominator"), key="fm_den")
        source = st.text_input(tr("data.source"), key="fm_source")
        note = st.text_input(tr("data.note"), key="fm_note")
        submitted = st.form_submit_button(tr("data.save"))
    if submitted:
        save(lambda: forms.enter_measurement(None, target, as_of, value, numerator, denominator, arm, source, note,
                                             actor=actor(), lang=ui.lang()), "data.form_measurement")


def target_form(targets: pl.DataFrame) -> None:
    st.subheader(tr("data.form_target"))
    target = st.selectbox(tr("data.target"), targets["target_id"].to_list(), format_func=target_label(targets),
                          key="ft_target")
    row = targets.filter(pl.col("target_id") == target).row(0, named=True) if target else None
    lang = ui.lang()
    if row:
        st.caption(tr("data.current", value=formats.exact(row["target_value"], lang) or "–",
                      tolerance=formats.exact(row["tolerance"], lang) or "–", version=row["version"]))
    with st.form("data_form_target"):
        c1, c2 = st.columns(2)
        # prefilled as the language writes numbers, the way the form reads them back (str(1.125) = "1.125"
        # would read as 1125 in Danish)
        value = c1.text_input(tr("data.target_value"), value=formats.exact(row["target_value"], lang) if row else "",
                              key="ft_value")
        tolerance = c2.text_input(tr("data.tolerance"), value=formats.exact(row["tolerance"], lang) if row else "",
                                  key="ft_tolerance")
        reason = st.text_area(tr("data.reason"), key="ft_reason")
        submitted = st.form_submit_button(tr("data.save"))
    if submitted:
        save(lambda: forms.change_target(None, target, reason, actor=actor(), lang=ui.lang(), target_value=value,
                                         tolerance=tolerance),
             "data.form_target")


def owner_form() -> None:
    """An initiative's or a target's owner: an administration and a functional mailbox (a new version,
    in the audit log). A target without an owner of its own shows its initiative's."""
    st.subheader(tr("data.form_owner"))
    ui.relabel_on_language_switch("fo_kind")
    choices = data.owner_choices()
    kind = st.selectbox(tr("data.owner_kind"), list(owners.KINDS), format_func=lambda k: tr(f"data.owner_kind.{k}"),
                        key="fo_kind")
    objects = choices[kind]
    labels = dict(zip(objects["object_id"], objects["label"]))
    chosen = st.selectbox(tr("data.owner_object"), objects["object_id"].to_list(),
                          format_func=lambda o: f"{o} — {labels.get(o) or ''}"[:120], key="fo_object")
    row = objects.filter(pl.col("object_id") == chosen).row(0, named=True) if chosen else None
    if row and row["mailbox"]:
        st.caption(tr("data.owner_current", administration=row["administration_id"], mailbox=row["mailbox"],
                      source=tr(f"data.owner_source.{row['owner_source']}")))
    else:
        st.caption(tr("data.owner_none"))
    admins = choices["administrations"]["administration_id"].to_list()
    current_admin = row["administration_id"] if row and row["administration_id"] in admins else None
    with st.form("data_form_owner"):
        c1, c2 = st.columns(2)
        admin = c1.selectbox(tr("data.administration"), admins, format_func=ui.org_label,
                             index=admins.index(current_admin) if current_admin else 0, key="fo_admin")
        mailbox = c2.text_input(tr("data.mailbox"), value=(row["mailbox"] or "") if row else "", key="fo_mailbox")
        reason = st.text_area(tr("data.reason"), key="fo_reason")
        submitted = st.form_submit_button(tr("data.save"))
    if submitted:
        save(lambda: owners.change_owner(None, kind, chosen, admin, mailbox, reason, actor=actor()), "data.form_owner")
    if row and row["own"]:  # back to the inherited owner (a new version; the override is kept in the history)
        with st.expander(tr(f"data.owner_remove.{kind}"), icon="↩️"):
            why = st.text_input(tr("data.reason"), key="fo_remove_reason")
            if st.button(tr("data.owner_remove_button"), key="fo_remove"):
                save(lambda: owners.remove_override(None, kind, chosen, why, actor=actor()), "data.form_owner")


def assessment_form() -> None:
    st.subheader(tr("data.form_assessment"))
    ui.relabel_on_language_switch("fa_target", "fa_round", "fa_state")  # their labels are texts
    choices = data.assessment_choices()
    inits = choices["initiatives"]
    names = dict(zip(inits["initiative_id"], inits["name"]))
    initiative = st.selectbox(tr("data.initiative"), inits["initiative_id"].to_list(),
                              format_func=lambda i: f"{names.get(i) or i}"[:120], key="fa_initiative")
    targets = choices["targets"].filter(pl.col("initiative_id") == initiative)
    labels = dict(zip(targets["target_id"], targets["label"]))
    rounds = choices["rounds"]
    round_titles = dict(zip(rounds["round_id"], rounds["title"]))
    with st.form("data_form_assessment"):
        target = st.selectbox(tr("data.assess_target"), [""] + targets["target_id"].to_list(),
                              format_func=lambda t: tr("data.whole_initiative") if not t else f"{labels.get(t) or t}"[:120],
                              key="fa_target")
        c1, c2 = st.columns(2)
        round_id = c1.selectbox(tr("data.round"), [""] + rounds["round_id"].to_list(),
                                format_func=lambda r: tr("data.no_round") if not r else f"{r} — {round_titles.get(r, '')}"[:100],
                                key="fa_round")
        state = c2.selectbox(tr("data.state"), list(STATES), format_func=lambda s: tr(f"state.{s}"), key="fa_state")
        text = st.text_area(tr("data.reason"), key="fa_text")
        signed_in = auth.identity()  # signed in, the author is the signed-in user, not editable
        author = st.text_input(tr("data.author"), value=signed_in or actor(), key="fa_author",
                               disabled=bool(signed_in))
        submitted = st.form_submit_button(tr("data.save"))
    if submitted:
        author = signed_in or author
        save(lambda: forms.record_assessment(None, initiative, target or None, round_id or None, state, text, author),
             "data.form_assessment", ASSESSMENT_FIELDS)


def account_form(targets: pl.DataFrame) -> None:
    """The account behind a status (queries/accounts.py): pick a round and a target, write the four
    parts in Markdown; each save is a new version. Asked for (not required) when the smiley is 😐/😞."""
    st.subheader(tr("data.form_account"))
    st.caption(tr("data.account_help"))
    rounds = data.rounds()
    if rounds.is_empty():
        st.info(tr("data.account_no_rounds"))
        return
    frozen = {r["round_id"]: r["frozen_at"] is not None for r in rounds.to_dicts()}
    titles = dict(zip(rounds["round_id"], rounds["title"]))
    c1, c2 = st.columns(2)
    round_id = c1.selectbox(tr("data.account_round"), rounds["round_id"].to_list(), key="fx_round",
                            format_func=lambda r: f"{r} — {titles.get(r, '')}"[:100]
                            + ("" if frozen.get(r) else f" ({tr('report.round_open_label')})"))
    in_round = targets.filter(pl.col("target_id").is_in(data.round_targets(round_id)))  # the round's committee's
    if in_round.is_empty():
        st.info(tr("data.account_no_targets"))
        return
    if st.session_state.get("fx_target") not in in_round["target_id"].to_list():
        st.session_state.pop("fx_target", None)  # a target of another committee's round: start from the first
    target = c2.selectbox(tr("data.target"), in_round["target_id"].to_list(), format_func=target_label(in_round),
                          key="fx_target")
    current = data.account(round_id, target)
    state = data.round_states(round_id).get(target)
    if frozen.get(round_id):  # a caption: the page's messages are for what the user just did
        st.caption(tr("data.account_frozen"))
    elif accounts.asks_for_account(state):
        st.warning(tr("data.account_prompt", state=f"{presentation.emoji(state)} {tr(f'state.{state}')}"))
    st.caption(tr("data.account_current", version=current.version, author=current.author,
                  when=formats.date(current.entered_at)) if current else tr("data.account_none"))
    if st.session_state.get("fx_for") != (round_id, target):  # another account chosen: its current text
        st.session_state["fx_for"] = (round_id, target)
        for part in accounts.PARTS:
            st.session_state[f"fx_{part}"] = (getattr(current, part) if current else None) or ""
        st.session_state["fx_date"] = current.next_step_date if current else None
    with st.form("data_form_account"):
        for part in accounts.PARTS:
            st.text_area(tr(f"account.part.{part}"), key=f"fx_{part}")
        day = st.date_input(tr("account.next_step_date"), format="DD-MM-YYYY", key="fx_date")
        signed_in = auth.identity()
        author = st.text_input(tr("data.author"), value=signed_in or actor(), key="fx_author",
                               disabled=bool(signed_in))
        submitted = st.form_submit_button(tr("data.save"))
    if submitted:
        parts = {part: st.session_state[f"fx_{part}"] for part in accounts.PARTS}
        save(lambda: data.write_account(round_id, target, parts, signed_in or author, day), "data.form_account")
    account_history(round_id, target)


def account_history(round_id: str, target: str) -> None:
    """Every version of the account (nothing is overwritten): who, when, what changed, the texts."""
    versions = data.account_versions(round_id, target)
    if not versions:
        return
    with st.expander(tr("data.account_history", n=len(versions)), icon="🕘"):
        st.dataframe(tables.account_versions(versions, ui.lang()), hide_index=True, width="stretch",
                     key="fx_history", placeholder=EMPTY, column_config={
                         "version": tr("data.col.version"),
                         "entered_at": st.column_config.DatetimeColumn(tr("data.col.when"), format="DD-MM-YYYY HH:mm"),
                         "author": tr("data.author"), "changed": tr("data.col.changed"),
                         **{p: tr(f"account.part.{p}") for p in accounts.PARTS},
                         "next_step_date": tr("account.next_step_date")})


def audit_section() -> None:
    st.subheader(tr("data.audit"))
    st.dataframe(tables.audit_table(data.audit_log(), ui.lang()), hide_index=True, width="stretch", column_config={
        "logged_at": st.column_config.DatetimeColumn(tr("data.col.when"), format="DD-MM-YYYY HH:mm"),  # as formats.date
        "actor": tr("data.col.actor"), "action": tr("data.col.action"),
        "object": tr("data.col.object"), "detail": tr("data.col.detail")}, placeholder=EMPTY)


def render() -> None:
    import_section()
    targets = data.target_versions()
    left, right = st.columns(2)
    with left:
        measurement_form(targets)
    with right:
        target_form(targets)
    owner_form()
    assessment_form()
    account_form(targets)
    audit_section()


ui.guarded(render)
