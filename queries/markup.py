"""The Markdown that catalogue and status texts carry, parsed for the report's exports.

Texts quoted from source documents (an initiative's passage, a status note, some target texts)
are written in Markdown, and the page shows them with st.markdown. Word, PDF, Excel and the print
view must show them the same way, not with their asterisks. Only the subset the texts use is
read — anything else stays text:

- paragraphs, separated by a blank line; a single line break inside one is a space (as Markdown);
- bullet lines "- x" (also "* x", "+ x", "• x") → a bullet list;
- numbered lines "1. x" → a numbered list (the numbers as written);
- emphasis: *x* or _x_ → italic, **x** or __x__ → bold (the marks only where Markdown takes them:
  the opening mark is followed, the closing preceded, by a non-space; _ not inside a word);
- a backslash before a mark keeps the mark ("\\*").

`blocks(text)` gives the structure, `plain(text)` the text without marks (for a spreadsheet
cell), `to_html(text)` escaped HTML with <em>, <strong>, <ul>/<ol>.

(markdown-it-py is not installed with this project's streamlit, and the subset is small.)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


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
    numbers: list[str] = field(default_factory=list)      # an ordered list's numbers, as written


_BULLET = re.compile(r"^\s{0,3}[-*+•]\s+(.*)$")
_NUMBER = re.compile(r"^\s{0,3}(\d{1,9})[.)]\s+(.*)$")
# strong before emphasis; the content of each may hold the other mark
_INLINE = re.compile(
    r"\\(?P<esc>[\\*_])"
    r"|(?P<m2>\*\*|__)(?=\S)(?P<strong>.+?)(?<=\S)(?P=m2)"
    r"|(?P<m1>\*|_)(?=[^\s*_])(?P<em>.+?)(?<=[^\s\\])(?P=m1)(?!(?P=m1))",
    re.S)


def inline(text: str, italic: bool = False, bold: bool = False) -> list[Run]:
    """A line's runs: text with its emphasis. Marks that do not pair up stay as text."""
    runs: list[Run] = []
    pos = 0

    def add(s: str, i: bool = italic, b: bool = bold) -> None:
        if not s:
            return
        if runs and (runs[-1].italic, runs[-1].bold) == (i, b):
            runs[-1] = Run(runs[-1].text + s, i, b)
        else:
            runs.append(Run(s, i, b))

    at = 0
    while (m := _INLINE.search(text, at)) is not None:
        start = m.start()
        mark = m.group("m2") or m.group("m1")
        # an underscore inside a word (snake_case, file_name) is not emphasis: look on after it
        if mark and mark[0] == "_" and (start > 0 and text[start - 1].isalnum()
                                        or m.end() < len(text) and text[m.end()].isalnum()):
            at = start + 1
            continue
        add(text[pos:start])
        if m.group("esc"):
            add(m.group("esc"))
        elif m.group("strong") is not None:
            for r in inline(m.group("strong"), italic, True):
                add(r.text, r.italic, r.bold)
        else:
            for r in inline(m.group("em"), True, bold):
                add(r.text, r.italic, r.bold)
        pos = at = m.end()
    add(text[pos:])
    return runs


def blocks(text: str | None) -> list[Block]:
    """The paragraphs and lists of a text (see the module's docstring)."""
    out: list[Block] = []
    lines: list[str] = []   # the current paragraph's lines
    current: Block | None = None  # the current list

    def end_paragraph() -> None:
        if lines:
            out.append(Block("p", inline(" ".join(s.strip() for s in lines))))
            lines.clear()

    def item_of(kind: str, body: str, number: str = "") -> None:
        nonlocal current
        end_paragraph()
        if current is None or current.kind != kind:
            current = Block(kind)
            out.append(current)
        current.items.append(inline(body.strip()))
        if kind == "ol":
            current.numbers.append(number)

    raw: list[list[str]] = [[]]   # a list item's lines, to join lazily continued ones
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            end_paragraph()
            current = None
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet:
            item_of("ul", bullet.group(1))
            raw.append([bullet.group(1)])
        elif number:
            item_of("ol", number.group(2), number.group(1))
            raw.append([number.group(2)])
        elif current is not None:  # a lazy continuation line of the list item above
            raw[-1].append(line)
            current.items[-1] = inline(" ".join(s.strip() for s in raw[-1]))
        else:
            lines.append(line)
    end_paragraph()
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
