"""The committee report as an Excel workbook (xlsxwriter): report, changes, legend and accounts sheets."""

from __future__ import annotations

import io

from queries import formats, markup
from queries.accounts import PARTS
from queries.report.model import Report, doc_title
from queries.texts import t


def to_xlsx(rep: Report) -> bytes:
    import xlsxwriter

    L = rep.lang
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": doc_title(rep), **({"comments": rep.synthetic_note} if rep.synthetic else {})})
    bold = wb.add_format({"bold": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDDDDD", "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    one_decimal = wb.add_format({"num_format": "0.0"})  # shown with one decimal, stored in full
    warn = wb.add_format({"bold": True, "font_color": "#9C2A00", "bg_color": "#FFE8D6"})

    def sheet(key: str, first: tuple[str, object] | None = None):
        """A worksheet with `first` (text, format) in its first row; when the figures are synthetic
        the note follows in the next row, and the printed page's header says it too. Returns the
        sheet and its first free row."""
        ws = wb.add_worksheet(t(key, L)[:31])
        top = 0
        if first is not None:
            ws.write(0, 0, *first)
            top = 1
        if rep.synthetic:
            ws.write(top, 0, f"🧪 {rep.synthetic_note}", warn)
            ws.set_header(f"&C&B{t('report.synthetic_header', L).replace('&', '&&')}")
            top += 1
        return ws, top

    ws, top = sheet("report.sheet.report", (rep.title, title))
    ws.write(top, 0, rep.heading)
    ws.write(top + 1, 0, f"{t('report.col.date', L)}: {rep.date_text}")
    ws.write(top + 2, 0, f"{t('report.col.round', L)}: {rep.round_id}")
    ws.write(top + 3, 0, rep.disclosure_note)
    # "Mål" is the target's name as Word, PDF and the page show it; its sentence in the source
    # document (two targets can share one) is a column of its own at the end
    cols = ["theme", "initiative", "initiative_state", "target", "target_value", "unit", "actual", "n", "ci_low",
            "ci_high", "measured", "followup", "state", "rule", "source", "target_text"]
    widths = [28, 34, 20, 40, 11, 10, 11, 8, 10, 10, 12, 14, 20, 50, 40, 60]
    r0 = top + 5
    for j, (c, w) in enumerate(zip(cols, widths)):
        ws.write(r0, j, t(f"report.col.{c}", L), head)
        ws.set_column(j, j, w, wrap if w >= 28 else None)
    row = r0 + 1
    for s, i, f in _all_targets(rep):
        ws.write(row, 0, s.title)
        ws.write(row, 1, i.name)
        ws.write(row, 2, f"{i.emoji} {i.label}")
        if f:
            ws.write(row, 3, f.short_text)
            _num_or_text(ws, row, 4, f.target_value, "")
            ws.write(row, 5, formats.unit_name(f.unit, L))
            _num_or_text(ws, row, 6, f.value, f.actual if f.suppressed or f.kind == "implementation" else "",
                         one_decimal)
            _num_or_text(ws, row, 7, f.n_value, f.n)
            _num_or_text(ws, row, 8, f.ci_low, "", one_decimal)
            _num_or_text(ws, row, 9, f.ci_high, "", one_decimal)
            ws.write(row, 10, f.measured)
            ws.write(row, 11, f.followup)
            ws.write(row, 12, f"{f.emoji} {f.label}")
            ws.write(row, 13, f.rule_text)
            ws.write(row, 14, f.source)
            ws.write(row, 15, markup.plain(f.text))
        row += 1
    ws.autofilter(r0, 0, max(row - 1, r0), len(cols) - 1)
    ws.freeze_panes(r0 + 1, 0)

    wc, top = sheet("report.sheet.changes", (rep.since_intro, bold))
    for j, c in enumerate(("initiative", "change", "before", "after", "details")):
        wc.write(top + 1, j, t(f"report.col.{c}", L), head)
    wc.set_column(0, 0, 45)
    wc.set_column(1, 1, 24)
    wc.set_column(4, 4, 80)
    row = top + 2
    for c in rep.changes:
        wc.write_row(row, 0, [c.name, c.change_label, c.before, c.after, "; ".join(c.details)])
        row += 1

    for c in rep.account_changes:  # accounts new or changed since the last meeting, in the same sheet
        wc.write_row(row, 0, [c.initiative, c.change_label, "", "", c.target])
        row += 1

    wl, top = sheet("report.sheet.legend", (rep.legend_intro, bold))
    wl.set_column(1, 1, 24)
    wl.set_column(2, 2, 110)
    for k, (_, e, lab, text) in enumerate(rep.legend, start=top):
        wl.write_row(k, 0, [e, lab, text])
    wl.write(top + len(rep.legend) + 1, 0, rep.disclosure_note)
    wa, top = sheet("report.sheet.accounts", (rep.title, bold))
    acols = ["theme", "initiative", "target", "state", "story", "partners", "action_plan", "next_step",
             "next_step_date", "version", "author", "written"]
    for j, (c, w) in enumerate(zip(acols, [28, 34, 40, 20, 60, 40, 60, 40, 14, 8, 20, 18])):
        wa.write(top + 1, j, t(f"account.part.{c}" if c in PARTS else
                               "account.next_step_date" if c == "next_step_date" else f"report.col.{c}", L), head)
        wa.set_column(j, j, w, wrap if w >= 28 else None)
    row = top + 2
    for s, i, a in rep.all_accounts():
        wa.write_row(row, 0, [s.title, i.name, a.target, f"{a.emoji} {a.label}",
                              *[markup.plain(a.texts.get(p)) for p in PARTS], a.next_step_date, a.version,
                              a.author, a.written])
        row += 1

    wb.close()
    return buf.getvalue()


def _all_targets(rep: Report):
    """One row per target with figures; an initiative without figures still gets one row."""
    for s in rep.sections:
        for i in s.items:
            if not i.figures:
                yield s, i, None
            for f in i.figures:
                yield s, i, f


def _num_or_text(ws, row: int, col: int, value, text: str, fmt=None) -> None:
    if value is not None:
        ws.write_number(row, col, float(value), fmt)
    elif text:
        ws.write_string(row, col, text)
