"""The published copy without microdata (queries/published.py) and the sandbox on it: the
citizen-level tables do not exist there, so no statement returns a citizen-level row; the copy
follows every change of the store; `maalbord serve` refuses bad set-ups with the setting named."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from queries import published, sandbox, store
from queries.commands import serve


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from queries import demo
    path = tmp_path_factory.mktemp("published") / "maalbord.duckdb"
    demo.demo(path, citizens=200, seed=2, actor="test")
    return path


def tables(path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}


def test_the_copy_has_no_citizen_level_table_and_every_aggregate(demo_store):
    copy = published.ensure(demo_store)
    assert not tables(copy) & set(published.MICRODATA)
    assert tables(demo_store) - set(published.MICRODATA) <= tables(copy)
    with duckdb.connect(str(copy), read_only=True) as con, store.reading(demo_store) as src:
        for view in ("v_status", "v_targets", "v_progression"):  # same rows as the store's
            assert sorted(con.execute(f"select * from {view}").fetchall(), key=repr) == \
                   sorted(src.execute(f"select * from {view}").fetchall(), key=repr)


@pytest.mark.parametrize("sql", [
    "select * from citizens", "select * from main.spells", "select citizen_id from enrolments",
    "select * from src.citizens", "select * from events", "summarize progression",
    "select * from citizen_keys",
])
def test_without_the_grant_no_citizen_level_table_is_there(demo_store, sql):
    result = sandbox.run(sql, demo_store, microdata=False)
    assert not result.ok and result.error == "duckdb"
    assert "does not exist" in result.detail


@pytest.mark.parametrize("sql", [
    f"attach '{{db}}' as raw",
    "select * from read_csv('{db}')",
    "select * from duckdb_tables() where table_name = 'citizens'",
])
def test_the_original_store_is_out_of_reach(demo_store, sql):
    result = sandbox.run(sql.format(db=demo_store), demo_store, microdata=False)
    assert not result.ok or result.rows.height == 0


def test_with_the_grant_the_microdata_is_there(demo_store):
    result = sandbox.run("select count(*) as n from citizens", demo_store, microdata=True)
    assert result.ok and result.rows["n"].to_list() == [200]


def test_a_missing_citizen_table_is_explained(demo_store):
    result = sandbox.run("select * from citizens", demo_store, microdata=False)
    assert "analytiker-mikrodata" in result.message("da") and "analytiker-mikrodata" in result.message("en")


def test_the_copy_follows_each_change_of_the_store(demo_store):
    copy = published.ensure(demo_store)
    before = published.recorded_stamp(copy)
    with store.writing(demo_store) as con:
        con.execute("insert into audit_log (logged_at, actor, action) values (now(), 'test', 'published_probe')")
    result = sandbox.run("select count(*) as n from audit_log where action = 'published_probe'", demo_store,
                         microdata=False)
    assert result.ok and result.rows["n"].to_list() == [1]  # the query saw the write made just before
    assert published.recorded_stamp(copy) != before
    assert published.recorded_stamp(copy) == published.stamp(demo_store)


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "queries.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_serve_refuses_another_address_without_auth(tmp_path):
    done = cli("serve", "--address", "0.0.0.0", "--check", cwd=tmp_path)
    assert done.returncode == 2 and "0.0.0.0" in done.stderr and "127.0.0.1" in done.stderr
    assert cli("serve", "--check", cwd=tmp_path).returncode == 0


def write_secrets(path, **override):
    settings = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 40,
                "client_id": "maalbord", "client_secret": "s",
                "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"} | override
    path.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in settings.items() if v is not None))
    return path


def test_serve_names_a_missing_client_secret(tmp_path):
    done = cli("serve", "--secrets", str(write_secrets(tmp_path / "s.toml", client_secret=None)), "--check")
    assert done.returncode == 2 and "[auth] client_secret" in done.stderr


def test_serve_names_an_unreachable_provider(tmp_path):
    done = cli("--lang", "en", "serve", "--secrets", str(write_secrets(tmp_path / "s.toml")), "--check")
    assert done.returncode == 2 and "server_metadata_url" in done.stderr and "does not answer" in done.stderr


def test_serve_names_an_unknown_role_in_the_access_file(tmp_path, monkeypatch):
    bad = tmp_path / "access.yaml"
    bad.write_text("groups:\n  - group: g\n    roles: [superuser]\n")
    monkeypatch.setenv("MAALBORD_ACCESS", str(bad))
    assert serve.problems("127.0.0.1", {"client_id": "x"}, "da")[-1].endswith(
        "(kendte roller: ledelse, udvalg, analytiker, analytiker-mikrodata, dataansvarlig, admin).")


def test_the_calendars_secret_addresses_stay_out_of_the_copy(demo_store):
    from queries import feeds
    token = feeds.create(demo_store, None, actor="test")
    result = sandbox.run("select * from calendar_feeds", demo_store, microdata=False)
    assert result.ok and result.rows.height >= 1 and "token" not in result.rows.columns
    assert "created_by" in result.rows.columns  # the rest of the row is data an analyst may read
    leaked = sandbox.run(f"select count(*) as n from audit_log where detail like '%{token}%'", demo_store,
                         microdata=False)
    assert leaked.ok and leaked.rows["n"].to_list() == [0]
