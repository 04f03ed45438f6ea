"""maalbord remind — e-mail each owner the follow-ups that lack a figure; a digest to the data stewards."""

from __future__ import annotations

import datetime as dt
import sys

from queries import reminders
from queries.commands.status import _date


def register(sub) -> None:
    p = sub.add_parser(
        "remind", help="send påmindelser om opfølgninger pr. e-mail (e-mail follow-up reminders)",
        description="Send én e-mail (dansk, tekst + HTML) til hver ejer (funktionspostkasse) med de opfølgninger, "
                    "der mangler tal: overskredne og dem, der forfalder inden for --days dage, med et link til "
                    "indsatsens side; datapleje ($MAALBORD_STEWARD_MAIL) får en oversigt over måleperioder uden tal. "
                    "Samme opfølgning sendes aldrig to gange til samme modtager. SMTP-indstillinger: "
                    "MAALBORD_SMTP_HOST, _PORT, _STARTTLS, _USER, _PASSWORD, _FROM (docs/followup.md). "
                    "Afvist eller utilgængelig server: en besked og exit-kode 4, intet markeret som sendt.")
    p.add_argument("--as-of", dest="as_of", help="dato (ÅÅÅÅ-MM-DD) at regne fra (standard: i dag)")
    p.add_argument("--days", type=int, default=None,
                   help=f"dage frem (standard: $MAALBORD_REMIND_DAYS, ellers {reminders.DEFAULT_DAYS})")
    p.add_argument("--dry-run", action="store_true", help="vis hvad der ville blive sendt; send og markér intet")
    p.set_defaults(func=run)


def run(args) -> int:
    today = _date(args.as_of) if args.as_of else dt.date.today()
    try:
        reminders.run(args.db, today, days=args.days, dry_run=args.dry_run)
    except reminders.RemindError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 4
    return 0
