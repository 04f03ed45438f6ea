"""The committee report as a Word document (python-docx)."""

from __future__ import annotations

import io

from queries import markup
from queries.report.model import Report, doc_title
from queries.texts import t


def to_docx(rep: Report) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    L = rep.lang
    doc = Document()
    doc.core_properties.title = doc_title(rep)
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
            for a in i.accounts:
                doc.add_heading(f"{a.heading} {a.emoji}", level=3)
                doc.add_paragraph(a.meta).runs[0].italic = True
                for title, text in a.parts:
                    doc.add_paragraph().add_run(title).bold = True
                    _docx_markdown(doc, text)
                if a.next_by:
                    doc.add_paragraph().add_run(a.next_by).bold = True
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
    if rep.account_changes:
        doc.add_paragraph(rep.since_accounts)
        for c in rep.account_changes:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(c.initiative).bold = True
            p.add_run(f" – {c.target}: {c.change_label}")
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
