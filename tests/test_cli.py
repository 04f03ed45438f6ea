"""The maalbord CLI: --help on every command, targets output, Danish errors without stack traces."""

from __future__ import annotations

import subprocess
import sys

import pytest

from queries import cli


def run(*args, env_db=None, lang=None):
    cmd = [sys.executable, "-m", "queries.cli"]
    if env_db:
        cmd += ["--db", str(env_db)]
    if lang:
        cmd += ["--lang", lang]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=cli.__file__.rsplit("/queries/", 1)[0])


def commands() -> list[str]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_top_level_help():
    result = run("--help")
    assert result.returncode == 0
    for name in commands():
        assert name in result.stdout


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: maalbord" in result.stdout and command in result.stdout


def test_targets_csv_lists_every_target(store_path, con):
    result = run("targets", "--format", "csv", env_db=store_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("target_id,initiative_id")
    assert len(lines) - 1 == con.execute("select count(*) from v_targets").fetchone()[0]


def test_targets_table_is_aligned(store_path):
    result = run("targets", env_db=store_path)
    assert result.returncode == 0
    header, rule = result.stdout.splitlines()[:2]
    assert header.startswith("target_id") and set(rule.replace(" ", "")) == {"-"}


def test_broken_catalogue_gives_a_danish_message_not_a_trace(tmp_path, catalogue_copy):
    doc = sorted(catalogue_copy.glob("0*.yaml"))[0]
    doc.write_text(doc.read_text(encoding="utf-8").replace("kind: share", "kind: andel", 1), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = run("init", "--catalogue", str(catalogue_copy), env_db=db)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert doc.name in result.stderr and "kind" in result.stderr and "ugyldig værdi" in result.stderr
    assert not db.exists()
    english = run("init", "--catalogue", str(catalogue_copy), env_db=db, lang="en")
    assert "invalid value" in english.stderr


@pytest.mark.parametrize("argv, expected", [
    (["import", "microdata", "d", "--lang", "en"], ["--lang", "en", "import", "microdata", "d"]),
    (["kpi", "--db=x.duckdb", "--format", "csv"], ["--db=x.duckdb", "kpi", "--format", "csv"]),
    (["--lang", "en", "kpi"], ["--lang", "en", "kpi"]),
    (["sql", "select '--lang'"], ["sql", "select '--lang'"]),
])
def test_shared_options_may_follow_the_command(argv, expected):
    assert cli.hoist_global_options(argv) == expected


def test_lang_after_the_command_gives_english_messages(tmp_path):
    result = run("refresh", "--lang", "en", env_db=tmp_path / "missing.duckdb")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "does not exist" in result.stderr, result.stderr
