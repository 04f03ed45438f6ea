"""maalbord round create|list — reporting rounds: a committee meeting whose figures are frozen."""

from __future__ import annotations

from queries import rounds, store
from queries.output import add_format_args, write_frame
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser("round", help="udvalgsrunder: opret og vis (committee reporting rounds)",
                       description="En runde er et udvalgsmøde (udvalg, mødedato, titel). Når runden oprettes, "
                                   "fryses et øjebliksbillede af alle udvalgets mål pr. mødedatoen; det ændres "
                                   "aldrig siden. (A round freezes what the committee is shown.)")
    rsub = p.add_subparsers(dest="round_command", required=True, metavar="ROUND_COMMAND")
    c = rsub.add_parser("create", help="opret en runde og frys tallene (create a round, freeze its snapshot)",
                        description="Opret en runde for et udvalg og frys øjebliksbilledet pr. mødedatoen. "
                                    "Fejl i input (ukendt udvalg, ugyldig dato, tom titel, runde findes) gemmer "
                                    "intet. (Create a round; bad input saves nothing.)")
    c.add_argument("--committee", required=True, help="udvalg, fx BIU, SUD, SOU (committee id)")
    c.add_argument("--date", required=True, help="mødedato ÅÅÅÅ-MM-DD (meeting date)")
    c.add_argument("--title", required=True, help="rundens titel (title)")
    c.add_argument("--open", action="store_true",
                   help="frys ikke endnu: vurderinger kan registreres for runden først; frys siden med "
                        "`maalbord round freeze ID` (leave open; freeze later)")
    c.set_defaults(func=run_create)
    f = rsub.add_parser("freeze", help="frys en åben runde (freeze an open round)",
                        description="Frys øjebliksbilledet af en runde, der blev oprettet med --open. Kan kun "
                                    "gøres én gang. (Freeze an open round; only once.)")
    f.add_argument("round_id", help="runde-id, fx BIU-2026-12-01 (round id)")
    f.set_defaults(func=run_freeze)
    ls = rsub.add_parser("list", help="vis runder (list rounds)",
                         description="Vis alle runder med mødedato, titel, og hvornår tallene blev frosset. "
                                     "(List rounds with meeting date, title and freeze time.)")
    ls.add_argument("--committee", help="kun dette udvalg (only this committee)")
    add_format_args(ls)
    ls.set_defaults(func=run_list)


def run_create(args) -> int:
    with store.writing(args.db) as con:
        round_id = rounds.create_round(con, args.committee, args.date, args.title, store.current_user(),
                                       freeze_now=not args.open)
        n = con.execute("select n_targets from round_freezes where round_id = ?", [round_id]).fetchall()
    if n:
        print(t("cli.round_created", args.lang, round_id=round_id, n=n[0][0]))
    else:
        print(t("cli.round_opened", args.lang, round_id=round_id))
    return 0


def run_freeze(args) -> int:
    with store.writing(args.db) as con:
        n = rounds.freeze_round(con, args.round_id, store.current_user())
    print(t("cli.round_frozen", args.lang, round_id=args.round_id, n=n))
    return 0


def run_list(args) -> int:
    with store.reading(args.db) as con:
        df = rounds.list_rounds(con, args.committee)
    write_frame(df, args.format, args.out)
    return 0
