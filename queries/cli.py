"""`maalbord` — the command-line tool. `maalbord COMMAND --help` explains each command.

Each command lives in a module under queries/commands/ with `register(subparsers)`; the module
list below is the only place that names them. Bad input prints a Danish message (``--lang en``
for English) naming file, row, column and reason, and exits non-zero — never a stack trace.
"""

from __future__ import annotations

import argparse
import importlib
import sys

import duckdb

from queries.problems import InputError
from queries.store import StoreMissing, is_busy
from queries.texts import t

COMMAND_MODULES = (
    "queries.commands.init",
    "queries.commands.targets",
    "queries.commands.status",
    "queries.commands.imports",
    "queries.commands.backup",
    "queries.commands.sql",
    "queries.commands.rounds",
    "queries.commands.accounts",
    "queries.commands.report",
    "queries.commands.measures",
    "queries.commands.serve",
    "queries.commands.remind",
    "queries.commands.calendar",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maalbord",
        description="Målbord: mål, resultater og status for indsatser for udsatte borgere. "
                    "Targets, actuals and status of initiatives for vulnerable citizens.",
    )
    parser.add_argument("--db", help="sti til lageret (standard: $MAALBORD_DB, ellers data/maalbord.duckdb i en "
                                     "checkout, maalbord.duckdb i den aktuelle mappe når pakken er installeret)")
    parser.add_argument("--lang", choices=("da", "en"), default="da", help="sprog for beskeder (da/en)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


GLOBAL_OPTIONS = ("--db", "--lang")


def hoist_global_options(argv: list[str]) -> list[str]:
    """`maalbord import microdata DIR --lang en` means what `maalbord --lang en import microdata DIR`
    does: the options every command shares move before the command (argparse only reads them there)."""
    front, rest, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and rest:
            take = 1 if "=" in arg else 2
            front += argv[i:i + take]
            i += take
        else:
            rest.append(arg)
            i += 1
    return front + rest


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(hoist_global_options(list(sys.argv[1:] if argv is None else argv)))
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    except StoreMissing as exc:
        print(t("err.no_store", args.lang, path=exc.path), file=sys.stderr)
        return 2
    except duckdb.IOException as exc:
        if is_busy(exc):
            print(t("err.store_busy", args.lang), file=sys.stderr)
            return 3
        raise
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
