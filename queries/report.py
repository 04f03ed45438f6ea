"""The committee report of a round, in the shape of the 2013 status report, and its renderers.

`build(con, round_id, lang, limit)` reads the frozen snapshot (queries/rounds.py) and returns a
`Report`: heading, date, committee, a short introduction, the smiley legend in the 2013 document's
words (plus ⚪/❔ for Målbord's extra states), theme → initiative → smiley + label + text + key
figures, "Andre nye indsatser" for initiatives without a theme, and "Siden sidste møde".
Disclosure control (queries/disclosure.py) is applied here, so every renderer — HTML (print
view), Word, PDF, Excel — only ever sees what may leave the analyst role.

Renderers: `to_html`, `to_docx`, `to_pdf`, `to_xlsx`; `render(report, fmt)` picks one.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from queries import disclosure, markup, rounds, status
from queries.texts import t, t_or

FORMATS = ("docx", "pdf", "xlsx", "html")
STATES = ("green", "yellow", "red", "none", "unsure")
LEGEND_STATES = STATES
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# the smileys DejaVu Sans lacks (❔) are drawn from this colour emoji font when it is installed
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


# --- state presentation and numbers: the status module's (one smiley per state everywhere) ------

def emoji(state: str | None) -> str:
    return status.emoji(state)


def label(state: str | None, lang: str = "da", rule: str | None = None) -> str:
    """status.label: a target's ⚪ is told by its rule (the snapshot's `rule`), an initiative's by
    status.initiative_rule (not started / unknown); the legend uses the state's own label."""
    return status.label(state, lang, rule)


def _style(state: str | None) -> tuple[str, str]:
    """(text symbol, colour) of a state — for the PDF where a glyph is missing."""
    s = status.STYLES[state or "none"]
    return s.symbol, s.colour


def fmt_number(x: float | None, lang: str = "da") -> str:
    return "" if x is None else status.fmt_number(x, lang)


def fmt_value(x: float | None, unit: str | None, lang: str = "da") -> str:
    return "" if x is None else status.fmt_value(x, unit, lang)


def fmt_date(d: dt.date | None, lang: str = "da") -> str:
    """DD-MM-YYYY (with the time for a timestamp) in both languages, like every page of the app."""
    return status.fmt_date(d, with_time=True)


# --- the model -------------------------------------------------------------------------------------

@dataclass
class Figure:
    target_id: str
    text: str
    short_text: str
    kind: str | None
    unit: str | None
    state: str
    emoji: str
    label: str
    target: str            # target value as text
    actual: str            # actual as shown ('' none, '<5' hidden count, '–' hidden share)
    n: str
    interval: str
    measured: str
    followup: str
    rule_text: str
    source: str
    suppressed: bool
    # disclosed numbers for the spreadsheet (None where hidden or missing)
    target_value: float | None = None
    value: float | None = None
    n_value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    proposed: str = "none"


@dataclass
class Item:
    initiative_id: str
    name: str
    state: str
    emoji: str
    label: str
    text: str
    implementation_state: str | None
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Section:
    title: str
    theme_id: str | None
    items: list[Item] = field(default_factory=list)


@dataclass
class ChangeLine:
    initiative_id: str
    name: str
    change: str            # new, ended, state, figures, same, first
    change_label: str
    before: str            # emoji or ''
    after: str
    details: list[str] = field(default_factory=list)


@dataclass
class Report:
    round_id: str
    committee_id: str
    committee_name: str
    title: str
    meeting_date: dt.date
    date_text: str
    heading: str
    intro: str
    legend_intro: str
    legend: list[tuple[str, str, str, str]]   # (state, emoji, label, text)
    sections: list[Section]
    since_title: str
    since_intro: str
    changes: list[ChangeLine]
    unchanged: int
    previous_round_id: str | None
    disclosure_note: str
    lang: str
    limit: int
    synthetic: bool = False        # figures from synthetic demo data (rounds.is_synthetic)
    synthetic_note: str = ""       # said first in every export, and on every page/sheet, when synthetic

    def all_figures(self):
        for s in self.sections:
            for i in s.items:
                for f in i.figures:
                    yield s, i, f


