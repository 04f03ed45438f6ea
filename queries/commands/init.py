"""maalbord init — build the store, or migrate an older one forward, and load the catalogue."""

from __future__ import annotations

from pathlib import Path

from queries import store
from queries import upkeep
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser("init", help="byg eller migrér lageret og indlæs kataloget (build/migrate the store)",
                       description="Byg lageret fra data/catalogue, eller migrér et ældre lager frem uden at miste "
                                   "rækker. At køre det to gange ændrer intet. Et defekt katalog giver en fejl "
                                   "med fil, linje og felt, og lageret røres ikke.")
    p.add_argument("--catalogue", help="katalogmappe (standard: data/catalogue)")
    p.set_defaults(func=run)


def run(args) -> int:
    kwargs = {"catalogue_dir": Path(args.catalogue)} if args.catalogue else {}
    report = upkeep.init(args.db, **kwargs)
    lang = args.lang
    changes = report["changes"]
    detail = t("cli.init_changes", lang, detail=", ".join(f"{k}: {v}" for k, v in changes.items())) \
        if changes else t("cli.init_nochange", lang)
    print(t("cli.init_done", lang, path=report["path"], version=report["version"], changes=detail))
    return 0
