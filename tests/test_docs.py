"""Docs and code agree: the catalogue format in docs/catalogue.md is the one the loader accepts, the
README's command table lists exactly the CLI's commands, and docs/architecture.md names every folder
of SQL files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queries import cli
from queries.catalogue import FIELDS

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {"document": "document", "theme": "themes", "initiative": "initiatives", "target": "targets",
            "measurement": "measurements", "budget_line": "budget_lines"}


def documented_fields(heading: str) -> set[str]:
    text = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    section = re.split(rf"^## `{heading}`.*$", text, flags=re.M)[1].split("\n## ")[0]
    fields = set()
    for line in section.splitlines():
        m = re.match(r"^\| ([a-z_, ]+) \|", line)
        if m and m.group(1).strip() != "field":
            fields |= {f.strip() for f in m.group(1).split(",")}
    return fields


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_catalogue_doc_matches_loader(kind):
    assert documented_fields(SECTIONS[kind]) == set(FIELDS[kind].split())


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `maalbord ([a-z]+)", readme, flags=re.M))
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert listed == set(sub.choices)


def test_architecture_names_every_folder_of_sql_files():
    """A folder of .sql files in queries/ or dashboard/ is one of the layers docs/architecture.md
    describes (`schema/NNN_*.sql`, `views/NN_*.sql`, `measures/*.sql`, `statements/*.sql`, …)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)/[A-Za-z_*]*\.sql`", text))
    folders = {p.parent.relative_to(ROOT / top).as_posix() for top in ("queries", "dashboard")
               for p in (ROOT / top).rglob("*.sql")}
    assert folders and folders <= named, folders - named
