"""maalbord status — the status (smiley) of every target or initiative: proposal, assessment, final."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from queries import presentation, rule_texts, status_table, store, upkeep
from queries.output import add_format_args, write_frame
from queries.problems import InputError, Problem

TABLE_COLUMNS = {
    "target": ["target_id", "smiley", "proposed", "assessed", "final", "rule_text"],
    "initiative": ["initiative_id", "smiley", "proposed", "assessed", "final", "rule_text"],
}


def register(sub) -> None:
    p = sub.add_parser(
        "status", help="vis status (smiley) for hvert mål (show the status of every target)",
        description="Udskriv status for hvert nuværende mål (v_status): beregnet forslag, en persons vurdering "
                    "når en gælder, endelig status og reglen bag (fx '40 % mål, 37 % opnået (n=112, 95 %-interval "
                    "29–46 %): inden for tolerance'). Tilstande: green 😊, yellow 😐, red 😞, none ⚪, unsure ❔. "
                    "--as-of DATO beregner status for en anden dato uden at ændre lageret. "
                    "(Print the status of every current target; --as-of evaluates another date on the fly.)")
    p.add_argument("--as-of", dest="as_of", help="dato (ÅÅÅÅ-MM-DD) at beregne status for (standard: lagerets seneste "
                                                 "beregning, dvs. i dag)")
    p.add_argument("--level", choices=("target", "initiative"), default="target",
                   help="target: ét mål pr. række (standard); initiative: indsatsernes samlede status")
    p.add_argument("--rollup", choices=("worst", "majority"),
                   help="samlet status for en indsats: den dårligste (worst) eller flertallet (majority) af dens "
                        "mål; standard: lagerets indstilling (meta status_rollup) ellers worst. Beregnes på stedet.")
    add_format_args(p)
    p.set_defaults(func=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([Problem("--as-of", None, "as_of", "err.date", text)], summary_key="status.bad_args") from None


def run(args) -> int:
    as_of = _date(args.as_of) if args.as_of else None
    with upkeep.reading(args.db) as con:  # v_status at today, whichever day the last write was
        if as_of is not None or args.rollup:
            settings = status_table.store_settings(con)
            if args.rollup:
                settings = dataclasses.replace(settings, rollup=args.rollup)
            df = status_table.status_at(con, as_of, level=args.level, settings=settings)
        else:
            view = "v_status" if args.level == "target" else "v_status_initiatives"
            df = store.frame(con, f"select * from {view} order by sort_order")
            if args.level == "initiative":
                df = df.drop("theme_id")
    # the rule in the reader's language, from the rule id and its figures (queries/rule_texts.py)
    df = df.with_columns(pl.Series("rule_text", [rule_texts.text(r, args.lang) for r in df.iter_rows(named=True)],
                                   dtype=pl.String))
    if args.format == "table":
        df = df.with_columns(pl.col("final").map_elements(presentation.emoji, return_dtype=pl.String).alias("smiley"))
        df = df.select(TABLE_COLUMNS[args.level])
    write_frame(df, args.format, args.out)
    return 0
