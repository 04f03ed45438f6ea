"""maalbord calendar — every follow-up date as an iCalendar file (.ics), or (--address) the secret
subscription address the app serves (queries/feeds.py): show, create, replace or revoke it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from queries import feed, feeds, reminders, store
from queries.commands.status import _date
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser(
        "calendar", help="skriv opfølgningsdatoerne som iCalendar-fil (.ics) (follow-up dates as .ics)",
        description="Skriv én heldagsbegivenhed pr. mål og opfølgningsdato til en .ics-fil (Outlook, Google "
                    "Kalender). UID'erne er faste, så en ny import opdaterer i stedet for at lave dubletter. "
                    "Abonnement: --address viser, opretter, udskifter eller lukker den hemmelige adresse, appen "
                    "selv leverer kalenderen på (docs/followup.md).")
    p.add_argument("--committee", help="kun et udvalgs mål, fx BIU")
    p.add_argument("--as-of", dest="as_of", help="dato (ÅÅÅÅ-MM-DD) for 'et år frem' (standard: i dag)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", help="filen der skrives, fx opfoelgning.ics")
    what.add_argument("--address", choices=("show", "create", "replace", "revoke"),
                      help="abonnementsadressen for udvalget (uden --committee: alle udvalg): vis, opret, udskift "
                           "(den gamle holder op med at virke) eller luk (adressen: $MAALBORD_BASE_URL)")
    p.set_defaults(func=run)


def address(args) -> int:
    """--address: one line, the address (or that there is none); writes go to the audit log as the OS user."""
    committee = args.committee or None
    if args.address == "revoke":
        print(t("calendar.revoked" if feeds.revoke(args.db, committee) else "calendar.no_address", args.lang))
        return 0
    if args.address == "show":
        with store.reading(args.db) as con:
            token = feeds.live(con, committee)
        if token is None:
            print(t("calendar.no_address", args.lang))
            return 0
    else:
        token = (feeds.create if args.address == "create" else feeds.replace)(args.db, committee)
    print(feeds.url(token, reminders.base_url(), args.lang))
    return 0


def run(args) -> int:
    if args.address:
        return address(args)
    today = _date(args.as_of) if args.as_of else dt.date.today()
    with store.reading(args.db) as con:
        content, n = feed.ics(con, today, args.committee, args.lang)
    out = Path(args.out)
    out.write_bytes(content)
    print(t("calendar.written", args.lang, n=n, out=out))
    return 0
