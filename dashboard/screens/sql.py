"""SQL: the analyst workbench — editor, schema browser, examples, results, downloads, quick chart.

Every query runs through queries.sandbox (read-only, locked, time- and memory-limited, one
statement); the result is kept in session state (not cached), so changing the chart does not
re-run the query. No stack trace reaches the page: sandbox.run reports problems in its result.

Downloads hold the whole result, not only the rows shown. When the shown rows are all there is, the
downloads are made from them; when the table was capped, a button re-runs the query through
`sandbox.run_full` (the same sandbox with the row cap raised to the download cap, 1,000,000 rows —
the path of `maalbord sql --all`) and the page says when the result was cut at that cap. The files
themselves are made only when a download button is clicked (a callable as `data`).
"""

from __future__ import annotations

from functools import partial

import polars as pl
import streamlit as st

from dashboard import charts, data, ui, worksheet
from dashboard.ui import tr
from queries import formats, sandbox, workbench

st.title(tr("sql.title"))
limits = sandbox.Limits.from_env()
st.caption(tr("sql.caption", seconds=f"{limits.seconds:g}", rows=formats.integer(limits.max_rows, ui.lang()),
              cap=formats.integer(limits.download_rows, ui.lang())))
if not worksheet.microdata():
    st.caption(tr("sql.published_note"))


def seconds(value: float) -> str:
    """Elapsed seconds with two decimals, in the page's language: 0,69 in Danish, 0.69 in English."""
    return formats.number(value, 2, lang=ui.lang())


def grid_columns(rows: pl.DataFrame) -> dict:
    """The result grid's date columns as DuckDB writes them (2026-01-31, not 2026-01-31 00:00:00):
    the form analysts type in their SQL and find in the downloads."""
    return {name: st.column_config.DateColumn(format="YYYY-MM-DD")
            for name, dtype in rows.schema.items() if dtype == pl.Date}


def examples() -> None:
    saved = workbench.saved_queries()
    if not saved:
        return
    with st.expander(tr("sql.examples")):
        pick = st.selectbox(tr("sql.examples"), range(len(saved)), format_func=lambda i: saved[i].title,
                            key="sql_saved_pick", label_visibility="collapsed")
        if saved[pick].description:
            st.caption(saved[pick].description)
        st.button(tr("sql.load"), key="sql_load", on_click=worksheet.load, args=(saved[pick].sql,))


def editor() -> None:
    """One form holds the editor and the schema browser: the browser's insert buttons are submit
    buttons too, so they commit what was typed before inserting. Ctrl+Enter is Run's own keyboard
    shortcut, which submits the form with Run as the pressed button. The form's Enter-to-submit is
    off: it presses the form's *first registered* submit button — the order the buttons happened
    to mount in the browser, not the script's — which was often the schema browser's first insert
    button (Ctrl+Enter appended " v_budget" instead of running)."""
    with st.form("sql_form", border=False, enter_to_submit=False):
        browser, main = st.columns([1, 3], gap="medium")
        with main:
            st.text_area(tr("sql.editor"), key=worksheet.SQL_KEY, height=220, help=tr("sql.editor_help"))
            st.form_submit_button(tr("sql.run"), type="primary", on_click=worksheet.run_query, key="sql_run",
                                  shortcut="Ctrl+Enter")
            st.caption(tr("sql.editor_help"))
        with browser:
            schema_browser()


def schema_browser() -> None:
    st.markdown(f"**{tr('sql.schema')}**")
    st.caption(tr("sql.schema_help"))
    for (name, kind, comment), cols in (data.schema() if worksheet.microdata() else data.published_schema()).group_by(
            ["object_name", "object_type", "object_comment"], maintain_order=True):
        with st.expander(f"{'👁' if kind == 'view' else '▦'} {name}"):
            if comment:
                st.caption(comment)
            st.form_submit_button(name, key=f"ins_{name}", on_click=worksheet.insert, args=(name,))
            st.dataframe(cols.select("column_name", "data_type", "column_comment"), hide_index=True,
                         width="stretch", height=min(35 * (cols.height + 1) + 3, 300))
            st.selectbox(tr("sql.column"), cols["column_name"].to_list(), key=f"col_{name}")
            st.form_submit_button(tr("sql.insert_column"), key=f"inscol_{name}", on_click=worksheet.insert_from,
                                  args=(f"col_{name}",))


def result_section(result: sandbox.Result) -> None:
    st.code(result.sql, language="sql")
    if not result.ok:
        st.error(result.message(ui.lang()), icon="⚠️")
        if result.position:
            st.code(result.position, language=None)
        return
    lang = ui.lang()
    elapsed, shown = seconds(result.elapsed), formats.integer(result.shown, lang)
    if not result.truncated:
        st.caption(ui.tr_counted("sql.shown_all", result.total, total=formats.integer(result.total, lang), elapsed=elapsed))
    elif result.total is not None:
        st.caption(tr("sql.shown_first", shown=shown, total=formats.integer(result.total, lang), elapsed=elapsed))
    else:
        st.caption(tr("sql.shown_first_unknown", shown=shown, elapsed=elapsed))
    rows: pl.DataFrame = result.rows
    if rows.height == 0:
        st.info(tr("sql.no_rows"))
    st.dataframe(rows, hide_index=True, width="stretch", column_config=grid_columns(rows),
                 placeholder="NULL")  # SQL's word for a missing value, not Python's "None"
    whole = download_frame(result) if rows.width else None
    if whole is not None:
        downloads(whole)
    quick_chart(rows)


