"""The committee report of a round and its renderers.

- `model`: `build(con, round_id, lang, limit)` → `Report` (the 2013 report's shape, disclosure applied)
- `html`, `docx`, `xlsx`, `pdf`: one module per format, each `to_<format>(report)`

`render(report, fmt)` picks one; `FORMATS` and `MIME` name them.
"""

from __future__ import annotations

from queries.report.docx import to_docx
from queries.report.html import to_html
from queries.report.model import (ChangeLine, Figure, Item, Report, Section, _figure,
                                  build, doc_title)
from queries.report.pdf import to_pdf
from queries.report.xlsx import to_xlsx

FORMATS = ("docx", "pdf", "xlsx", "html")

__all__ = ["FORMATS", "MIME", "ChangeLine", "Figure", "Item", "Report", "Section",
           "build", "doc_title", "render", "to_docx", "to_html", "to_pdf", "to_xlsx", "_figure"]


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
