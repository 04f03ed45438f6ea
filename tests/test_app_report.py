"""The Udvalgsrapport page: renders the 2013 round, the committee filter works, English switch,
downloads are offered, and creating a round freezes a snapshot — never a stack trace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def app(store_path, tmp_path, monkeypatch):
    copy = tmp_path / "store.duckdb"
    shutil.copy(store_path, copy)
    monkeypatch.setenv("MAALBORD_DB", str(copy))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("screens/report.py").run()
    return at


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.header] + [h.value for h in at.subheader]
    parts += [c.value for c in at.caption]
    return "\n".join(parts)


def test_report_page_renders_the_2013_round(app):
    assert not app.exception
    assert app.title[0].value == "Udvalgsrapport"
    text = _texts(app)
    assert "Tema 1. Sundhedsfremme for sygemeldte københavnere" in text
    assert "Andre nye indsatser" in text
    assert "Siden sidste møde" in text
    assert "😊 **På plan**: Indsatsen er i planmæssig fremdrift eller i drift." in text
    assert "Sundhedsprogram til unge på mobiltelefonen 😞" in text
    assert app.selectbox(key="report_round").value == "BIU-2013-08-08"


def test_committee_filter_switches_round(app):
    app.selectbox(key="report_committee").set_value("SUD").run()
    assert not app.exception
    assert app.selectbox(key="report_round").value == "SUD-2013-08-08"
    assert "Til Socialudvalget" in _texts(app)


def test_english_switch(app):
    app.sidebar.radio[0].set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Committee report"
    assert "Since the last meeting" in _texts(app)


def test_create_round_form_freezes_and_shows_changes(app):
    app.text_input[0].input("Status til test")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception
    assert any("BIU-" in s.value for s in app.success)
    assert app.selectbox(key="report_round").value != "BIU-2013-08-08"
    assert "BIU-2013-08-08" in _texts(app)  # "Siden sidste møde" compares with the 2013 round


def test_create_round_with_empty_title_explains(app):
    app.button[0].click().run()
    assert not app.exception
    assert app.error and "title" in app.error[0].value and "intet er gemt" in app.error[0].value


def test_open_round_then_freeze_on_the_page(app):
    app.text_input[0].input("Åben runde")
    app.checkbox[0].check()
    app.button[0].click().run()
    assert not app.exception
    assert app.selectbox(key="report_round").value.startswith("BIU-")
    assert app.selectbox(key="report_round").value != "BIU-2013-08-08"
    assert any("åben" in i.value for i in app.info)
    app.button(key="freeze_round").click().run()
    assert not app.exception
    assert any("frosset" in s.value for s in app.success)
    assert "Siden sidste møde" in _texts(app)
