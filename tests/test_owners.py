"""Owners (issue 20): the catalogue's owners in the store, the Data page's edit (versioned, audited,
validated), the default from the initiative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries import owners, store
from queries.catalogue import read_catalogue
from queries.problems import InputError
from tests.conftest import dump

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def db(app_store) -> Path:
    return app_store


def test_every_target_has_an_owner_from_the_catalogue(con):
    rows = store.frame(con, "select * from v_owners")
    assert rows.height == con.execute("select count(*) from targets where valid_to is null").fetchone()[0]
    assert rows["mailbox"].null_count() == 0 and all(owners.valid_mailbox(m) for m in rows["mailbox"])
    assert all(m.endswith("@kk.example") for m in rows["mailbox"])  # illustrative, reserved domain
    # a BIF-led initiative's target: BIF's functional mailbox, through its initiative
    bi07 = rows.filter(rows["target_id"] == "bi07-veteraner-job-6m").row(0, named=True)
    assert (bi07["administration_id"], bi07["mailbox"], bi07["owner_source"]) == \
        ("BIF", "beskaeftigelse-maal@kk.example", "initiative")
    # the catalogue names an owner of its own for this target (SOF; SOF's mailbox)
    own = rows.filter(rows["target_id"] == "snit-faelles-borgere-pr-aar").row(0, named=True)
    assert (own["administration_id"], own["mailbox"], own["owner_source"]) == \
        ("SOF", "social-maal@kk.example", "target")


def test_a_bad_mailbox_in_the_catalogue_names_file_line_and_field(catalogue_copy):
    ref = catalogue_copy / "reference.yaml"
    ref.write_text(ref.read_text(encoding="utf-8").replace("social-maal@kk.example", "Socialforvaltningen"),
                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_catalogue(catalogue_copy)
    text = err.value.message("da")
    assert "reference.yaml" in text and "mailbox" in text and "ikke en e-mailadresse" in text, text


def test_change_owner_versions_audits_and_validates(db):
    before = dump(db)
    with pytest.raises(InputError) as err:
        owners.change_owner(db, "target", "bi07-veteraner-job-6m", "BIF", "ikke en adresse", "", actor="steward")
    assert {p.column for p in err.value.problems} == {"mailbox", "change_reason"}
    assert "ikke en e-mailadresse" in err.value.message("da") and "not an e-mail address" in err.value.message("en")
    assert dump(db) == before
    out = owners.change_owner(db, "target", "bi07-veteraner-job-6m", "SOF", "veteraner-maal@kk.example",
                              "SOF følger op", actor="steward")
    assert out["version"] == 1 and out["before"] is None
    out = owners.change_owner(db, "initiative", "bi07-veteraner-koordination", "BIF", "veteran-bif@kk.example",
                              "ny postkasse", actor="steward")
    assert out["version"] == 2 and out["before"]["mailbox"] == "beskaeftigelse-maal@kk.example"
    with store.reading(db) as con:
        versions = con.execute("select version, mailbox, valid_to is null, changed_by from owners where "
                               "object_id = 'bi07-veteraner-koordination' order by version").fetchall()
        assert versions == [(1, "beskaeftigelse-maal@kk.example", False, "katalog"),
                            (2, "veteran-bif@kk.example", True, "steward")]
        audit = con.execute("select actor, object, detail from audit_log where action = 'owner_changed' "
                            "order by logged_at, object").fetchall()
    assert sorted((a, o) for a, o, _ in audit) == [("steward", "initiative:bi07-veteraner-koordination"),
                                                   ("steward", "target:bi07-veteraner-job-6m")]
    # a later catalogue load keeps the steward's owner
    store.init(db, actor="test")
    with store.reading(db) as con:
        assert con.execute("select mailbox from v_owners where target_id = 'bi07-veteraner-job-6m'").fetchone()[0] == \
            "veteraner-maal@kk.example"
        assert con.execute("select count(*) from owners where object_id = 'bi07-veteraner-koordination'"
                           ).fetchone()[0] == 2


def page(db) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("screens/data.py")
    at.run()
    assert not at.exception
    return at


def test_the_data_page_changes_an_owner_and_logs_it(db):
    at = page(db)
    at.selectbox(key="fo_kind").set_value("target").run()
    at.selectbox(key="fo_object").set_value("bi07-veteraner-job-6m").run()
    assert "beskaeftigelse-maal@kk.example" in " ".join(c.value for c in at.caption)
    assert at.text_input(key="fo_mailbox").value == "beskaeftigelse-maal@kk.example"
    at.sidebar.text_input(key=[w.key for w in at.sidebar.text_input][0]).set_value("datapleje-bif")
    at.selectbox(key="fo_admin").set_value("SOF")
    at.text_input(key="fo_mailbox").set_value("veteraner-maal@kk.example")
    at.text_area(key="fo_reason").set_value("SOF følger målet op")
    at.button(key="FormSubmitter:data_form_owner-Gem").click().run()
    assert not at.exception and [s.value for s in at.success] == ["Gemt."], [e.value for e in at.error]
    with store.reading(db) as con:
        assert con.execute("select administration_id, mailbox, changed_by, change_reason from owners "
                           "where object_kind = 'target' and object_id = 'bi07-veteraner-job-6m' and valid_to is null"
                           ).fetchone() == ("SOF", "veteraner-maal@kk.example", "datapleje-bif", "SOF følger målet op")
        actor, detail = con.execute("select actor, detail from audit_log where action = 'owner_changed'").fetchone()
    assert actor == "datapleje-bif"
    assert json.loads(detail)["after"] == {"administration": "SOF", "mailbox": "veteraner-maal@kk.example",
                                           "version": 1}
    log = at.dataframe[-1].value
    assert "Ejer ændret" in set(log["action"])


def test_the_data_page_refuses_a_bad_mailbox_and_writes_nothing(db):
    before = dump(db)
    at = page(db)
    at.text_input(key="fo_mailbox").set_value("Hanne fra BIF")
    at.text_area(key="fo_reason").set_value("forsøg")
    at.button(key="FormSubmitter:data_form_owner-Gem").click().run()
    assert not at.exception and not at.success
    assert "Ejer af indsats eller mål" in at.error[0].value
    reasons = at.dataframe[-2].value.to_dict("records")
    assert [(r["field"], r["reason"]) for r in reasons] == \
        [("Funktionspostkasse (e-mail)", "ikke en e-mailadresse (form: navn@domæne.dk); brug en funktionspostkasse, "
                                         "ikke en persons adresse")]
    assert dump(db) == before


def owner_of(db, target_id: str) -> tuple:
    with store.reading(db) as con:
        return con.execute("select administration_id, mailbox, owner_source from v_owners where target_id = ?",
                           [target_id]).fetchone()


def test_removing_an_override_falls_back_to_the_inherited_owner_and_stands(db):
    """A target with the catalogue's own owner (SOF) → its initiative's; a steward's initiative owner
    → the lead administration's mailbox. New versions (the old kept), audit rows; a later `init`
    keeps the removal; nothing to remove → a problem, nothing written."""
    target, initiative = "snit-faelles-borgere-pr-aar", "bi07-veteraner-koordination"
    with store.reading(db) as con:
        parent = con.execute("select initiative_administration_id, initiative_mailbox from v_owners "
                             "where target_id = ?", [target]).fetchone()
    assert owner_of(db, target) == ("SOF", "social-maal@kk.example", "target")
    out = owners.remove_override(db, "target", target, "ejes af indsatsen", actor="steward")
    assert out["after"] == {"administration": parent[0], "mailbox": parent[1], "version": out["version"],
                            "inherited": True} and out["before"]["mailbox"] == "social-maal@kk.example"
    assert owner_of(db, target) == (*parent, "initiative")

    owners.change_owner(db, "initiative", initiative, "SOF", "veteran-sof@kk.example", "midlertidigt", actor="steward")
    assert owner_of(db, "bi07-veteraner-job-6m")[1] == "veteran-sof@kk.example"
    owners.remove_override(db, "initiative", initiative, "tilbage til BIF", actor="steward")
    assert owner_of(db, "bi07-veteraner-job-6m") == ("BIF", "beskaeftigelse-maal@kk.example", "initiative")

    store.init(db, actor="test")  # the catalogue's SOF owner of the target does not come back
    assert owner_of(db, target) == (*parent, "initiative")
    with store.reading(db) as con:
        versions = con.execute("select version, mailbox, inherits, valid_to is null, changed_by from owners "
                               "where object_id = ? order by version", [target]).fetchall()
        log = con.execute("select actor, object from audit_log where action = 'owner_override_removed' "
                          "order by logged_at").fetchall()
    assert versions == [(1, "social-maal@kk.example", False, False, "katalog"), (2, parent[1], True, True, "steward")]
    assert log == [("steward", f"target:{target}"), ("steward", f"initiative:{initiative}")]

    before = dump(db)
    for kind, oid in (("target", target), ("initiative", initiative), ("target", "bi07-veteraner-job-6m")):
        with pytest.raises(InputError) as err:
            owners.remove_override(db, kind, oid, "igen", actor="steward")
        assert [p.code for p in err.value.problems] == ["err.no_override"], (kind, oid)
    with pytest.raises(InputError) as err:
        owners.remove_override(db, "target", "findes-ikke", "", actor="steward")
    assert {p.code for p in err.value.problems} == {"err.unknown_ref", "err.reason_required"}
    assert dump(db) == before
    # a steward can give the target an owner of its own again: the explicit owner wins over inheriting
    owners.change_owner(db, "target", target, *parent, "eget ejerskab igen", actor="steward")
    assert owner_of(db, target) == (*parent, "target")


def test_the_data_page_removes_a_targets_own_owner(db):
    at = page(db)
    at.selectbox(key="fo_kind").set_value("target").run()
    at.selectbox(key="fo_object").set_value("snit-faelles-borgere-pr-aar").run()
    at.sidebar.text_input(key=[w.key for w in at.sidebar.text_input][0]).set_value("datapleje-bif")
    at.text_input(key="fo_remove_reason").set_value("indsatsen ejer målet")
    at.button(key="fo_remove").click().run()
    assert not at.exception and [s.value for s in at.success] == ["Gemt."], [e.value for e in at.error]
    assert owner_of(db, "snit-faelles-borgere-pr-aar")[2] == "initiative"
    at.run()  # the target has no owner of its own now: nothing to remove is offered
    assert not [b for b in at.button if b.key == "fo_remove"]
    assert "indsatsens ejer" in " ".join(c.value for c in at.caption)
    with store.reading(db) as con:
        assert con.execute("select actor from audit_log where action = 'owner_override_removed'").fetchall() == \
            [("datapleje-bif",)]