def _figure(r: dict, lang: str, limit: int) -> Figure:
    # an effect is a difference, not a count or a share of n: only its n is checked (as on the
    # overview and the initiative page), so "1,4 personer" more than control is not shown as "<5"
    unit = None if r["kind"] == "effect" and r["arm"] == "effect" else r["unit"]
    d = disclosure.disclose_share(r["value"], r["numerator"], r["n"], r["ci_low"], r["ci_high"], unit, limit, lang)
    actual = disclosure.value_text(d, r["value"], r["unit"], limit, lambda v: fmt_value(v, r["unit"], lang))
    interval = ""
    if d.ci_low is not None and d.ci_high is not None:
        interval = status.fmt_interval(d.ci_low, d.ci_high, r["unit"], lang)
    state = r["final"] or "none"
    shown = label(state, lang, r.get("rule"))
    if r["kind"] == "implementation":  # judged on the initiative's implementation state: that is its actual
        impl = r.get("implementation_state")
        actual = t_or(f"impl.{impl}", lang, impl or "") if impl else ""
    return Figure(
        target_id=r["target_id"], text=r["target_text"], short_text=r["short_text"] or r["target_text"],
        kind=r["kind"], unit=r["unit"], state=state, emoji=emoji(state), label=shown,
        target=fmt_value(r["target_value"], r["unit"], lang), actual=actual, n=d.n_text, interval=interval,
        measured=fmt_date(r["measured_as_of"], lang), followup=fmt_date(r["next_followup"], lang),
        # the rule text quotes the actual, n and interval: not shown when disclosure hides them
        rule_text=(t("report.rule_hidden", lang, label=shown, limit=limit) if d.suppressed
                   else (lang == "en" and r.get("rule_text_en")) or r["rule_text"] or ""),
        source=status.origin_label(r["source"], lang), suppressed=d.suppressed,
        target_value=r["target_value"], value=d.value, n_value=d.n, ci_low=d.ci_low, ci_high=d.ci_high,
        proposed=r["proposed"] or "none",
    )


def _state_text(state: str | None, lang: str, rule: str | None) -> str:
    """A state as 'Siden sidste møde' names it: smiley and label, for ⚪ the reason ('⚪ Ikke startet')."""
    return f"{emoji(state)} {label(state, lang, rule)}"


def _shown_value(r: dict | None, col: str, lang: str, limit: int) -> str:
    """A before/after figure in 'Siden sidste møde', disclosed like the report."""
    if r is None:
        return ""
    # an effect is a difference, not a count or a share of n: only its n is checked (as on the
    # overview and the initiative page), so "1,4 personer" more than control is not shown as "<5"
    unit = None if r["kind"] == "effect" and r["arm"] == "effect" else r["unit"]
    d = disclosure.disclose_share(r["value"], r["numerator"], r["n"], r["ci_low"], r["ci_high"], unit, limit, lang)
    if col == "value":
        return disclosure.value_text(d, r["value"], r["unit"], limit, lambda v: fmt_value(v, r["unit"], lang)) or "–"
    if col == "n":
        return d.n_text or "–"
    if col == "numerator":
        return d.numerator_text or "–"
    if col in ("ci_low", "ci_high"):
        v = getattr(d, col)
        return fmt_number(v, lang) if v is not None else "–"
    if col == "measured_as_of":
        return fmt_date(r["measured_as_of"], lang) or "–"
    if col == "final":
        return _state_text(r["final"], lang, r.get("rule"))
    return str(r.get(col))


