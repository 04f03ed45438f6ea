"""The committee report as PDF (fpdf2, DejaVu Sans with Noto Color Emoji as fallback)."""

from __future__ import annotations

from pathlib import Path

from queries import markup
from queries.presentation import STYLES, emoji, label
from queries.report.model import Report, doc_title
from queries.texts import t
from queries.vocabulary import STATES

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# the smileys DejaVu Sans lacks (❔) are drawn from this colour emoji font when it is installed
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


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
    is drawn as its shape (presentation.STYLES, ❔ as ◆) and a note says so. Each smiley is followed by
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
        sym = STYLES[state or "none"].symbol
        return sym if all(ord(ch) in have for ch in sym) else ""

    def colour(state: str):
        c = STYLES[state or "none"].colour.lstrip("#")
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
    pdf.set_title(clean(doc_title(rep).replace("–", "-")))
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
    shapes = [f"{label(st, L)} = {mark(st)}" for st in STATES if mark(st) and mark(st) != emoji(st)]
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
            for a in i.accounts:
                pdf.ln(1)
                stateline(a.state, a.heading, 10, "B")
                para(a.meta, 8, "I", 4)
                for title, text in a.parts:
                    para(title, 9.5, "B", 4.6)
                    rich(text)
                if a.next_by:
                    para(a.next_by, 9.5, "B", 4.6)
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
    if rep.account_changes:
        para(rep.since_accounts)
        for c in rep.account_changes:
            para(f"• {c.initiative} – {c.target}: {c.change_label}", 10)
    if rep.previous_round_id and rep.unchanged:
        para(t("report.since_unchanged", L, n=rep.unchanged))
    return bytes(pdf.output())
