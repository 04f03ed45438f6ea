"""maalbord account set — the account behind a target's status in a reporting round (issue 20)."""

from __future__ import annotations

from pathlib import Path

from queries import accounts, store
from queries.problems import InputError, Problem
from queries.texts import t

PART_OPTIONS = {"story": "--file", "partners": "--partners", "action_plan": "--action-plan", "next_step": "--next-step"}


def register(sub) -> None:
    p = sub.add_parser("account", help="redegørelse bag en status (the account behind a status)",
                       description="Redegørelsen for et mål i en runde, i Markdown: historien bag kurven, "
                                   "samarbejdspartnere, hvad virker / hvad vi vil gøre, og næste skridt med dato. "
                                   "Hver gang bliver en ny version; en låst runde tager ikke imod nye. "
                                   "(Each save is a new version; a frozen round refuses.)")
    asub = p.add_subparsers(dest="account_command", required=True, metavar="ACCOUNT_COMMAND")
    s = asub.add_parser("set", help="skriv en ny version (write a new version)",
                        description="Skriv en ny version af redegørelsen. Hver del læses fra en Markdown-fil. "
                                    "(Write a new version; each part is read from a Markdown file.)")
    s.add_argument("--round", required=True, help="runde-id, fx BIU-2026-12-01 (round id)")
    s.add_argument("--target", required=True, help="mål-id (target id)")
    s.add_argument("--file", help="historien bag kurven, Markdown-fil (the story behind the curve)")
    s.add_argument("--partners", help="samarbejdspartnere, Markdown-fil (partners)")
    s.add_argument("--action-plan", help="hvad virker / hvad vi vil gøre, Markdown-fil (action plan)")
    s.add_argument("--next-step", help="næste skridt, Markdown-fil (next step)")
    s.add_argument("--next-step-date", help="dato for næste skridt, DD-MM-ÅÅÅÅ (date of the next step)")
    s.set_defaults(func=run_set)


def _read(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise InputError([Problem(path, None, None, "cli.account_file", None, {"file": path, "reason": reason})],
                         "account.failed")


def run_set(args) -> int:
    parts = {part: _read(getattr(args, option.lstrip("-").replace("-", "_")))
             for part, option in PART_OPTIONS.items()}
    accounts.write(args.db, args.round, args.target, parts, store.current_user(), args.next_step_date)
    with store.reading(args.db) as con:
        version = accounts.current(con, args.round, args.target).version
    print(t("cli.account_saved", args.lang, target=args.target, round_id=args.round, version=version))
    return 0
