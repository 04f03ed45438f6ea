"""maalbord calendar — every follow-up date as an iCalendar file (.ics)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from queries import feed, store
from queries.commands.status import _date
from queries.texts import t


def register(sub) -> None:
    p = sub.add_parser(
        "calendar", help="skriv opfølgningsdatoerne som iCalendar-fil (.ics) (follow-up dates as .ics)",
        description="Skriv én heldagsbegivenhed pr. mål og opfølgningsdato til en .ics-fil (Outlook, Google "
                    "Kalender). UID'erne er faste, så en ny import opdaterer i stedet for at lave dubletter. "
                    "Abonnement: læg filen på en webserver og abonnér på dens adresse (docs/followup.md).")
    p.add_argument("--committee", help="kun et udvalgs mål, fx BIU")
    p.add_argument("--as-of", dest="as_of", help="dato (ÅÅÅÅ-MM-DD) for 'et år frem' (standard: i dag)")
    p.add_argument("--out", required=True, help="filen der skrives, fx opfoelgning.ics")
    p.set_defaults(func=run)


def run(args) -> int:
    today = _date(args.as_of) if args.as_of else dt.date.today()
    with store.reading(args.db) as con:
        content, n = feed.ics(con, today, args.committee, args.lang)
    out = Path(args.out)
    out.write_bytes(content)
    print(t("calendar.written", args.lang, n=n, out=out))
    return 0
