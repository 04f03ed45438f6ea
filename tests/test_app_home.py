"""The home page (Forside; Overblik is the default page) renders the catalogue from the store, in Danish and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def app(store_path, monkeypatch):
    monkeypatch.setenv("MAALBORD_DB", str(store_path))
    return AppTest.from_file(APP, default_timeout=60)


def test_home_lists_initiatives_and_targets(app, con):
    app.run()
    app.switch_page("screens/home.py").run()
    assert not app.exception
    assert app.title[0].value == "Målbord"
    n_targets = con.execute("select count(*) from v_targets").fetchone()[0]
    frames = [df.value for df in app.dataframe]
    assert len(frames) == 2
    assert len(frames[1]) == n_targets
    assert any("indsatser" in m.value for m in app.markdown)


def test_english_switch_changes_labels(app):
    app.run()
    app.switch_page("screens/home.py").run()
    app.sidebar.radio[0].set_value("en").run()
    assert not app.exception
    assert app.subheader[0].value == "Initiatives"


def test_missing_store_explains_itself(monkeypatch, tmp_path):
    monkeypatch.setenv("MAALBORD_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "maalbord init" in at.info[0].value
