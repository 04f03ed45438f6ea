"""Administration (admin role): the access file — who gets which role, read again on demand —
a backup of the whole store as one file, and a restore from such a file that first keeps the
store as it was."""

import streamlit as st

from dashboard import auth, data, ui
from dashboard.ui import tr
from queries import formats
from queries.problems import InputError

ui.user_field()


def access_section() -> None:
    st.subheader(tr("admin.access"))
    if auth.auth_section() is None:
        st.info(tr("admin.access_local"), icon="💻")
    summary = data.access_summary(ui.lang())
    st.caption(tr("admin.access_file", file=summary["file"], changed=summary["changed"]))
    if summary["problem"]:
        st.error(summary["problem"], icon="⚠️")
    else:
        st.dataframe(summary["rules"], hide_index=True, width="stretch", column_config={
            "group": tr("admin.col.group"), "roles": tr("admin.col.roles"),
            "committees": tr("admin.col.committees")})
        st.caption(tr("admin.access_claim", claim=summary["claim"],
                      hours=formats.number(summary["hours"], 1, lang=ui.lang())))
    if st.button(tr("admin.reload"), key="admin_reload"):
        auth.reload_access()
        st.success(tr("admin.reloaded"))


def backup_section() -> None:
    st.subheader(tr("admin.backup"))
    st.caption(tr("admin.backup_help"))
    if st.button(tr("admin.backup_make"), key="admin_backup"):
        st.session_state["admin_backup_file"] = data.backup_file(ui.actor())
    made = st.session_state.get("admin_backup_file")
    if made:
        name, content = made
        st.download_button(tr("admin.backup_download", file=name), content, file_name=name,
                           mime="application/zip", key="admin_backup_download", type="primary")


def restore_section() -> None:
    st.subheader(tr("admin.restore"))
    st.caption(tr("admin.restore_help"))
    upload = st.file_uploader(tr("admin.restore_file"), type=["zip"], key="admin_restore_file")
    if upload is None:
        return
    try:
        manifest = data.restore_check(upload.name, upload.getvalue())
    except InputError as exc:
        st.error(exc.message(ui.lang()), icon="⚠️")
        return
    rows = sum(info["rows"] for info in manifest["tables"].values())
    st.info(tr("admin.restore_summary", file=upload.name, at=manifest.get("exported_at", "?")[:19],
               by=manifest.get("exported_by", "?"), tables=len(manifest["tables"]),
               rows=formats.integer(rows, ui.lang()), version=manifest["schema_version"]), icon="🗄️")
    word = tr("admin.restore_word")
    typed = st.text_input(tr("admin.restore_confirm", word=word), key="admin_restore_confirm")
    if st.button(tr("admin.restore_go"), key="admin_restore_go", disabled=typed.strip() != word):
        result = data.restore(upload.name, upload.getvalue(), ui.actor())
        st.success(tr("admin.restored", rows=formats.integer(result["rows"], ui.lang()), tables=result["tables"]))
        if result["kept"]:
            st.caption(tr("admin.restore_kept", path=result["kept"]))


def render() -> None:
    st.title(tr("admin.title"))
    if not auth.grant().may("admin"):  # (the navigation hides the page; this is the second lock)
        st.warning(tr("auth.denied.text"), icon="🔒")
        return
    access_section()
    backup_section()
    restore_section()


ui.guarded(render, needs_store=False)
