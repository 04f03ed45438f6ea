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
    app.text_input(key="report_title").input("Status til test")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception
    assert any("BIU-" in s.value for s in app.success)
    assert app.selectbox(key="report_round").value != "BIU-2013-08-08"
    assert "BIU-2013-08-08" in _texts(app)  # "Siden sidste møde" compares with the 2013 round


def test_create_round_with_empty_title_explains(app):
    app.button[0].click().run()
    assert not app.exception
    message = app.error[0].value
    assert "Runde – Titel: feltet mangler" in message and "intet er gemt" in message
    assert "title" not in message and "kolonne" not in message  # the field as the form names it, in Danish


def test_open_round_then_freeze_on_the_page(app):
    app.text_input(key="report_title").input("Åben runde")
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


def test_the_legend_names_no_verdict_once(app):
    text = _texts(app)
    assert "⚪ **Ingen vurdering**: Der er ingen måling endnu" in text
    assert "Ingen vurdering: Ingen vurdering" not in text and "**: Ingen vurdering:" not in text


def _log(path: str, action: str) -> list[tuple]:
    import duckdb
    with duckdb.connect(path, read_only=True) as con:
        return con.execute("select actor, object from audit_log where action = ? order by logged_at", [action]).fetchall()


def test_round_creation_logs_the_sidebar_user(store_path, tmp_path, monkeypatch):
    """The user typed in the sidebar field "Bruger (til loggen)" on the data page is the audit
    actor of a round created (and of one frozen) on the report page — like an import."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(store_path, copy)
    monkeypatch.setenv("MAALBORD_DB", str(copy))
    monkeypatch.delenv("MAALBORD_USER", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("screens/data.py").run()
    at.sidebar.text_input(key="data_user").set_value("steward-1").run()
    at.switch_page("screens/report.py").run()
    assert not at.exception
    assert at.sidebar.text_input(key="data_user").value == "steward-1"  # the same field, same value
    at.text_input(key="report_title").input("Status til test")
    at.button[0].click().run()
    assert not at.exception and any("BIU-" in s.value for s in at.success)
    assert [a for a, _ in _log(str(copy), "round_create")] == ["steward-1"]
    # changed on the report page itself, for an open round frozen afterwards
    at.sidebar.text_input(key="data_user").set_value("steward-2").run()
    at.selectbox(key="report_committee").set_value("SUD").run()
    at.text_input(key="report_title").input("Åben runde")
    at.checkbox[0].check()
    at.button[0].click().run()
    at.button(key="freeze_round").click().run()
    assert not at.exception
    assert [a for a, _ in _log(str(copy), "round_create")] == ["steward-1", "steward-2"]
    assert [a for a, _ in _log(str(copy), "round_freeze")] == ["steward-2"]


@pytest.fixture()
def file_names(monkeypatch):
    """The file names the page's download buttons offer (bytes data goes through MediaFileManager.add)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    names: list[str] = []
    original = MediaFileManager.add

    def record(self, path_or_data, mimetype, coordinates, file_name=None, **kw):
        names.append(file_name)
        return original(self, path_or_data, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", record)
    return names


def test_download_file_names_are_in_the_users_language(file_names, app):  # file_names first: it records app's run
    at = app
    assert not at.exception
    assert {f"udvalgsrapport_BIU-2013-08-08.{x}" for x in ("docx", "pdf", "xlsx")} <= set(file_names)
    file_names.clear()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert {f"committee_report_BIU-2013-08-08.{x}" for x in ("docx", "pdf", "xlsx")} <= set(file_names)
    assert not any(n.startswith("udvalgsrapport") for n in file_names)
    assert any("To the Employment and Integration Committee" in m.value for m in at.markdown)


def test_the_chosen_committee_follows_a_language_switch(app):
    """Switched to English on this page, the committee picker kept "BIU – Beskæftigelses- og
    Integrationsudvalget"; it is handed its value again with the English name."""
    app.radio(key="lang").set_value("en").run()
    box = app.selectbox(key="report_committee")
    assert box.value == "BIU"
    assert box.proto.set_value and box.proto.raw_value == "BIU – Employment and Integration Committee"