def build(con: duckdb.DuckDBPyConnection, round_id: str, lang: str = "da", limit: int | None = None) -> Report:
    limit = disclosure.threshold(limit, con)
    info = rounds.round_info(con, round_id)
    if info is None:
        raise KeyError(round_id)
    snap = rounds.snapshot(con, round_id)
    rows = snap.to_dicts()
    committee_name = (info.get("committee_name_en") if lang == "en" else None) or info.get("committee_name") \
        or info["committee_id"]
    sections: dict[str | None, Section] = {}
    items: dict[str, Item] = {}
    for r in rows:
        key = r["theme_id"]
        if key not in sections:
            title = t("report.theme", lang, number=r["theme_number"], title=r["theme_title"]) if key \
                else t("report.section.other", lang)
            sections[key] = Section(title, key)
        iid = r["initiative_id"]
        if iid not in items:
            st = r["initiative_state"] or "none"
            why = status.initiative_rule(st, r["implementation_state"])
            items[iid] = Item(iid, r["initiative_name"], st, emoji(st), label(st, lang, why), r["initiative_text"] or "",
                              r["implementation_state"])
            sections[key].items.append(items[iid])
        # every target the intro counts, implementation targets too (as Overblik lists them)
        items[iid].figures.append(_figure(r, lang, limit))
    ordered = [s for k, s in sections.items() if k is not None] + ([sections[None]] if None in sections else [])

    ch = rounds.changes_since_previous(con, round_id)
    prev_rows = {r["target_id"]: r for r in rounds.snapshot(con, ch.previous_round_id).to_dicts()} \
        if ch.previous_round_id else {}
    cur_rows = {r["target_id"]: r for r in rows}
    lines, unchanged = [], 0
    for c in ch.initiatives.to_dicts():
        if c["change"] in ("same", "first"):
            unchanged += c["change"] == "same"
            continue
        details = []
        if ch.figures.height:
            for f in ch.figures.filter(ch.figures["initiative_id"] == c["initiative_id"]).to_dicts():
                old, new = prev_rows.get(f["target_id"]), cur_rows.get(f["target_id"])
                for col in f["changed"].split(","):
                    if col in ("ci_low", "ci_high", "numerator"):
                        continue
                    before, after = _shown_value(old, col, lang, limit), _shown_value(new, col, lang, limit)
                    if before != after:
                        name = f["short_text"] if col == "value" else f"{f['short_text']} ({t('report.col.' + {'n': 'n', 'measured_as_of': 'measured', 'final': 'state'}.get(col, 'actual'), lang)})"
                        details.append(t("report.change.figure_line", lang, target=name, before=before, after=after))
        if c["change"] == "state":  # the state in words, so that ⚪ → ⚪ with a new reason reads as news
            details.insert(0, t("report.change.figure_line", lang, target=t("report.col.initiative_state", lang),
                                before=_state_text(c["state_before"], lang, c["rule_before"]),
                                after=_state_text(c["state_after"], lang, c["rule_after"])))
        if c["change"] == "figures" and not details:
            unchanged += 1  # only hidden figures moved: nothing that may be shown changed
            continue
        lines.append(ChangeLine(c["initiative_id"], c["initiative_name"], c["change"],
                                t(f"report.change.{c['change']}", lang),
                                emoji(c["state_before"]) if c["state_before"] else "",
                                emoji(c["state_after"]) if c["state_after"] else "", details))
    if ch.previous_round_id:
        prev_info = rounds.round_info(con, ch.previous_round_id)
        since_intro = t("report.since_intro", lang, previous=ch.previous_round_id,
                        date=fmt_date(prev_info["meeting_date"], lang))
    else:
        since_intro = t("report.since_first", lang)

    date_text = fmt_date(info["meeting_date"], lang)
    n_init = len(items)
    synthetic = rounds.is_synthetic(con, round_id)
    return Report(
        round_id=round_id, committee_id=info["committee_id"], committee_name=committee_name,
        title=info["title"] or t("report.title_fallback", lang), meeting_date=info["meeting_date"],
        date_text=date_text, heading=t("report.heading", lang, committee=committee_name),
        intro=t("report.intro", lang, date=date_text, n_init=n_init, n_targets=len(rows),
                frozen=fmt_date(info.get("frozen_at"), lang)),
        legend_intro=t("report.legend_intro", lang),
        legend=[(s, emoji(s), label(s, lang), t(f"report.legend.{s}", lang)) for s in LEGEND_STATES],
        sections=ordered, since_title=t("report.since", lang), since_intro=since_intro, changes=lines,
        unchanged=unchanged, previous_round_id=ch.previous_round_id,
        disclosure_note=t("report.disclosure", lang, limit=limit), lang=lang, limit=limit,
        synthetic=synthetic, synthetic_note=t("report.synthetic", lang) if synthetic else "",
    )


