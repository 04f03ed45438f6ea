"""maalbord import KIND … — bring data from the municipality's systems into the store.

`import` has one subcommand per kind. This module registers `measurements`; other kinds (e.g.
`microdata`) add a module to IMPORT_MODULES with `register_import(subparsers)`.
"""

from __future__ import annotations

import importlib
import sys

import polars as pl

from queries import imports, store
from queries.output import table_text
from queries.problems import InputError
from queries.texts import t

IMPORT_MODULES = ("queries.commands.imports",)
PREVIEW_ROWS = 50


def register(sub) -> None:
    p = sub.add_parser("import", help="importér data fra fil (import data from a file)",
                       description="Importér data fra kommunens systemer. Hele filen valideres først; ved fejl "
                                   "vises alle fejl og intet skrives. (Import data; all rows or none.)")
    isub = p.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    for name in IMPORT_MODULES:
        importlib.import_module(name).register_import(isub)


def register_import(isub) -> None:
    p = isub.add_parser(
        "measurements", help="importér målinger (aggregerede tal) fra CSV/XLSX (import measurements)",
        description="Importér målinger fra en CSV- (; eller ,) eller Excel-fil. Kolonner i vilkårlig rækkefølge, "
                    "på dansk eller engelsk: mål_id/target_id, dato/as_of, værdi/value, tæller/numerator, "
                    "nævner/denominator, arm (standard all), kilde/source, note. Decimalkomma og datoer som "
                    "dd-mm-åååå, dd.mm.åååå eller ISO accepteres. Alle fejl vises på én gang og intet skrives. "
                    "En allerede importeret fil (samme SHA-256) ændrer intet. En ændret værdi tilføjes som ny "
                    "række, der erstatter den gamle (historikken bevares). Exitkode 0 kun når filen er importeret "
                    "eller allerede var det (og ved en gyldig --dry-run). "
                    "(Import measurements; exit 0 only when imported or already imported.)")
    p.add_argument("file", metavar="FILE", help="CSV- eller XLSX-fil")
    p.add_argument("--dry-run", action="store_true", help="valider og vis forhåndsvisning, skriv intet (validate only)")
    p.add_argument("--yes", "-y", action="store_true", help="importér uden at spørge (no confirmation prompt)")
    p.set_defaults(func=run_measurements)


def run_measurements(args) -> int:
    lang = args.lang
    with store.reading(args.db) as con:
        plan = imports.plan(con, args.file)
    if plan.already:
        a = plan.already
        print(imports.already_text("cli.import_already", lang, a, file=plan.file))
        return 0
    if plan.problems:
        raise InputError(plan.problems, "err.import_failed")
    c = plan.counts()
    print(imports.counts_text("cli.import_preview", lang, file=plan.file, **c))
    changed = plan.preview().filter(pl.col("status") == "superseding")
    if changed.height:
        shown = changed.head(PREVIEW_ROWS).select("row", "target_id", "as_of", "arm", "old_value", "value")
        sys.stdout.write(table_text(shown))
        if changed.height > PREVIEW_ROWS:
            print(f"… (+{changed.height - PREVIEW_ROWS})")
    if args.dry_run:
        print(t("cli.import_dry", lang))
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print(t("cli.import_needs_yes", lang), file=sys.stderr)
            return 4
        answer = input(t("cli.import_confirm", lang)).strip().lower()
        if answer not in ("j", "ja", "y", "yes"):
            print(t("cli.import_cancelled", lang))
            return 1
    result = imports.commit(args.db, plan, store.current_user(), progress=_progress(lang))
    if result.already:
        print(t("cli.import_already", lang, file=plan.file, when="-", who="-"))
        return 0
    print(imports.counts_text("cli.import_done", lang, result.added, result.superseded, result.unchanged,
                              file=plan.file, batch=result.batch_id))
    return 0


def _progress(lang: str):
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if total < imports.CHUNK:
            return
        line = t("cli.import_progress", lang, done=done, total=total)
        sys.stderr.write(("\r" + line) if tty else line + "\n")
        if tty and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
