"""maalbord export DIR / maalbord restore DIR — backup of every table to Parquet and back."""

from __future__ import annotations

import sys

from queries import backup
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser("export", help="eksportér alle tabeller til Parquet + manifest (backup)",
                       description="Skriv hver tabel i lageret som DIR/<tabel>.parquet og DIR/manifest.json med "
                                   "rækketal, skemaversion og SHA-256 pr. fil. (Export every table to Parquet.)")
    p.add_argument("dir", metavar="DIR", help="mappe til backuppen")
    p.set_defaults(func=run_export)
    r = sub.add_parser("restore", help="byg et lager fra en backup (restore a store from DIR)",
                       description="Byg et nyt lager fra en backup lavet med 'maalbord export'. Alle filers SHA-256 "
                                   "kontrolleres først. Et eksisterende lager overskrives kun med --force, og så via "
                                   "en midlertidig fil og et atomisk navneskift. (Restore; --force to replace.)")
    r.add_argument("dir", metavar="DIR", help="backup-mappe med manifest.json")
    r.add_argument("--force", action="store_true", help="erstat et eksisterende lager (replace an existing store)")
    r.set_defaults(func=run_restore)


def run_export(args) -> int:
    m = backup.export_store(args.db, args.dir)
    rows = sum(v["rows"] for v in m["tables"].values())
    print(t("cli.export_done", args.lang, tables=len(m["tables"]), rows=rows, path=args.dir))
    return 0


def run_restore(args) -> int:
    try:
        r = backup.restore_store(args.dir, args.db, force=args.force)
    except backup.StoreExists as exc:
        print(t("err.restore_exists", args.lang, path=exc.path), file=sys.stderr)
        return 2
    print(t("cli.restore_done", args.lang, path=r["path"], src=args.dir, tables=r["tables"], rows=r["rows"],
            version=r["version"]))
    return 0
