"""Every page has one error guard (ui.guarded): a store held by a writer in another process shows
'busy, try again shortly' in the page's language, a missing store says 'maalbord init' — never a
stack trace, never 'the store is empty' for a busy one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries.texts import t

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ("screens/overview.py", "screens/initiative.py", "screens/followup.py", "screens/economy.py",
         "screens/home.py", "screens/report.py", "screens/sql.py", "screens/data.py")
HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(300)"


@pytest.fixture(scope="module")
def busy_store(store_path, tmp_path_factory):
    """A copy of the catalogue store with a writer in another process holding DuckDB's lock."""
    path = tmp_path_factory.mktemp("busy") / "maalbord.duckdb"
    shutil.copy(store_path, path)
    writer = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "held"
        yield path
    finally:
        writer.kill()
        writer.wait()


def _open(monkeypatch, db: Path, page: str, lang: str = "da") -> AppTest:
    monkeypatch.setenv("MAALBORD_DB", str(db))
    monkeypatch.setenv("MAALBORD_WAIT_SECONDS", "0.3")  # the readers' wait for the lock (10 s by default)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if lang != "da":
        at.sidebar.radio[0].set_value(lang).run()
    at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_the_store_is_busy(busy_store, monkeypatch, page):
    at = _open(monkeypatch, busy_store, page)
    assert not at.exception
    assert [w.value for w in at.main.warning] == [t("err.store_busy", "da")]
    assert not at.error, [e.value for e in at.error]
    assert not any("maalbord init" in i.value for i in at.info)  # busy is not empty


def test_busy_in_english(busy_store, monkeypatch):
    at = _open(monkeypatch, busy_store, "screens/overview.py", "en")
    assert not at.exception
    assert [w.value for w in at.main.warning] == ["The store is busy in another process; try again shortly."]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_a_missing_store(tmp_path, monkeypatch, page):
    at = _open(monkeypatch, tmp_path / "none.duckdb", page)
    assert not at.exception
    assert not at.error
    assert "maalbord init" in at.info[0].value