def _doc_title(rep: Report) -> str:
    """The file's title (document properties, HTML <title>) — marked when the figures are synthetic."""
    head = f"{rep.title} – {rep.committee_id} {rep.date_text}"
    return f"{head} ({t('report.synthetic_short', rep.lang)})" if rep.synthetic else head


# --- HTML (print view) -----------------------------------------------------------------------------

_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; color: #111; max-width: 52em; margin: 1em auto; }
h1 { font-size: 16pt; } h2 { font-size: 13.5pt; margin-top: 1.4em; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; margin-bottom: .2em; } .smiley { font-size: 1.25em; }
.meta { color: #444; } .legend p { margin: .25em 0; } .label { font-weight: normal; color: #333; }
table.fig { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: .4em 0 1em; }
table.fig th, table.fig td { border: 1px solid #bbb; padding: 2px 4px; text-align: left; vertical-align: top; }
.note { font-size: 9pt; color: #444; } ul.text, ol.text { margin: .3em 0; }
.synthetic { font-weight: bold; color: #9c2a00; border: 2px solid #9c2a00; padding: .4em .6em; }
@media print { body { max-width: none; margin: 0; } h2 { page-break-after: avoid; }
  .item { page-break-inside: avoid; } }
"""


def _e(s) -> str:
    return html.escape("" if s is None else str(s))


def to_html(rep: Report, full: bool = True) -> str:
    L = rep.lang
    out = [f"<p class='synthetic'>🧪 {_e(rep.synthetic_note)}</p>"] if rep.synthetic else []
    out += [f"<p class='meta'>{_e(rep.heading)}</p>", f"<p class='meta'>{_e(rep.date_text)}</p>",
            f"<h1>{_e(rep.title)}</h1>", f"<p>{_e(rep.intro)}</p>", "<div class='legend'>",
            f"<p>{_e(rep.legend_intro)}</p>"]
    out += [f"<p><span class='smiley'>{e}</span> <b>{_e(lab)}</b>: {_e(text)}</p>" for _, e, lab, text in rep.legend]
    out += ["</div>", f"<p class='note'>{_e(rep.disclosure_note)}</p>"]
    heads = [t(f"report.col.{c}", L) for c in ("target", "target_value", "actual", "n", "interval", "measured",
                                                 "followup", "state")]
    for s in rep.sections:
        out.append(f"<h2>{_e(s.title)}</h2>")
        for i in s.items:
            out.append(f"<div class='item'><h3>{_e(i.name)} <span class='smiley'>{i.emoji}</span> "
                       f"<span class='label'>{_e(i.label)}</span></h3>")
            out.append(markup.to_html(i.text))  # the text's Markdown as the page shows it, escaped
            if i.figures:
                out.append("<table class='fig'><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr>")
                for f in i.figures:
                    cells = [f.short_text, f.target, f.actual, f.n, f.interval, f.measured, f.followup,
                             f"{f.emoji} {f.label}"]
                    out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
                out.append("</table>")
            out.append("</div>")
    out += [f"<h2>{_e(rep.since_title)}</h2>", f"<p>{_e(rep.since_intro)}</p>"]
    if rep.previous_round_id and not rep.changes:
        out.append(f"<p>{_e(t('report.since_none', L))}</p>")
    if rep.changes:
        out.append("<ul>")
        for c in rep.changes:
            arrow = f" {c.before} → {c.after}" if c.change == "state" else ""
            sub = "".join(f"<li>{_e(d)}</li>" for d in c.details)
            out.append(f"<li><b>{_e(c.name)}</b>: {_e(c.change_label)}{arrow}"
                       + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        out.append("</ul>")
    if rep.previous_round_id and rep.unchanged:
        out.append(f"<p>{_e(t('report.since_unchanged', L, n=rep.unchanged))}</p>")
    body = "\n".join(out)
    if not full:
        return f"<style>{_CSS}</style>\n{body}"
    return (f"<!doctype html><html lang='{L}'><head><meta charset='utf-8'><title>{_e(_doc_title(rep))}</title>"
            f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>")


# --- Word --------------------------------------------------------------------------------------------

def to_docx(rep: Report) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    L = rep.lang
    doc = Document()
    doc.core_properties.title = _doc_title(rep)
    if rep.synthetic:  # first thing on the first page
        note = doc.add_paragraph().add_run(f"🧪 {rep.synthetic_note}")
        note.bold = True
        note.font.color.rgb = RGBColor(0x9C, 0x2A, 0x00)
        doc.core_properties.comments = rep.synthetic_note
        # and at the top of every page, so a page printed on its own still says it
        head = doc.sections[0].header.paragraphs[0].add_run(f"🧪 {t('report.synthetic_header', L)}")
        head.bold = True
        head.font.size = Pt(9)
        head.font.color.rgb = RGBColor(0x9C, 0x2A, 0x00)
    doc.add_paragraph(rep.heading)
    doc.add_paragraph(rep.date_text)
    doc.add_heading(rep.title, level=0)
    doc.add_paragraph(rep.intro)
    doc.add_paragraph(rep.legend_intro)
    for _, e, lab, text in rep.legend:
        p = doc.add_paragraph()
        p.add_run(e + " ").font.size = Pt(14)
        p.add_run(lab + ": ").bold = True
        p.add_run(text)
    doc.add_paragraph(rep.disclosure_note).runs[0].italic = True
    heads = [t(f"report.col.{c}", L) for c in ("target", "target_value", "actual", "n", "interval", "measured",
                                                 "followup", "state")]
    for s in rep.sections:
        doc.add_heading(s.title, level=1)
        for i in s.items:
            doc.add_heading(f"{i.name} {i.emoji}", level=2)
            doc.add_paragraph(f"{t('report.state_of', L)}: {i.emoji} {i.label}").runs[0].italic = True
            _docx_markdown(doc, i.text)
            if i.figures:
                table = doc.add_table(rows=1, cols=len(heads))
                table.style = "Table Grid"
                for cell, h in zip(table.rows[0].cells, heads):
                    cell.text = h
                    cell.paragraphs[0].runs[0].bold = True
                for f in i.figures:
                    cells = table.add_row().cells
                    for cell, v in zip(cells, [f.short_text, f.target, f.actual, f.n, f.interval, f.measured,
                                               f.followup, f"{f.emoji} {f.label}"]):
                        cell.text = v
    doc.add_heading(rep.since_title, level=1)
    doc.add_paragraph(rep.since_intro)
    if rep.previous_round_id and not rep.changes:
        doc.add_paragraph(t("report.since_none", L))
    for c in rep.changes:
        arrow = f" {c.before} → {c.after}" if c.change == "state" else ""
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(c.name).bold = True
        p.add_run(f": {c.change_label}{arrow}")
        for d in c.details:
            doc.add_paragraph(d, style="List Bullet 2")
    if rep.previous_round_id and rep.unchanged:
        doc.add_paragraph(t("report.since_unchanged", L, n=rep.unchanged))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_runs(paragraph, runs: list[markup.Run]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        run.italic, run.bold = r.italic or None, r.bold or None


def _docx_markdown(doc, text: str | None) -> None:
    """A text's Markdown (queries/markup.py) as Word paragraphs: emphasis as italic/bold runs,
    bullet lines as 'List Bullet' paragraphs, numbered lines with their numbers as written."""
    for b in markup.blocks(text):
        if b.kind == "p":
            _docx_runs(doc.add_paragraph(), b.runs)
        for k, item in enumerate(b.items):
            p = doc.add_paragraph(style="List Bullet" if b.kind == "ul" else "List")
            if b.kind == "ol":
                p.add_run(f"{b.numbers[k]}. ")
            _docx_runs(p, item)


# --- Excel -------------------------------------------------------------------------------------------

def to_xlsx(rep: Report) -> bytes:
    import xlsxwriter

    L = rep.lang
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": _doc_title(rep), **({"comments": rep.synthetic_note} if rep.synthetic else {})})
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
            ws.write(row, 5, status.unit_label(f.unit, L))
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

    wl, top = sheet("report.sheet.legend", (rep.legend_intro, bold))
    wl.set_column(1, 1, 24)
    wl.set_column(2, 2, 110)
    for k, (_, e, lab, text) in enumerate(rep.legend, start=top):
        wl.write_row(k, 0, [e, lab, text])
    wl.write(top + len(rep.legend) + 1, 0, rep.disclosure_note)
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


# --- PDF ---------------------------------------------------------------------------------------------

def _pdf_fonts() -> dict[str, Path] | None:
    """DejaVu Sans in its four styles ('', B, I, BI), or None when it is not installed."""
    files = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
             "BI": "DejaVuSans-BoldOblique.ttf"}
    paths = {style: FONT_DIR / name for style, name in files.items()}
    return paths if all(p.exists() for p in paths.values()) else None


def _glyphs(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont
    return set(TTFont(str(path)).getBestCmap())


def to_pdf(rep: Report) -> bytes:
    """PDF via fpdf2 with DejaVu Sans (it has 😊 😐 😞 ⚪) and, for ❔ which DejaVu lacks, Noto Color
    Emoji as a fallback font — the same smiley as on every page. Where neither font has a smiley it
    is drawn as its shape (status.STYLES, ❔ as ◆) and a note says so. Each smiley is followed by
    the state's label, so the state reads in words too (and in text extraction). When the figures
    are synthetic, every page's header says so."""
    from fpdf import FPDF

    L = rep.lang
    fonts = _pdf_fonts()

    class Pdf(FPDF):
        def header(self):
            if rep.synthetic:  # on every page, so a page printed on its own still says it
                self.set_font(family, "B", 8)
                self.set_text_color(0x9C, 0x2A, 0x00)
                self.cell(0, 4, clean(t("report.synthetic_header", L)), align="C", new_x="LMARGIN", new_y="NEXT")
                self.set_text_color(0, 0, 0)
                self.ln(2)

    pdf = Pdf(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(18, 15, 18)
    if fonts:
        for style, path in fonts.items():
            pdf.add_font("DejaVu", style, str(path))
        family, have = "DejaVu", _glyphs(fonts[""])
        if EMOJI_FONT.exists():
            pdf.add_font("Emoji", "", str(EMOJI_FONT))
            pdf.set_fallback_fonts(["Emoji"], exact_match=False)
            have = have | _glyphs(EMOJI_FONT)
    else:  # no Unicode font: core font, latin-1 only; states as shapes-in-words
        family, have = "Helvetica", set(range(256))

    def clean(s: str) -> str:
        if fonts:
            return "".join(ch if ord(ch) in have or ch in "\n" else "?" for ch in s)
        return s.replace("–", "-").replace("→", "->").replace("”", '"').replace("“", '"').replace("•", "-") \
            .encode("latin-1", "replace").decode("latin-1")

    def mark(state: str) -> str:
        e = emoji(state)
        if all(ord(ch) in have for ch in e):
            return e
        sym = _style(state)[0]
        return sym if all(ord(ch) in have for ch in sym) else ""

    def colour(state: str):
        c = _style(state)[1].lstrip("#")
        pdf.set_text_color(int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16))

    def para(text: str, size: float = 10, style: str = "", h: float = 5):
        pdf.set_font(family, style, size)
        pdf.multi_cell(0, h, clean(text), new_x="LMARGIN", new_y="NEXT")

    def runs(items: list[markup.Run], size: float, h: float):
        for r in items:
            pdf.set_font(family, ("B" if r.bold else "") + ("I" if r.italic else ""), size)
            pdf.write(h, clean(r.text))
        pdf.ln(h)

    def rich(text: str | None, size: float = 9.5, h: float = 4.6):
        """A text's Markdown (queries/markup.py): emphasis in italic/bold, list items indented with
        their bullet or number."""
        left = pdf.l_margin
        for b in markup.blocks(text):
            if b.kind == "p":
                runs(b.runs, size, h)
            for k, item in enumerate(b.items):
                pdf.set_font(family, "", size)
                pdf.set_x(left + 2)
                pdf.write(h, clean(f"{b.numbers[k]}." if b.kind == "ol" else "•"))
                pdf.set_left_margin(left + 7)
                pdf.set_x(left + 7)
                runs(item, size, h)
                pdf.set_left_margin(left)
            pdf.ln(1)

    def stateline(state: str, text: str, size: float = 10, style: str = ""):
        pdf.set_font(family, style, size)
        m = mark(state)
        if m:
            colour(state)
            pdf.write(5, m + " ")
            pdf.set_text_color(0, 0, 0)
        pdf.write(5, clean(text))
        pdf.ln(6)

    pdf.add_page()
    pdf.set_title(clean(_doc_title(rep).replace("–", "-")))
    if rep.synthetic:  # the whole note first on the first page, in a box
        pdf.set_text_color(0x9C, 0x2A, 0x00)
        pdf.set_draw_color(0x9C, 0x2A, 0x00)
        pdf.set_font(family, "B", 10)
        pdf.multi_cell(0, 5, clean(rep.synthetic_note), border=1, padding=2, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)
        pdf.ln(2)
    para(rep.heading)
    para(rep.date_text)
    pdf.ln(2)
    para(rep.title, 15, "B", 7)
    pdf.ln(2)
    para(rep.intro)
    pdf.ln(1)
    para(rep.legend_intro)
    for state, _, lab, text in rep.legend:
        stateline(state, f"{lab}: {text}")
    para(rep.disclosure_note, 8)
    shapes = [f"{label(st, L)} = {mark(st)}" for st in LEGEND_STATES if mark(st) and mark(st) != emoji(st)]
    if shapes:
        para(t("report.pdf_shapes", L, shapes=", ".join(shapes)), 8)
    for s in rep.sections:
        pdf.ln(3)
        para(s.title, 13, "B", 6)
        for i in s.items:
            pdf.ln(1)
            stateline(i.state, f"{i.name} — {i.label}", 11, "B")
            rich(i.text)
            for f in i.figures:
                bits = [f"{t('report.col.target_value', L)}: {f.target or '–'}",
                        f"{t('report.col.actual', L)}: {f.actual or '–'}"]
                if f.n:
                    bits.append(f"n = {f.n}")
                if f.interval:
                    bits.append(f"{t('report.col.interval', L)}: {f.interval}")
                if f.measured:
                    bits.append(f"{t('report.col.measured', L)} {f.measured}")
                if f.followup:
                    bits.append(f"{t('report.col.followup', L)}: {f.followup}")
                pdf.set_x(pdf.l_margin + 4)
                stateline(f.state, f"{f.label} · {f.short_text}", 9, "B")
                pdf.set_x(pdf.l_margin + 4)
                pdf.set_font(family, "", 8.5)
                pdf.multi_cell(0, 4.2, clean(" · ".join(bits)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    para(rep.since_title, 13, "B", 6)
    para(rep.since_intro)
    if rep.previous_round_id and not rep.changes:
        para(t("report.since_none", L))
    for c in rep.changes:
        arrow = f" {c.before} → {c.after}" if c.change == "state" else ""
        para(f"• {c.name}: {c.change_label}{arrow}", 10, "B")
        for d in c.details:
            para(f"   – {d}", 9)
    if rep.previous_round_id and rep.unchanged:
        para(t("report.since_unchanged", L, n=rep.unchanged))
    return bytes(pdf.output())


def render(rep: Report, fmt: str) -> bytes:
    if fmt == "docx":
        return to_docx(rep)
    if fmt == "pdf":
        return to_pdf(rep)
    if fmt == "xlsx":
        return to_xlsx(rep)
    if fmt == "html":
        return to_html(rep).encode("utf-8")
    raise ValueError(fmt)


MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}
