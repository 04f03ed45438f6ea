"""The SQL workbench's data: the schema browser and the saved queries (queries/saved/*.sql).

A saved query is a `.sql` file whose header comment gives its title and description:

    -- title: Budget pr. udvalg og år
    -- description: Sum af budgetlinjer (t.kr.) pr. udvalg og år.
    select ...

Saving validates the file name and never overwrites: an existing name is refused.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from queries import store
from queries.texts import t

SAVED_DIR = Path(__file__).resolve().parent / "saved"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def saved_dir() -> Path:
    """$MAALBORD_SAVED_DIR or queries/saved/."""
    return Path(os.environ.get("MAALBORD_SAVED_DIR") or SAVED_DIR)


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    sql: str
    path: Path


def parse(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        m = re.match(r"^\s*--\s*(title|description|titel|beskrivelse)\s*:\s*(.*)$", line, flags=re.I)
        if m:
            key = {"titel": "title", "beskrivelse": "description"}.get(m.group(1).lower(), m.group(1).lower())
            header[key] = m.group(2).strip()
        elif line.strip() and not line.strip().startswith("--"):
            break
    return SavedQuery(path.stem, header.get("title", path.stem), header.get("description", ""), text, path)


def saved_queries(directory: Path | None = None) -> list[SavedQuery]:
    folder = directory or saved_dir()
    return [parse(p) for p in sorted(folder.glob("*.sql"))] if folder.exists() else []


class SaveError(ValueError):
    """A query could not be saved; `code` is a key in queries/texts/sql.py."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)


def save(name: str, title: str, description: str, sql: str, directory: Path | None = None) -> Path:
    """Write a new saved query. Refuses a bad file name, a missing title or an existing name."""
    name = (name or "").strip().removesuffix(".sql")
    if not NAME_RE.match(name):
        raise SaveError("sql.save.bad_name")
    title = " ".join((title or "").split())
    if not title:
        raise SaveError("sql.save.no_title")
    folder = directory or saved_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.sql"
    description = " ".join((description or "").split())
    body = f"-- title: {title}\n-- description: {description}\n{sql.strip()}\n"
    try:
        with open(path, "x", encoding="utf-8") as fh:  # "x": fails if it exists — never overwrites
            fh.write(body)
    except FileExistsError:
        raise SaveError("sql.save.exists", name=name) from None
    return path


def schema(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every table and view of the store with its columns, types and COMMENT ON descriptions:
    one row per column (object_name, object_type, object_comment, column_name, data_type,
    column_comment, column_index) — queries/statements/workbench_schema.sql."""
    return store.query_file(con, "workbench_schema")


# --- downloads of a result ------------------------------------------------------------------------

def flat(df: pl.DataFrame) -> pl.DataFrame:
    """Columns that CSV and Excel cannot hold, as text: nested (LIST, STRUCT, MAP, arrays) and
    binary (hex); timestamps with a time zone become Copenhagen wall-clock time without zone."""
    out = []
    for name, dtype in df.schema.items():
        col = df[name]
        if dtype.is_nested() or dtype == pl.Object:
            col = pl.Series(name, [None if v is None else str(v) for v in col.to_list()], dtype=pl.String)
        elif dtype == pl.Binary:
            col = pl.Series(name, [None if v is None else v.hex() for v in col.to_list()], dtype=pl.String)
        elif isinstance(dtype, pl.Datetime) and dtype.time_zone:
            try:
                col = col.dt.convert_time_zone("Europe/Copenhagen").dt.replace_time_zone(None)
            except Exception:  # no time-zone database: keep UTC
                col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        out.append(col)
    return pl.DataFrame(out) if out else df


# A download of a store holding synthetic data says so (`note`: the text saying it, in the user's
# language; None for real data): the file name ends in _syntetisk/_synthetic (download_name) —
# the one label a CSV can carry without breaking its readers — Parquet carries it in its file
# metadata, Excel in the workbook's properties and a second sheet, so the data sheet's first row
# stays the header row a reader (polars, pandas, Power Query) expects.
SYNTHETIC_KEY = "maalbord.synthetic"


def download_name(ext: str, lang: str = "da", synthetic: bool = False) -> str:
    """forespoergsel.csv / query.csv, with _syntetisk / _synthetic for synthetic data."""
    base = t("sql.file_name", lang)
    return f"{base}_{t('sql.file_synthetic', lang)}.{ext}" if synthetic else f"{base}.{ext}"


def csv_bytes(df: pl.DataFrame, note: str | None = None, lang: str = "da") -> bytes:
    return flat(df).write_csv().encode("utf-8")


def parquet_bytes(df: pl.DataFrame, note: str | None = None, lang: str = "da") -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf, metadata={SYNTHETIC_KEY: note} if note else None)
    return buf.getvalue()


def excel_bytes(df: pl.DataFrame, note: str | None = None, lang: str = "da") -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    flat(df).write_excel(wb, worksheet=t("sql.file_name", lang))
    if note:
        wb.set_properties({"title": note, "comments": note, "keywords": t("sql.file_synthetic", lang)})
        about = wb.add_worksheet(t("sql.about_sheet", lang))
        about.write(0, 0, f"🧪 {note}", wb.add_format({"bold": True, "font_color": "#9C2A00"}))
        about.set_column(0, 0, 120)
    wb.close()
    return buf.getvalue()


# (file extension, text key of the button, bytes maker, MIME type) — the SQL page's downloads
DOWNLOADS = (
    ("csv", "sql.download_csv", csv_bytes, "text/csv"),
    ("parquet", "sql.download_parquet", parquet_bytes, "application/vnd.apache.parquet"),
    ("xlsx", "sql.download_excel", excel_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)
