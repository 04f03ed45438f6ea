"""maalbord sql — run one read-only SQL statement in the same sandbox as the SQL page."""

from __future__ import annotations

import dataclasses
import sys

from queries import formats, sandbox, workbench
from queries.output import add_format_args, write_frame
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser(
        "sql", help=t("sql.cli.help"),
        description="Kør én læsende SQL-sætning (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) mod "
                    "lageret i sandkassen: skrivebeskyttet, ingen fil- eller netværksadgang, tids- og "
                    "hukommelsesgrænse, højst --max-rows rækker. Se docs/sql.md. "
                    "(Run one read-only statement in the sandbox; see docs/sql.md.)")
    p.add_argument("query", help="SQL-sætningen (the statement), fx \"select * from v_targets\"")
    add_format_args(p, formats=("table", "csv", "parquet"))
    p.add_argument("--seconds", type=float, help="tidsgrænse i sekunder (time limit; standard 10)")
    p.add_argument("--max-rows", type=int, help="højst så mange rækker (row cap; standard 10000)")
    p.add_argument("--all", action="store_true",
                   help=f"hele resultatet, højst {formats.integer(sandbox.DOWNLOAD_ROWS)} rækker — samme loft som sidens "
                        "download (the whole result, up to the download cap)")
    p.set_defaults(func=run)


def run(args) -> int:
    limits = sandbox.Limits.from_env()
    if args.seconds:
        limits = dataclasses.replace(limits, seconds=args.seconds)
    if args.max_rows:
        limits = dataclasses.replace(limits, max_rows=args.max_rows)
    # --all is the page's download path: sandbox.run_full (the row cap raised to the download cap)
    result = sandbox.run_full(args.query, args.db, limits) if args.all else sandbox.run(args.query, args.db, limits)
    if not result.ok:
        print(result.message(args.lang), file=sys.stderr)
        if result.position:
            print(result.position, file=sys.stderr)
        return 2
    rows = result.rows if args.format == "parquet" else workbench.flat(result.rows)
    write_frame(rows, args.format, args.out)
    if result.truncated:
        key = "sql.cli.rows" if result.total is not None else "sql.cli.first_rows"
        print(t(key, args.lang, shown=result.shown, total=result.total), file=sys.stderr)
        if args.all:
            print(t("sql.cli.cut_at_cap", args.lang, cap=result.shown), file=sys.stderr)
    return 0
