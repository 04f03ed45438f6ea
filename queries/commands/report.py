"""maalbord report — the committee report of a round as Word, PDF, Excel or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

from queries import report, rounds, store
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser("report", help="udvalgsrapport som docx/pdf/xlsx/html (committee report export)",
                       description="Lav udvalgsrapporten for en runde i 2013-rapportens form: tema → indsats → "
                                   "smiley, tekst og nøgletal, \"Siden sidste møde\". Små tal skjules (\"<5\"). "
                                   "(The committee report of a round; small numbers hidden.)")
    p.add_argument("--committee", required=True, help="udvalg, fx BIU (committee id)")
    p.add_argument("--round", help="runde-id eller mødedato; standard: udvalgets seneste (round id or date)")
    p.add_argument("--format", choices=report.FORMATS, default="html", help="filformat (output format)")
    p.add_argument("--out", help="fil at skrive til; standard: standard output for html (output file)")
    p.add_argument("--min-n", type=int, default=None,
                   help="tærskel for små tal (standard 5 eller $MAALBORD_SMALL_N) (small-number threshold)")
    p.set_defaults(func=run)


def run(args) -> int:
    with store.reading(args.db) as con:
        round_id = rounds.resolve_round(con, args.committee, args.round)
        if round_id is None or rounds.round_info(con, round_id)["committee_id"] != args.committee:
            print(t("err.no_round", args.lang, committee=args.committee, round=args.round or ""), file=sys.stderr)
            return 2
        if not rounds.is_frozen(con, round_id):
            print(t("err.round_open", args.lang, round_id=round_id), file=sys.stderr)
            return 2
        rep = report.build(con, round_id, args.lang, args.min_n)
    data = report.render(rep, args.format)
    if args.out:
        Path(args.out).write_bytes(data)
        print(t("cli.report_written", args.lang, round_id=round_id, out=args.out, fmt=args.format), file=sys.stderr)
    elif args.format == "html":
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.buffer.write(data)
    return 0
