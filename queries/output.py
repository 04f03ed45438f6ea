"""Printing a polars frame as CSV, an aligned table, or Parquet — shared by every CLI command."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

FORMATS = ("table", "csv")


def add_format_args(parser, formats=FORMATS, default="table") -> None:
    parser.add_argument("--format", choices=formats, default=default, help="output format")
    parser.add_argument("--out", help="write to this file instead of standard output")


def write_frame(df: pl.DataFrame, fmt: str = "table", out: str | None = None) -> None:
    if fmt == "parquet":
        if not out:
            raise SystemExit("--format parquet needs --out FILE")
        df.write_parquet(out)
        return
    text = df.write_csv() if fmt == "csv" else table_text(df)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def table_text(df: pl.DataFrame, max_width: int = 48) -> str:
    """A plain aligned text table (no truncation of rows; long cells are cut at max_width)."""
    def cell(v) -> str:
        s = "" if v is None else str(v).replace("\n", " ")
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    rows = [[cell(v) for v in row] for row in df.iter_rows()]
    headers = df.columns
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(out) + "\n"
