"""Backup: every table to Parquet with a manifest; restore builds a new store from it.

`export_store(db, dir)` writes `<table>.parquet` for every table plus `manifest.json` (schema
version, row counts, SHA-256 per file, when, by whom). `restore_store(dir, db, force)` checks every
hash, builds the store in a temporary file next to the target (schema migrated to the backup's
version, rows loaded, sequences advanced past the largest ids) and only then renames it into place
atomically. An existing store is never overwritten without `force`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path

import duckdb

from queries import imports, store, upkeep
from queries.problems import InputError, Problem

MANIFEST = "manifest.json"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and not temporary order by 1").fetchall()]


def export_store(db: Path | str | None, out_dir: Path | str, actor: str | None = None) -> dict:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"format": 1, "exported_at": store.now().isoformat(), "exported_by": actor or store.current_user(),
                "tables": {}}
    with store.reading(db) as con:
        manifest["schema_version"] = store.schema_version(con)
        for table in tables(con):
            target = out / f"{table}.parquet"
            con.execute(f"copy (select * from {table}) to '{_sql_path(target)}' (format parquet)")
            rows = con.execute(f"select count(*) from {table}").fetchone()[0]
            manifest["tables"][table] = {"file": target.name, "rows": rows, "sha256": _sha256(target)}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def read_manifest(src: Path) -> dict:
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
        assert isinstance(manifest.get("tables"), dict) and int(manifest["schema_version"]) > 0
    except (OSError, ValueError, AssertionError, KeyError, TypeError) as exc:
        raise InputError([Problem(str(src), None, None, "err.restore_manifest",
                                  params={"path": str(src), "detail": str(exc)[:200] or type(exc).__name__})],
                         "err.import_failed") from None
    problems = []
    for table, info in manifest["tables"].items():
        f = src / info["file"]
        if not f.exists() or _sha256(f) != info["sha256"]:
            problems.append(Problem(str(f), None, None, "err.restore_hash", params={"file": info["file"]}))
    if problems:
        raise InputError(problems, "err.import_failed")
    return manifest


class StoreExists(Exception):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(str(path))


def restore_store(src_dir: Path | str, db: Path | str | None = None, force: bool = False) -> dict:
    src = Path(src_dir)
    target = Path(db or store.db_path())
    manifest = read_manifest(src)
    if target.exists() and not force:
        raise StoreExists(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restore-{os.getpid()}.tmp")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    version = int(manifest["schema_version"])
    rows = 0
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("begin transaction")
            store.migrate(con, upto=version)
            existing = set(tables(con))
            missing = set(manifest["tables"]) - existing
            if missing:
                raise InputError([Problem(str(src), None, None, "err.restore_manifest",
                                          params={"path": str(src), "detail": f"unknown tables {sorted(missing)}"})],
                                 "err.import_failed")
            for table, info in manifest["tables"].items():
                con.execute(f"delete from {table}")
                con.execute(f"insert into {table} by name select * from read_parquet('{_sql_path(src / info['file'])}')")
                rows += con.execute(f"select count(*) from {table}").fetchone()[0]
            _advance_sequences(con)
            con.execute("commit")
            con.execute("checkpoint")
        finally:
            con.close()
        Path(str(target) + ".wal").unlink(missing_ok=True)  # a WAL of the replaced store must not apply
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return {"path": str(target), "tables": len(manifest["tables"]), "rows": rows, "version": version,
            "manifest": manifest}


def _advance_sequences(con: duckdb.DuckDBPyConnection) -> None:
    """Move every sequence used as a column default past the largest id restored."""
    for table, column, default in con.execute(
            "select table_name, column_name, column_default from duckdb_columns() "
            "where schema_name = 'main' and column_default like 'nextval(%'").fetchall():
        m = re.search(r"nextval\('([^']+)'", default)
        if not m:
            continue
        top = con.execute(f"select coalesce(max({column}), 0) from {table}").fetchone()[0]
        if top > 0:
            con.execute(f"select max(nextval('{m.group(1)}')) from range({int(top)})")


# --- One file for the admin page: the backup folder as a zip, and back --------------------------

SAFETY_DIR = "backups"   # next to the store: the store as it was before each restore from the app


def pack(db: Path | str | None, actor: str | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of a zip holding `export_store`'s folder: every table and the manifest."""
    import tempfile
    import zipfile
    with tempfile.TemporaryDirectory(prefix="maalbord-backup-") as tmp:
        manifest = export_store(db, tmp, actor)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name in [MANIFEST, *(info["file"] for info in manifest["tables"].values())]:
                z.write(Path(tmp) / name, name)
    stamp = manifest["exported_at"][:19].replace(":", "").replace("-", "").replace("T", "-")
    return f"maalbord-backup-{stamp}.zip", buffer.getvalue()


def unpack(name: str, data: bytes, into: Path | str) -> dict:
    """Extract an uploaded backup zip into `into` and check it (manifest, every SHA-256). Only the
    flat file names a backup has are accepted — no folders, no '..'. Raises InputError naming the
    file and the reason; nothing is written to any store."""
    import zipfile
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            bad = [n for n in names if not _FLAT.fullmatch(n)]
            if bad or MANIFEST not in names:
                detail = f"unexpected entries {bad[:3]}" if bad else f"no {MANIFEST}"
                raise InputError([Problem(name, None, None, "err.restore_manifest",
                                          params={"path": name, "detail": detail})], "err.import_failed")
            for n in names:
                (into / n).write_bytes(z.read(n))
    except zipfile.BadZipFile:
        raise InputError([Problem(name, None, None, "err.restore_not_zip", params={"file": name})],
                         "err.import_failed") from None
    try:
        return read_manifest(into)
    except InputError as exc:  # name the uploaded file, not the temporary folder
        raise InputError([Problem(name, p.row, p.column, p.code, p.value,
                                  {**p.params, "path": name}) for p in exc.problems], exc.summary_key) from None


_FLAT = re.compile(r"[A-Za-z0-9_]+\.parquet|manifest\.json")


def replace_from(src_dir: Path | str, db: Path | str | None, actor: str, source: str) -> dict:
    """Replace the store by the checked backup in `src_dir`, keeping the store as it was first
    (an export into `backups/before-restore-<time>/` next to it), so nothing is lost; the restored
    store's audit log records who restored what, from where. Returns restore_store's summary plus
    `kept` (the safety copy's folder, or None when there was no store)."""
    target = Path(db or store.db_path())
    kept = None
    if target.exists():
        stamp = store.now().strftime("%Y%m%d-%H%M%S")
        kept = target.parent / SAFETY_DIR / f"before-restore-{stamp}"
        export_store(target, kept, actor)
    result = restore_store(src_dir, target, force=True)
    manifest = result["manifest"]
    with store.writing(target) as con:
        store.migrate(con)          # a backup of an older Målbord is brought up to this one's schema
        imports.audit(con, actor, "restore", source,
                      {"exported_at": manifest.get("exported_at"), "exported_by": manifest.get("exported_by"),
                       "rows": result["rows"], "kept": str(kept) if kept else None})
        upkeep.after_write(con)
    return result | {"kept": str(kept) if kept else None}
