"""Reading tabular files as Danish municipal systems export them — for every import.

`read_table(source, spec, name)` takes a file (path or bytes) and a column spec and returns a
`Table`: a polars frame with the spec's canonical column names and types, a `row` column holding
the row number as the user sees it in a spreadsheet (header = row 1), the file's SHA-256 and every
`Problem` found (file, row, column, value, reason). Nothing raises for bad input; callers decide.

What it accepts:
- CSV separated by `;` or `,` (detected from the header line), UTF-8 with or without BOM, or
  Windows-1252 (cp1252); a file with NUL bytes or bytes undefined in cp1252 is `err.encoding`.
- Excel `.xlsx` (first sheet) through polars' calamine engine (fastexcel).
- Column headers in any order, English or Danish (aliases in the spec), any case, surrounding
  spaces ignored. Unknown columns are `err.extra_column` unless the spec allows extras.
- Numbers with decimal comma or point (`12,5` / `12.5`), Danish thousands (`1.234,5`), a trailing
  `%`, spaces, a minus sign `−` as well as `-`. A number with only a comma is read as a decimal comma (Danish convention); in a
  `;`-separated file `1.234` is read as 1234 (Danish thousands), in a `,`-separated file as 1.234.
- Dates `dd-mm-yyyy`, `dd.mm.yyyy`, `dd/mm/yyyy` or ISO `yyyy-mm-dd` (a time part is ignored).

Every cell is read as text first (polars, `infer_schema=False`) and then converted per column with
vectorised expressions, so a bad cell becomes a Problem rather than a failed parse, also for files
of a million rows.
"""

from __future__ import annotations

import datetime as dt

import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import polars as pl

from queries.problems import Problem

ROW = "row"  # the row-number column added to every Table frame
KINDS = ("text", "number", "integer", "date")


@dataclass(frozen=True)
class Column:
    """One column of a spec: canonical name, accepted header names, kind, required or default."""

    name: str
    kind: str = "text"
    aliases: tuple[str, ...] = ()
    required: bool = True          # the column must be present
    nonempty: bool = True          # (when present) every cell must have a value
    default: object = None         # value when the column is absent

    def headers(self) -> set[str]:
        return {_norm(h) for h in (self.name, *self.aliases)}


@dataclass
class Table:
    file: str
    frame: pl.DataFrame
    content_hash: str
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # canonical name -> header as written

    @property
    def ok(self) -> bool:
        return not self.problems


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _norm(header: str) -> str:
    return re.sub(r"\s+", "_", str(header).strip().lstrip("\ufeff").strip().lower())


def _empty_frame(spec: Sequence[Column]) -> pl.DataFrame:
    return pl.DataFrame(schema={ROW: pl.Int64, **{c.name: _dtype(c.kind) for c in spec}})


def _dtype(kind: str):
    return {"text": pl.String, "number": pl.Float64, "integer": pl.Int64, "date": pl.Date}[kind]


def is_xlsx(data: bytes, name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding) — UTF-8 (BOM stripped) or cp1252; (None, None) when neither fits."""
    if b"\x00" in data:
        return None, None  # UTF-16/32 or binary
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None, None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None, None


def _raw_csv(data: bytes, name: str) -> tuple[pl.DataFrame | None, list[Problem], str | None, str | None]:
    text, encoding = decode(data)
    if text is None:
        return None, [Problem(name, None, None, "err.encoding")], None, None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Problem(name, None, None, "err.empty_file")], encoding, None
    header = text.split("\n", 1)[0]
    counts = {sep: _count_outside_quotes(header, sep) for sep in (";", ",")}
    if not any(counts.values()):
        return None, [Problem(name, 1, None, "err.separator", header)], encoding, None
    sep = ";" if counts[";"] >= counts[","] else ","
    try:
        raw = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=sep, infer_schema=False,
                          has_header=True, raise_if_empty=False, truncate_ragged_lines=False)
    except Exception as exc:  # ragged lines, broken quotes …
        return None, _ragged(text, sep, name) or \
            [Problem(name, None, None, "err.csv_parse", params={"detail": _first_line(exc)})], encoding, sep
    return raw, [], encoding, sep


def _ragged(text: str, sep: str, name: str) -> list[Problem]:
    """Rows with more fields than the header (the usual reason polars cannot parse a file)."""
    import csv
    problems = []
    try:
        reader = csv.reader(io.StringIO(text), delimiter=sep)
        header = next(reader)
        for i, fields in enumerate(reader, start=2):
            if len(fields) > len(header):
                problems.append(Problem(name, i, "*", "err.too_many_fields", sep.join(fields),
                                        {"n": len(fields), "expected": len(header)}))
    except csv.Error:
        return problems
    return problems


def _count_outside_quotes(line: str, sep: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            n += 1
    return n


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def _raw_xlsx(data: bytes, name: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    try:
        raw = pl.read_excel(io.BytesIO(data), engine="calamine", infer_schema_length=0,
                            drop_empty_rows=False, raise_if_empty=False)
    except Exception as exc:
        return None, [Problem(name, None, None, "err.xlsx", params={"detail": _first_line(exc)})]
    raw = raw.select(pl.all().cast(pl.String))
    # calamine writes dates as "2024-01-31 00:00:00" and whole numbers as "12.0": both convert fine
    return raw, []


def read_table(source: Path | str | bytes, spec: Sequence[Column], name: str | None = None,
               allow_extra: bool = False) -> Table:
    """Read and convert one file against `spec`. Never raises for bad content."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        data = path.read_bytes()
    else:
        data = bytes(source)
        name = name or "fil"
    digest = sha256(data)
    if not data.strip():
        return Table(name, _empty_frame(spec), digest, [Problem(name, None, None, "err.empty_file")])
    encoding = separator = None
    if is_xlsx(data, name):
        raw, problems = _raw_xlsx(data, name)
        encoding = "xlsx"
    else:
        raw, problems, encoding, separator = _raw_csv(data, name)
    if raw is None:
        return Table(name, _empty_frame(spec), digest, problems, encoding, separator)
    table = convert(raw, spec, name, allow_extra, danish=separator == ";")
    table.content_hash, table.encoding, table.separator = digest, encoding, separator
    return table


