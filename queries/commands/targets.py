"""maalbord targets — print every target (the v_targets view)."""

from __future__ import annotations

from queries import store
from queries.output import add_format_args, write_frame

COLUMNS = ("target_id", "initiative_id", "kind", "target_value", "unit", "direction", "first_followup",
           "measure", "anchor", "offset_months", "states", "document_file", "text")


def register(sub) -> None:
    p = sub.add_parser("targets", help="vis alle mål (print v_targets)",
                       description="Udskriv v_targets: hvert måls id, indsats, type, målværdi, enhed, retning, "
                                   "første opfølgning og kildedokument. --format csv giver alle kolonner.")
    add_format_args(p)
    p.set_defaults(func=run)


def run(args) -> int:
    with store.reading(args.db) as con:
        df = store.frame(con, "select * from v_targets order by document_file, sort_order")
    if args.format == "table":
        df = df.select(COLUMNS)
    write_frame(df, args.format, args.out)
    return 0
