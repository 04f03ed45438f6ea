"""The SQL the Python modules run lives in queries/statements/*.sql (issue 19), each file with the
measures' kind of header: name, title, params (every $name it uses, nothing else), what it makes
or returns; values only as named parameters. store.execute_file runs a file statement by
statement, each with the parameters it uses; the files are read once per process."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from queries import store

STATEMENTS = store.QUERIES_DIR / "statements"
FILES = sorted(p.stem for p in STATEMENTS.glob("*.sql"))
SOURCES = {p: p.read_text(encoding="utf-8") for top in ("queries", "dashboard")
           for p in (store.ROOT / top).rglob("*.py")}


def declared_params(name: str) -> set[str]:
    """The $names that begin an entry of the header's `-- params:` field."""
    head = store.sql_file(name).split("\n\n")[0].splitlines()
    out, inside = set(), False
    for line in head:
        if not line.startswith("--"):
            break
        field = re.match(r"--\s*([a-z_]+):\s*(.*)", line)
        if field:
            inside, rest = field.group(1) == "params", field.group(2)
        else:
            rest = line[2:].strip()
        m = re.match(r"\$([a-z_]+)\b", rest)
        if inside and m:
            out.add(m.group(1))
    return out


def test_there_are_statement_files():
    assert {"demo_01_macros", "refresh_append", "workbench_schema", "overview_targets"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_statement_files_are_self_describing(name):
    text = store.sql_file(name)
    head = store.sql_header(name)
    assert head.get("name") == name and head.get("title")
    assert "params" in head and ("makes" in head or "returns" in head), head
    assert declared_params(name) == set(store.sql_params(name)), "the params header lists what the file uses"
    if not declared_params(name):
        assert head["params"].startswith("none")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    assert "?" not in body  # no positional parameters
    assert "{" not in body and "}" not in body  # not a Python template


@pytest.mark.parametrize("name", FILES)
def test_every_statement_file_is_run_by_a_module(name):
    users = [p.name for p, src in SOURCES.items() if f'"{name}"' in src]
    assert users, f"{name}.sql is not run by any module in queries/ or dashboard/"


def test_execute_file_runs_each_statement_with_the_parameters_it_uses(tmp_path, monkeypatch):
    (tmp_path / "steps").mkdir()
    (tmp_path / "steps" / "two.sql").write_text(
        "-- name: two\ncreate temp table t as select $a::int as a;\n"
        "insert into t select $a + $b;\nselect sum(a) from t;\n", encoding="utf-8")
    monkeypatch.setattr(store, "QUERIES_DIR", tmp_path)
    store.sql_file.cache_clear(), store._PARSED.clear()
    try:
        con = duckdb.connect()
        # extra keys are ignored; each statement gets only its own ($a, then $a and $b)
        assert store.execute_file(con, "two", {"a": 1, "b": 10, "unused": "x"}, folder="steps").fetchone() == (12,)
        assert store.sql_params("two", "steps") == {"a", "b"}
    finally:
        store.sql_file.cache_clear(), store._PARSED.clear()


def test_a_file_is_read_once_per_process(monkeypatch):
    """Refresh and the demo run their files on every call: the text is read from disk once."""
    store.sql_file.cache_clear()
    reads = []
    real = Path.read_text

    def counting(self, *args, **kwargs):
        reads.append(self.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    for _ in range(3):
        store.sql_file("refresh_append")
        store.sql_file("series", "measures")
    assert reads == ["refresh_append.sql", "series.sql"]