def convert(raw: pl.DataFrame, spec: Sequence[Column], name: str, allow_extra: bool = False,
            danish: bool = False) -> Table:
    """Map headers to the spec, drop blank rows, convert each column; collect every problem."""
    problems: list[Problem] = []
    by_header: dict[str, Column] = {}
    for col in spec:
        for h in col.headers():
            by_header[h] = col
    mapping: dict[str, str] = {}  # raw header -> canonical name
    seen: dict[str, str] = {}
    for header in raw.columns:
        key = _norm(header)
        col = by_header.get(key)
        if col is None:
            if not allow_extra and key and not key.startswith("_duplicated_"):
                problems.append(Problem(name, 1, str(header).strip(), "err.extra_column"))
            continue
        if col.name in seen:
            problems.append(Problem(name, 1, str(header).strip(), "err.duplicate_column",
                                    params={"other": seen[col.name]}))
            continue
        seen[col.name] = str(header).strip()
        mapping[header] = col.name
    for col in spec:
        if col.required and col.name not in seen:
            problems.append(Problem(name, None, col.name, "err.missing_column"))

    frame = raw.select([pl.col(h).alias(c) for h, c in mapping.items()]) if mapping else \
        pl.DataFrame({"_": [None] * raw.height}, schema={"_": pl.String})
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    data_cols = [c for c in frame.columns if c not in (ROW, "_")]
    # drop rows where every cell is blank (also blank lines and trailing empty Excel rows)
    if data_cols:
        blank = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in data_cols])
        frame = frame.filter(~blank)
    else:
        frame = frame.filter(pl.lit(False))
    if raw.height == 0 or frame.height == 0:
        if raw.width and not any(p.code == "err.missing_column" for p in problems):
            problems.append(Problem(name, None, None, "err.header_only"))
        elif not raw.width:
            problems.append(Problem(name, None, None, "err.empty_file"))
        return Table(name, _empty_frame(spec), "", problems, headers=seen)

    present = [col for col in spec if col.name in seen]
    # stage 1: cleaned text (blank = null); stage 2: converted values, each expression evaluated once
    cleaned = frame.select(pl.col(ROW), *[_clean(pl.col(col.name)).alias(col.name) for col in present])
    staged = cleaned.with_columns(
        [_converter(col.kind, pl.col(col.name), danish).alias(f"__v_{col.name}") for col in present])
    converted = staged.select(
        pl.col(ROW),
        *[(pl.col(f"__v_{col.name}") if col.name in seen else pl.lit(col.default, dtype=_dtype(col.kind)))
          .alias(col.name) for col in spec])
    flag_exprs = []
    for col in present:
        flag_exprs.append((pl.col(col.name).is_not_null() & pl.col(f"__v_{col.name}").is_null())
                          .alias(f"__bad_{col.name}"))
        if col.nonempty:
            flag_exprs.append(pl.col(col.name).is_null().alias(f"__empty_{col.name}"))
    if flag_exprs:
        flags = staged.select(pl.col(ROW), *flag_exprs)
        flag_cols = [c for c in flags.columns if c != ROW]
        any_bad = flags.filter(pl.any_horizontal(flag_cols))
        if any_bad.height:
            originals = frame.filter(pl.col(ROW).is_in(any_bad[ROW].implode()))
            orig_by_row = {r[ROW]: r for r in originals.iter_rows(named=True)}
            code = {"number": "err.number", "integer": "err.integer", "date": "err.date", "text": "err.required"}
            for r in any_bad.iter_rows(named=True):
                for col in present:
                    header = seen[col.name]
                    if r.get(f"__empty_{col.name}"):
                        problems.append(Problem(name, r[ROW], header, "err.required"))
                    elif r[f"__bad_{col.name}"]:
                        problems.append(Problem(name, r[ROW], header, code[col.kind],
                                                orig_by_row[r[ROW]][col.name]))
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return Table(name, converted, "", problems, headers=seen)


