"""maalbord refresh | kpi | demo | import microdata — computed actuals from citizen-level data."""

from __future__ import annotations

import argparse
import datetime as dt

from queries import compute, store
from queries.output import add_format_args, write_frame
from queries.texts import t


def _date(text: str) -> dt.date:
    """An as-of date: ISO, and not after today — the microdata know nothing of later days (an open
    spell would count as running until then), and a stored future row would never be recomputed."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ikke en dato (ÅÅÅÅ-MM-DD) / not a date (YYYY-MM-DD): {text}")
    if day > dt.date.today():
        raise argparse.ArgumentTypeError(f"datoen ligger efter i dag / the date is after today: {text}")
    return day


def _import_subparsers(sub):
    """The `import` command's sub-commands; created here unless another module made them first."""
    parser = sub.choices.get("import")
    if parser is None:
        parser = sub.add_parser("import", help="indlæs filer (import files)",
                                description="Indlæs data fra filer. Se 'maalbord import microdata --help'.")
        parser.set_defaults(func=lambda args: parser.print_help() or 2)
    action = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if action is None:
        action = parser.add_subparsers(dest="import_kind", metavar="KIND")
    return action


def register(sub) -> None:
    p = sub.add_parser("refresh", help="beregn alle beregnede mål månedsvis (compute the monthly series)",
                       description="Beregn hvert beregnede mål (andel, fastholdelse, effekt) for hver månedsultimo fra "
                                   "indsatsens start til datoen (og selve datoen), pr. arm, i ét gennemløb af "
                                   "mikrodata, og gem tallene som målinger med kilde 'beregnet'. Indtastede målinger "
                                   "røres ikke. Uændrede tal tilføjer intet; et ændret tal bliver en ny række, der "
                                   "erstatter den gamle. (Compute every computed target's monthly series; append-only.)")
    p.add_argument("--as-of", type=_date, default=None, help="sidste dato (standard: i dag) (last date; default today)")
    p.set_defaults(func=run_refresh)

    p = sub.add_parser("kpi", help="vis de beregnede mål på en dato (print computed KPIs)",
                       description="Udskriv de beregnede mål på datoen direkte fra mikrodata: target_id, as_of, arm "
                                   "(all, treatment, control, effect), tæller, nævner, afventende, værdi og 95 %-"
                                   "interval. (Print computed KPIs at a date; nothing is stored.)")
    p.add_argument("--as-of", type=_date, default=None, help="dato (standard: i dag) (date; default today)")
    add_format_args(p)
    p.set_defaults(func=run_kpi)

    p = sub.add_parser("demo", help="lav syntetiske mikrodata og beregn (generate synthetic microdata)",
                       description="Erstat mikrodata med syntetiske borgere, forløb, tilstande og hændelser for hvert "
                                   "beregnet måls indsats, markér lageret som syntetisk og kør refresh. Samme seed "
                                   "giver samme data. (Synthetic demo data, clearly labelled; then refresh.)")
    p.add_argument("--citizens", type=int, default=20000, help="antal borgere (number of citizens)")
    p.add_argument("--seed", type=int, default=1, help="seed (same seed, same data)")
    p.add_argument("--as-of", type=_date, default=None, help="refresh til denne dato (standard: i dag)")
    p.set_defaults(func=run_demo)

    imp = _import_subparsers(sub)
    p = imp.add_parser("microdata", help="indlæs mikrodata fra en mappe (load microdata CSV files)",
                       description="Indlæs citizens.csv, enrolments.csv, spells.csv, events.csv og evt. "
                                   "progression.csv (UTF-8, komma, ISO-datoer) fra mappen. Forløbene for de indsatser, "
                                   "der er i filerne, og borgernes tilstande og hændelser erstattes i én transaktion. "
                                   "Fejl vises med fil, række og kolonne, og lageret røres ikke. Kør derefter refresh. "
                                   "(Load microdata; replaces the initiatives present; one transaction.)")
    p.add_argument("directory", help="mappe med CSV-filerne (folder with the CSV files)")
    p.add_argument("--initiative", action="append", metavar="ID",
                   help="indsats som leverancen dækker; dens forløb erstattes af filens — ingen, hvis filen ingen "
                        "har. Kan gentages; standard: indsatserne i enrolments.csv (an initiative the delivery "
                        "covers; its enrolments are replaced by the file's, none if it has none)")
    p.set_defaults(func=run_import_microdata)


def run_refresh(args) -> int:
    report = compute.refresh(args.db, args.as_of)
    print(t("measures.refresh_done", args.lang, **{k: report[k] for k in ("as_of", "computed", "added", "superseded")}))
    return 0


def run_kpi(args) -> int:
    with store.reading(args.db) as con:
        df = compute.kpi(con, args.as_of or dt.date.today())
    import polars as pl
    df = df.with_columns(pl.col("numerator", "denominator", "pending").cast(pl.Int64))  # counts: 9, not 9.0
    if args.format == "table":  # readable: one decimal; csv keeps full precision
        df = df.with_columns(pl.col("value", "ci_low", "ci_high").round(1) + 0.0)  # + 0.0: -0.0 reads 0.0
    write_frame(df, args.format, args.out)
    return 0


def run_demo(args) -> int:
    from queries import demo
    report = demo.demo(args.db, args.citizens, args.seed, args.as_of)
    c = report["counts"]
    print(t("measures.demo_done", args.lang, seed=args.seed, citizens=c["citizens"], enrolments=c["enrolments"],
            spells=c["spells"], events=c["events"], progression=c["progression"], seconds=round(report["generate_s"] + report["refresh_s"], 1)))
    print(t("measures.refresh_done", args.lang, **{k: report["refresh"][k]
                                                   for k in ("as_of", "computed", "added", "superseded")}))
    return 0


def run_import_microdata(args) -> int:
    from queries import microdata
    report = microdata.import_dir(args.directory, args.db, initiatives=args.initiative)
    detail = ", ".join(f"{k}: {v}" for k, v in report["counts"].items())
    print(t("measures.import_done", args.lang, initiatives=len(report["initiatives"]), detail=detail))
    return 0
