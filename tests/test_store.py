"""The store: init is idempotent, migrations keep rows, a broken catalogue changes nothing, every
table and column is documented, and the analyst views have their stable columns."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from queries import store
from queries import upkeep
from queries.problems import InputError
from tests.conftest import dump


def test_init_twice_equals_init_once(tmp_path):
    path = tmp_path / "s.duckdb"
    upkeep.init(path, actor="test")
    once = dump(path)
    report = upkeep.init(path, actor="test")
    assert report["changes"] == {}
    assert dump(path) == once


def test_migration_from_version_1_keeps_every_row(tmp_path):
    path = tmp_path / "old.duckdb"
    cat = store.read_catalogue()
    with store.writing(path) as con:
        old, new = store.migrate(con, upto=1)
        assert (old, new) == (0, 1)
        store.load_catalogue(con, cat)
        con.execute("insert into measurements (target_id, as_of, value, source, origin, entered_by, entered_at) "
                    "values ('x', date '2020-01-01', 1, 'test', 'form', 'test', now())")
    before = dump(path)
    report = upkeep.init(path, actor="test")
    assert report["old_version"] == 1 and report["version"] == store.LATEST_VERSION
    after = dump(path)
    for table, rows in before.items():
        if table in ("meta", "audit_log"):
            continue
        assert after[table] == rows, table
    with store.reading(path) as con:
        assert store.schema_version(con) == store.LATEST_VERSION


def test_broken_catalogue_leaves_store_untouched(tmp_path, catalogue_copy):
    path = tmp_path / "s.duckdb"
    upkeep.init(path, actor="test")
    before = path.read_bytes()
    doc = sorted(p for p in catalogue_copy.glob("0*.yaml"))[0]
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("kind: share", "kind: sharez", 1).replace("first_followup: 20", "first_followup: 3x20", 1),
                   encoding="utf-8")
    with pytest.raises(InputError) as info:
        upkeep.init(path, catalogue_dir=catalogue_copy, actor="test")
    messages = info.value.message("da")
    assert doc.name in messages and "række" in messages
    assert path.read_bytes() == before


def test_broken_catalogue_never_creates_a_half_built_store(tmp_path, catalogue_copy):
    path = tmp_path / "new.duckdb"
    (catalogue_copy / "reference.yaml").write_text("administrations: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        upkeep.init(path, catalogue_dir=catalogue_copy, actor="test")
    assert not path.exists()


def test_every_table_and_column_has_a_comment(con):
    missing_tables = con.execute(
        "select table_name from duckdb_tables() where schema_name='main' and comment is null").fetchall()
    missing_columns = con.execute(
        """select c.table_name, c.column_name from duckdb_columns() c
           join duckdb_tables() t on t.table_name = c.table_name and t.schema_name = c.schema_name
           where c.schema_name='main' and c.comment is null""").fetchall()
    assert missing_tables == []
    assert missing_columns == []


VIEW_COLUMNS = {
    "v_targets": "target_id initiative_id initiative theme document document_file kind text target_value unit "
                 "direction horizon first_followup measure anchor offset_months states",
    "v_initiatives": "initiative_id name theme document document_file lead_administration implementation_state "
                     "reported_smiley",
    "v_measurements": "target_id as_of arm value numerator denominator source entered_at superseded",
    "v_budget": "initiative_id activity budget_area committee appropriation year amount_tdkk price_level kind",
}


@pytest.mark.parametrize("view", sorted(VIEW_COLUMNS))
def test_view_has_its_stable_columns(con, view):
    columns = [r[0] for r in con.execute(f"describe {view}").fetchall()]
    assert set(VIEW_COLUMNS[view].split()) <= set(columns)
    assert con.execute(f"select count(*) from {view}").fetchone()[0] > 0


def test_db_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MAALBORD_DB", str(tmp_path / "x.duckdb"))
    assert store.db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("MAALBORD_DB")
    assert store.db_path() == store.DEFAULT_DB


def test_the_store_file_is_ignored_by_git():
    gitignore = (store.ROOT / ".gitignore").read_text()
    assert "data/*.duckdb" in gitignore


def test_correction_supersedes_and_keeps_history(tmp_path):
    path = tmp_path / "s.duckdb"
    upkeep.init(path, actor="test")
    with store.writing(path) as con:
        first = con.execute("select measurement_id, target_id, as_of from measurements where origin='catalogue' "
                            "order by measurement_id limit 1").fetchone()
        con.execute("insert into measurements (target_id, as_of, value, source, origin, entered_by, entered_at, "
                    "supersedes) values (?, ?, 1, 'rettelse', 'form', 'test', now(), ?)", [first[1], first[2], first[0]])
    with store.reading(path) as con:
        rows = con.execute("select measurement_id, superseded from v_measurements where target_id = ? and as_of = ? "
                           "order by measurement_id", [first[1], first[2]]).fetchall()
    assert rows[0] == (first[0], True) and rows[-1][1] is False


def test_unknown_catalogue_field_is_reported_not_dropped(catalogue_copy, tmp_path):
    doc = catalogue_copy / "000_bi07.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("    kind: share", "    kind: share\n    valeu: 41", 1),
                   encoding="utf-8")
    with pytest.raises(InputError) as info:
        upkeep.init(tmp_path / "s.duckdb", catalogue_dir=catalogue_copy, actor="test")
    [problem] = info.value.problems
    assert (problem.file, problem.column, problem.code) == ("000_bi07.yaml", "valeu", "err.unknown_field")
    assert problem.row and problem.row > 1


def test_a_schema_file_numbered_below_the_newest_is_still_applied(tmp_path):
    """Two branches may add migrations 3 and 6; a store at 6 without 3 gets 3 on the next init."""
    path = tmp_path / "gap.duckdb"
    versions = [v for v, _ in store.migrations()]
    skipped = versions[-2]
    with store.writing(path) as con:
        for version, file in store.migrations():
            if version != skipped:
                con.execute(file.read_text(encoding="utf-8"))
        store.set_meta(con, "schema_version", str(versions[-1]))
        store.set_meta(con, "schema_applied", ",".join(str(v) for v in versions if v != skipped))
    upkeep.init(path, actor="test")
    with store.reading(path) as con:
        assert store.applied_versions(con) == set(versions)


def test_a_write_gives_a_store_with_older_views_this_versions_views(store_path, tmp_path):
    """After an upgrade the first write (e.g. maalbord refresh) recreates the views and macros the
    store holds from this version's files; a current store is left alone."""
    path = tmp_path / "older.duckdb"
    shutil.copy(store_path, path)
    with store.writing(path) as con:  # as an earlier version left it: a macro missing, another hash
        con.execute("drop macro newcombe_arms_low")
        con.execute("update meta set value = 'earlier' where key = 'views_hash'")
    with store.writing(path) as con:
        assert con.execute("select newcombe_arms_low(0.5, 0.4, 0.6, 0.3, 0.2, 0.4)").fetchall()[0][0] is not None
        assert store.get_meta(con, "views_hash") == store.views_fingerprint()
        assert store.refresh_views(con) is False  # current now
