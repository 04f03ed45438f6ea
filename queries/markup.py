"""The Markdown that catalogue and status texts carry, read for the report's exports.

Texts quoted from source documents (an initiative's passage, a status note, some target texts)
are written in Markdown, and the page shows them with st.markdown. Word, PDF, Excel and the print
view must show them the same way, not with their asterisks. markdown-it-py (CommonMark, the
parser the Executable Books projects use) reads the text; this module keeps what the exports draw:

- paragraphs; a single line break inside one is a space (CommonMark's soft break);
- bullet lists ("- x", "* x", "+ x"; a line starting "• " is read as one too, as the documents
  write it) and numbered lists ("1. x", numbered from their first number);
- emphasis: *x* / _x_ → italic, **x** / __x__ → bold, by CommonMark's rules (so "3 * 4 * 5",
  snake_case and "\\*" stay text);
- anything else (headings, quotes, code, links) as plain text of its own paragraph; raw HTML is
  not interpreted.

`blocks(text)` gives the structure, `plain(text)` the text without marks (for a spreadsheet
cell), `to_html(text)` escaped HTML with <em>, <strong>, <ul>/<ol>.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False})
_DOT_BULLET = re.compile(r"^(\s{0,3})•\s+", re.M)


@dataclass(frozen=True)
class Run:
    text: str
    italic: bool = False
    bold: bool = False


@dataclass
class Block:
    kind: str                                      # "p", "ul" or "ol"
    runs: list[Run] = field(default_factory=list)  # a paragraph's runs
    items: list[list[Run]] = field(default_factory=list)  # a list's items, each its runs
    numbers: list[str] = field(default_factory=list)      # an ordered list's numbers


def _runs(children) -> list[Run]:
    """An inline token's children as runs: text with its emphasis, soft breaks as spaces."""
    runs: list[Run] = []
    italic = bold = 0
    for tok in children or []:
        if tok.type in ("em_open", "em_close"):
            italic += 1 if tok.type == "em_open" else -1
            continue
        if tok.type in ("strong_open", "strong_close"):
            bold += 1 if tok.type == "strong_open" else -1
            continue
        text = {"softbreak": " ", "hardbreak": " "}.get(tok.type, tok.content)
        if not text:
            continue
        if runs and (runs[-1].italic, runs[-1].bold) == (italic > 0, bold > 0):
            runs[-1] = Run(runs[-1].text + text, italic > 0, bold > 0)
        else:
            runs.append(Run(text, italic > 0, bold > 0))
    return runs


def inline(text: str) -> list[Run]:
    """A line's runs: text with its emphasis."""
    tokens = _MD.parseInline(text)
    return _runs(tokens[0].children) if tokens else []


def blocks(text: str | None) -> list[Block]:
    """The paragraphs and lists of a text (see the module's docstring)."""
    out: list[Block] = []
    lists: list[Block] = []          # the lists open at this point (nested ones flatten into the outer)
    in_item = False
    for tok in _MD.parse(_DOT_BULLET.sub(r"\1- ", text or "")):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                out.append(Block("ul" if tok.type == "bullet_list_open" else "ol"))
            lists.append(lists[-1] if lists else out[-1])
            continue
        if tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            continue
        if tok.type == "list_item_open":
            block = lists[-1]
            block.items.append([])
            if block.kind == "ol":
                block.numbers.append(tok.info or str(len(block.numbers) + 1))
            in_item = True
            continue
        if tok.type == "list_item_close":
            in_item = False
            continue
        if tok.type == "inline" or tok.type in ("code_block", "fence"):
            runs = _runs(tok.children) if tok.type == "inline" else [Run(tok.content.rstrip("\n"))]
            if lists and in_item:
                item = lists[-1].items[-1]
                if item and runs:
                    runs = [Run(" " + runs[0].text, runs[0].italic, runs[0].bold), *runs[1:]]
                for r in runs:
                    if item and (item[-1].italic, item[-1].bold) == (r.italic, r.bold):
                        item[-1] = Run(item[-1].text + r.text, r.italic, r.bold)
                    else:
                        item.append(r)
            elif runs:
                out.append(Block("p", runs))
    return out


def plain_runs(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def plain(text: str | None) -> str:
    """The text without Markdown marks: paragraphs apart by a blank line, list items on lines of
    their own ("• x", "1. x") — for a cell or a title."""
    parts = []
    for b in blocks(text):
        if b.kind == "p":
            parts.append(plain_runs(b.runs))
        else:
            marks = [f"{n}." for n in b.numbers] if b.kind == "ol" else ["•"] * len(b.items)
            parts.append("\n".join(f"{m} {plain_runs(i)}" for m, i in zip(marks, b.items)))
    return "\n\n".join(parts)


def runs_html(runs: list[Run]) -> str:
    out = []
    for r in runs:
        s = html.escape(r.text)
        if r.italic:
            s = f"<em>{s}</em>"
        if r.bold:
            s = f"<strong>{s}</strong>"
        out.append(s)
    return "".join(out)


def to_html(text: str | None, css_class: str = "text") -> str:
    """Escaped HTML: <p class=…> per paragraph, <ul>/<ol> with <li>, <em>/<strong> for emphasis."""
    out = []
    for b in blocks(text):
        if b.kind == "p":
            out.append(f"<p class='{css_class}'>{runs_html(b.runs)}</p>")
        else:
            start = f" start='{int(b.numbers[0])}'" if b.kind == "ol" and b.numbers and b.numbers[0] != "1" else ""
            items = "".join(f"<li>{runs_html(i)}</li>" for i in b.items)
            out.append(f"<{b.kind} class='{css_class}'{start}>{items}</{b.kind}>")
    return "\n".join(out)
