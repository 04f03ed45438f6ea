"""Administration (admin role): the access file shown and read again, the store backed up as one
zip and restored from it — the store as it was kept first, the restore in the audit log — and
uploads that are not a good backup refused with a message, the store unchanged. Also: local mode
refuses to show data on an address other than loopback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from queries import backup, store
from queries.problems import InputError
from tests.conftest import dump

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def db(app_store) -> Path:
    return app_store


def _change(db: Path) -> None:
    with store.writing(db) as con:
        con.execute("insert into audit_log (logged_at, actor, action, object, detail) "
                    "values (now(), 'test', 'note', 'after-backup', '{}')")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return buffer.getvalue()


def test_a_backup_zip_restores_the_store_and_keeps_the_one_it_replaces(db, tmp_path):
    before = dump(db)
    name, content = backup.pack(db, "admin-test")
    assert name.startswith("maalbord-backup-") and name.endswith(".zip")
    _change(db)
    changed = dump(db)
    assert changed != before
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    manifest = backup.unpack(name, content, unpacked)
    assert manifest["exported_by"] == "admin-test" and "audit_log" in manifest["tables"]
    result = backup.replace_from(unpacked, db, "admin-test", source=name)
    after = dump(db)
    restored_log = [r for r in after["audit_log"] if r[3] == "restore"]
    assert len(restored_log) == 1 and restored_log[0][2] == "admin-test" and restored_log[0][4] == name
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == \
           {t: rows for t, rows in before.items() if t != "audit_log"}
    assert not any(r[4] == "after-backup" for r in after["audit_log"])  # the later change is gone from the store …
    kept = Path(result["kept"])  # … but kept, with the rest of the store as it was, next to it
    assert kept.parent == db.parent / backup.SAFETY_DIR
    with duckdb.connect() as c:
        objects = [r[0] for r in c.execute(f"select object from read_parquet('{kept / 'audit_log.parquet'}')").fetchall()]
    assert "after-backup" in objects


@pytest.mark.parametrize("entries, says", [
    ({"manifest.json": b"{}", "../evil.parquet": b"x"}, "../evil.parquet"),
    ({"audit_log.parquet": b"x"}, "manifest.json"),
])
def test_an_upload_that_is_not_a_backup_is_refused_by_name(tmp_path, entries, says):
    with pytest.raises(InputError) as caught:
        backup.unpack("upload.zip", _zip(entries), tmp_path)
    text = caught.value.message("da")
    assert "upload.zip" in text and says in text
    assert not (tmp_path.parent / "evil.parquet").exists()


def test_a_damaged_backup_and_a_file_that_is_no_zip_are_refused(db, tmp_path):
    name, content = backup.pack(db)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["targets.parquet"] = entries["targets.parquet"][:-10] + b"0123456789"
    with pytest.raises(InputError) as caught:
        backup.unpack(name, _zip(entries), tmp_path / "a")
    assert "targets.parquet" in caught.value.message("da") and "SHA-256" in caught.value.message("da")
    with pytest.raises(InputError) as caught:
        backup.unpack("notes.zip", b"just text", tmp_path / "b")
    assert caught.value.message("en").endswith("The file notes.zip is not a zip file from Målbord's backup.")


def admin_page(lang: str = "da") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if lang != "da":
        at.radio(key="lang").set_value(lang).run()
    at.switch_page("screens/admin.py")
    at.run()
    assert not at.exception
    return at


def test_admin_page_shows_the_access_file_and_restores_a_backup(db):
    at = admin_page()
    groups = at.dataframe[0].value
    assert "maalbord-admin" in set(groups["group"]) and "udvalg" in set(groups["roles"])
    at.button(key="admin_reload").click().run()
    assert any("læst igen" in s.value for s in at.success)

    name, content = backup.pack(db, "admin-test")
    before = dump(db)
    _change(db)
    at.file_uploader(key="admin_restore_file").set_value((name, content, "application/zip")).run()
    assert not at.exception and "SHA-256 stemmer" in at.info[-1].value
    go = at.button(key="admin_restore_go")
    assert go.disabled                                   # not before the word is typed
    at.text_input(key="admin_restore_confirm").input("GENDAN").run()
    at.button(key="admin_restore_go").click().run()
    assert not at.exception, at.exception
    assert any("gendannet" in s.value for s in at.success)
    after = dump(db)
    assert after["targets"] == before["targets"]
    assert [r for r in after["audit_log"] if r[3] == "restore"][0][2] == "app"


def test_admin_page_refuses_a_bad_upload_and_leaves_the_store_unchanged(db):
    before = dump(db)
    at = admin_page("en")
    at.file_uploader(key="admin_restore_file").set_value(("notes.zip", b"just text", "application/zip")).run()
    assert not at.exception
    assert "notes.zip is not a zip file" in at.error[0].value
    assert not [b for b in at.button if b.key == "admin_restore_go"]
    assert dump(db) == before


def test_local_mode_on_an_address_other_than_loopback_shows_no_data(db):
    from streamlit import config
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    finally:
        config.set_option("server.address", "127.0.0.1")
    assert not at.exception
    assert any("0.0.0.0" in e.value and "127.0.0.1" in e.value for e in at.error)
    assert not at.dataframe and not at.metric


def test_admin_page_makes_a_backup_to_download(db):
    at = admin_page()
    at.button(key="admin_backup").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 1 and "maalbord-backup-" in buttons[0].proto.label
    name, content = at.session_state["admin_backup_file"]   # what the button hands the browser
    manifest = backup.unpack(name, content, db.parent / "check")
    assert manifest["exported_by"] == "app" and manifest["tables"]["targets"]["rows"] == len(dump(db)["targets"])