def _clean(text: pl.Expr) -> pl.Expr:
    text = text.str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _converter(kind: str, text: pl.Expr, danish: bool = False) -> pl.Expr:
    if kind == "text":
        return text
    if kind in ("number", "integer"):
        return _number(text, integer=kind == "integer", thousands="." if danish else None)
    if kind == "date":
        return _date(text)
    raise ValueError(kind)


def _number(text: pl.Expr, integer: bool = False, thousands: str | None = None) -> pl.Expr:
    """Decimal comma or point; with both, the last one is the decimal separator (1.234,5 / 1,234.5).
    `thousands` "." (a ;-separated file, a Danish-locale export; the Danish page): a point followed by
    groups of three digits and no comma groups thousands, 1.234 = 1234. "," (the English page): a
    comma so followed and no point does, 1,234 = 1234. None: a lone comma is a decimal comma."""
    s = (text.str.replace_all(" ", "", literal=True).str.replace_all("\u00a0", "", literal=True)
         .str.replace_all("\u2212", "-", literal=True)  # the minus sign the app writes (formats.number: −6,2)
         .str.strip_suffix("%"))
    has_comma, has_dot = s.str.contains(",", literal=True), s.str.contains(".", literal=True)
    if thousands:
        other = has_comma if thousands == "." else has_dot
        grouped = (has_dot if thousands == "." else has_comma) & ~other & \
            s.str.contains(rf"^[+-]?[1-9]\d{{0,2}}({re.escape(thousands)}\d{{3}})+$")
        s = pl.when(grouped).then(s.str.replace_all(thousands, "", literal=True)).otherwise(s)
        has_dot, has_comma = (has_dot & ~grouped, has_comma) if thousands == "." else (has_dot, has_comma & ~grouped)
    fixed = (pl.when(has_comma & has_dot).then(
        # 1.234,5 (Danish) or 1,234.5 (English): the last separator is the decimal one
        pl.when(s.str.contains(r",\d*$")).then(s.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .otherwise(s.str.replace_all(",", "", literal=True))
    ).when(has_comma).then(s.str.replace(",", ".", literal=True)).otherwise(s))
    value = fixed.cast(pl.Float64, strict=False)
    value = pl.when(value.is_finite()).then(value).otherwise(None)  # no nan/inf
    if integer:
        return pl.when(value == value.round(0)).then(value).otherwise(None).cast(pl.Int64, strict=False)
    return value


def parse_number(value, lang: str = "da") -> float | None:
    """One typed value (a form's) read as the page writes numbers in `lang`, by the files' reader
    (`_number`): Danish 1.234,5 = 1234,5 and 5.600 = 5600; English 1,234.5 and 5,600 = 5600; a lone
    decimal comma or point (5,6 / 5.6) is a decimal in both. None when empty or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip()
    if not text:
        return None
    expr = _number(pl.col("x"), thousands="." if lang == "da" else ",")
    return pl.DataFrame({"x": [text]}, schema={"x": pl.String}).select(expr).item()


def parse_date(value) -> dt.date | None:
    """One value (a form's, a round's meeting date) read as the files' dates are (`_date`); None when
    empty or not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    return pl.DataFrame({"x": [text]}).select(_date(pl.col("x"))).item() if text else None


def _date(text: pl.Expr) -> pl.Expr:
    """dd-mm-yyyy, dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd; a time part after a space or T is ignored."""
    s = text.str.split_exact(" ", 1).struct.field("field_0").str.split_exact("T", 1).struct.field("field_0")
    s = s.str.replace_all(".", "-", literal=True).str.replace_all("/", "-", literal=True)
    iso = s.str.slice(4, 1) == "-"
    dmy = (s.str.slice(-5, 1) == "-") & (s.str.len_chars() <= 10)
    return (pl.when(iso).then(s.str.to_date("%Y-%m-%d", strict=False))
            .when(dmy).then(s.str.to_date("%d-%m-%Y", strict=False)))