def download_frame(result: sandbox.Result) -> pl.DataFrame | None:
    """The frame the downloads hold — the whole result — with what the page says about it; None
    while the whole result has not been fetched (or fetching it failed)."""
    lang = ui.lang()
    if not result.truncated:
        st.caption(ui.tr_counted("sql.download.all", result.rows.height, rows=formats.integer(result.rows.height, lang)))
        return result.rows
    full = worksheet.full_result(result.sql)
    if full is not None:
        if full.ok:
            if not full.truncated:
                st.success(tr("sql.full.ready", rows=formats.integer(full.rows.height, lang), elapsed=seconds(full.elapsed)))
            elif full.total is not None:
                st.warning(tr("sql.full.cut_of", cap=formats.integer(full.shown, lang), total=formats.integer(full.total, lang)),
                           icon="✂️")
            else:
                st.warning(tr("sql.full.cut", cap=formats.integer(full.shown, lang)), icon="✂️")
            return full.rows
        st.error(full.message(lang), icon="⚠️")
        if full.position:
            st.code(full.position, language=None)
    st.info(tr("sql.full.note", shown=formats.integer(result.shown, lang), cap=formats.integer(limits.download_rows, lang)))
    st.button(tr("sql.full.button"), key="sql_full_fetch", on_click=worksheet.fetch_full)
    return None


def downloads(whole: pl.DataFrame) -> None:
    """data is a callable: the file is made only when its button is clicked; a file of a store with
    synthetic data says so (queries/workbench.py)."""
    synthetic = data.synthetic()
    note = tr("sql.synthetic_note") if synthetic else None
    for column, (ext, label, make, mime) in zip(st.columns(3), workbench.DOWNLOADS):
        column.download_button(tr(label), partial(make, whole, note, ui.lang()),
                               workbench.download_name(ext, ui.lang(), synthetic), mime,
                               key=f"dl_{ext}", on_click="ignore")


def quick_chart(rows: pl.DataFrame) -> None:
    numeric = charts.numeric_columns(rows)
    if not (rows.height and numeric):
        return
    with st.expander(tr("sql.chart"), expanded=False):
        c1, c2, c3, c4 = st.columns(4)
        labels = [c for c in rows.columns if c not in numeric] or rows.columns
        x = c1.selectbox(tr("sql.chart_x"), rows.columns, key="chart_x", index=rows.columns.index(labels[0]))
        y = c2.selectbox(tr("sql.chart_y"), numeric, key="chart_y", index=len(numeric) - 1)
        none = tr("sql.chart_none")
        color = c3.selectbox(tr("sql.chart_color"), [none, *rows.columns], key="chart_color")
        kind = c4.selectbox(tr("sql.chart_kind"), charts.KINDS, key="chart_kind",
                            format_func=lambda k: tr(f"sql.chart_{k}"))
        ui.altair_chart(charts.quick_chart(rows, x, y, None if color == none else color, kind))


def save_section() -> None:
    with st.expander(tr("sql.save")):
        with st.form("sql_save_form", clear_on_submit=False, border=False):
            name = st.text_input(tr("sql.save_name"), key="save_name")
            title = st.text_input(tr("sql.save_title"), key="save_title")
            description = st.text_input(tr("sql.save_description"), key="save_description")
            if st.form_submit_button(tr("sql.save_button")):
                try:
                    path = workbench.save(name, title, description, worksheet.editor_text())
                    st.success(tr("sql.save.done", name=path.name))
                except workbench.SaveError as exc:
                    st.error(tr(exc.code, **exc.params))
                except OSError as exc:
                    st.error(str(exc))


def history_section() -> None:
    with st.expander(tr("sql.history")):
        history = worksheet.history()
        if not history:
            st.caption(tr("sql.history_empty"))
        for i, item in enumerate(history):
            h1, h2 = st.columns([5, 1])
            if item["error"]:
                status = item["error"]
            else:  # rows None: more than were counted, so the rows shown and a "+"
                count = (formats.integer(item["rows"], ui.lang()) if item["rows"] is not None
                         else f"{formats.integer(item.get('shown'), ui.lang())}+")
                status = f"{count} · {seconds(item['elapsed'])} s"
            h1.markdown(f"`{item['time']}` {status}")
            h1.code(item["sql"], language="sql")
            h2.button(tr("sql.load"), key=f"hist_{i}", on_click=worksheet.load, args=(item["sql"],))


def render() -> None:
    worksheet.start()
    examples()
    editor()
    with st.container():
        result = worksheet.result()
        if result is not None:
            result_section(result)
        save_section()
        history_section()


ui.guarded(render)
