"""Forms: one measurement (same validation as imports), a target's new version, audit before/after."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from queries import forms, imports, rounds, store
from queries import upkeep
from queries.files import read_table
from queries.problems import InputError, Problem
from queries.texts import t
from tests.conftest import ROOT, dump

T = "bi07-veteraner-job-6m"


@pytest.fixture()
def db(store_path, tmp_path) -> Path:
    target = tmp_path / "store.duckdb"
    shutil.copy(store_path, target)
    return target


def test_enter_measurement_then_correct_it(db):
    r = forms.enter_measurement(db, T, "31-01-2024", "37,5", 15, 40, "treatment", "LIS", actor="steward")
    assert r["status"] == "new"
    again = forms.enter_measurement(db, T, "2024-01-31", 37.5, 15, 40, "treatment", "LIS", actor="steward")
    assert again["status"] == "unchanged"
    fix = forms.enter_measurement(db, T, "31.01.2024", 40, 16, 40, "treatment", "LIS", actor="steward")
    assert fix["status"] == "superseding" and fix["before"]["value"] == 37.5
    with store.reading(db) as con:
        rows = con.execute("select measurement_id, value, supersedes, origin, entered_by from measurements "
                           "where target_id = ? and origin = 'form' order by 1", [T]).fetchall()
        audit = con.execute("select actor, object, detail from audit_log where action = 'form_measurement' "
                            "order by audit_id").fetchall()
    assert [(v, o, e) for _, v, _, o, e in rows] == [(37.5, "form", "steward"), (40, "form", "steward")]
    assert rows[1][2] == rows[0][0]
    assert len(audit) == 2 and audit[0][0] == "steward"
    detail = json.loads(audit[1][2])
    assert detail["before"]["value"] == 37.5 and detail["after"]["value"] == 40


def test_bad_measurement_lists_every_problem_and_writes_nothing(db):
    before = dump(db)
    with pytest.raises(InputError) as err:
        forms.enter_measurement(db, T, "31-02-2024", 120, 50, 40, "indsats", "", actor="steward")
    codes = sorted(p.code for p in err.value.problems)
    assert codes == sorted(["err.date", "err.required", "err.enum", "err.range_pct", "err.num_gt_den"])
    with pytest.raises(InputError) as err:
        forms.enter_measurement(db, "findes-ikke", "2024-01-31", "abc", source="x", actor="steward")
    assert sorted(p.code for p in err.value.problems) == ["err.number", "err.unknown_target"]
    assert dump(db) == before


def test_change_target_makes_a_new_version_and_keeps_old(db):
    forms.enter_measurement(db, T, "2024-01-31", 30, source="LIS", actor="steward")
    r = forms.change_target(db, T, "Udvalget hævede målet", actor="steward", target_value=45, tolerance=2.5)
    assert r["version"] == 2 and r["before"]["target_value"] == 40 and r["after"]["target_value"] == 45
    forms.enter_measurement(db, T, "2024-02-29", 31, source="LIS", actor="steward")
    with store.reading(db) as con:
        versions = con.execute("select version, target_value, tolerance, valid_to is null, changed_by, change_reason "
                               "from targets where target_id = ? order by version", [T]).fetchall()
        judged = con.execute("select as_of, target_version from measurements where target_id = ? and origin = 'form' "
                             "order by as_of", [T]).fetchall()
        current = con.execute("select target_value, target_version from v_targets where target_id = ?", [T]).fetchone()
        audit = con.execute("select detail from audit_log where action = 'form_target'").fetchall()
    assert versions[0][:4] == (1, 40, None, False)
    assert versions[1] == (2, 45, 2.5, True, "steward", "Udvalget hævede målet")
    assert [v for _, v in judged] == [1, 2]  # each measurement keeps the version it was judged against
    assert current == (45, 2)
    assert json.loads(audit[0][0])["before"]["version"] == 1
    # the catalogue does not undo the user's version
    upkeep.init(db, actor="test")
    with store.reading(db) as con:
        assert con.execute("select target_value from v_targets where target_id = ?", [T]).fetchone()[0] == 45


def test_change_target_needs_a_reason_and_a_change(db):
    before = dump(db)
    with pytest.raises(InputError) as err:
        forms.change_target(db, T, "  ", actor="steward", target_value=45)
    assert [p.code for p in err.value.problems] == ["err.reason_required"]
    with pytest.raises(InputError) as err:
        forms.change_target(db, T, "ingen grund", actor="steward", target_value=40)
    assert [p.code for p in err.value.problems] == ["err.no_change"]
    with pytest.raises(InputError) as err:
        forms.change_target(db, "findes-ikke", "x", actor="steward", tolerance=-1)
    assert sorted(p.code for p in err.value.problems) == ["err.negative", "err.unknown_target"]
    assert dump(db) == before


def test_record_assessment_through_the_status_module(db):
    with store.reading(db) as con:
        ini, rnd = con.execute("select t.initiative_id, (select round_id from rounds limit 1) from targets t "
                               "where target_id = ?", [T]).fetchone()
    before = dump(db)
    with pytest.raises(InputError) as err:
        forms.record_assessment(db, ini, T, rnd, "purple", " ", "kontorchef, BIF")
    assert sorted(p.code for p in err.value.problems) == ["err.enum", "status.err.reason_required"]
    assert dump(db) == before
    new_id = forms.record_assessment(db, ini, T, rnd, "yellow", "Færre i job end ventet", "kontorchef, BIF")
    with store.reading(db) as con:
        assert con.execute("select state, author from assessments where assessment_id = ?", [new_id]).fetchone() == \
            ("yellow", "kontorchef, BIF")
        assert con.execute("select count(*) from audit_log where action = 'assessment'").fetchone()[0] == 1


def test_a_value_that_is_not_a_number_is_one_problem_not_also_missing(db):
    before = dump(db)
    with pytest.raises(InputError) as err:
        forms.enter_measurement(db, T, "2024-01-31", "12,5x", source="", actor="steward")
    assert [(p.column, p.code, p.value) for p in err.value.problems] == \
        [("value", "err.number", "12,5x"), ("source", "err.required", None)]
    # an empty value is still missing
    with pytest.raises(InputError) as err:
        forms.enter_measurement(db, T, "2024-01-31", "", source="LIS", actor="steward")
    assert [(p.column, p.code) for p in err.value.problems] == [("value", "err.required")]
    assert dump(db) == before


def test_problem_counts_are_singular_or_plural():
    one = [Problem("skema", None, "value", "err.number", "x")]
    three = one * 3
    assert InputError(one, "err.form_failed").message("en").startswith("The form has 1 problem; nothing was saved.")
    assert InputError(three, "err.form_failed").message("en").startswith("The form has 3 problems;")
    assert InputError(one, "err.form_failed").message("da").startswith("Skemaet har 1 fejl;")
    assert InputError(one, "err.import_failed").message("en").startswith("The file has 1 error;")
    assert InputError(three, "err.import_failed").message("en").startswith("The file has 3 errors;")
    assert InputError(one).message("en").startswith("The catalogue has 1 error;")


DOCS_DATES = re.search(r"^\| `as_of` .*$", (ROOT / "docs" / "data.md").read_text(encoding="utf-8"), re.M).group(0)


@pytest.mark.parametrize("example", re.findall(r"`(\d[\d./-]+\d)`", DOCS_DATES))
def test_every_documented_date_format_is_parsed_and_named_in_the_message(example, db):
    """docs/data.md lists the date formats an import or the form accepts; the parser takes each,
    and the invalid-date message names each (DD/MM/YYYY was missing)."""
    problems: list[Problem] = []
    assert forms._date(example, problems) == dt.date(2024, 1, 31) and not problems
    assert rounds.parse_date(example) == dt.date(2024, 1, 31)  # a round's meeting date: the same reader
    table = read_table(f"mål_id;dato;værdi;kilde\n{T};{example};40;LIS\n".encode(), imports.SPEC, "x.csv")
    assert table.ok and table.frame["as_of"].to_list() == [dt.date(2024, 1, 31)]
    pattern = re.sub(r"\d{4}", "YYYY", re.sub(r"(?<![\d])\d{2}(\W)\d{2}(?=\W)", r"DD\1MM", example)) \
        if not re.match(r"\d{4}", example) else "YYYY-MM-DD"
    assert pattern in t("err.date", "en"), (pattern, t("err.date", "en"))
    assert pattern.replace("YYYY", "ÅÅÅÅ") in t("err.date", "da")
    bad = example.replace("31", "32")
    forms._date(bad, problems)
    assert [p.code for p in problems] == ["err.date"]


COUNT = "snit-faelles-borgere-pr-aar"  # a count of persons


@pytest.mark.parametrize("lang, typed, stored", [
    ("da", "5.600", 5600), ("da", "5,6", 5.6), ("da", "1.234,5", 1234.5),
    ("en", "1,234.5", 1234.5), ("en", "5,600", 5600), ("en", "5.6", 5.6)])
def test_typed_numbers_are_read_as_the_page_writes_them(db, lang, typed, stored):
    """The walkthrough saved Danish "5.600" as 5.6 (the form replaced , by . and read a decimal point);
    the import read the same text as 5600. The form now reads with the import's number reader in the
    page's language, for every numeric field: value, numerator, denominator, target value, tolerance."""
    forms.enter_measurement(db, COUNT, "31-12-2025", typed, typed, typed, source="Jobindsats", actor="s", lang=lang)
    with store.reading(db) as con:
        row = con.execute("select value, numerator, denominator from measurements where origin = 'form'").fetchone()
    assert row == pytest.approx((stored, stored, stored))
    forms.change_target(db, COUNT, "ny plan", actor="s", lang=lang, target_value=typed,
                        tolerance="1.000" if lang == "da" else "1,000")
    with store.reading(db) as con:
        assert con.execute("select target_value, tolerance from targets where target_id = ? and valid_to is null",
                           [COUNT]).fetchone() == pytest.approx((stored, 1000))


def test_the_minus_sign_the_app_writes_is_read(db):
    """formats.number writes −6,2 (a real minus sign); typed or copied back into the form it is −6.2."""
    forms.enter_measurement(db, T, "31-12-2025", "−6,2", arm="effect", source="LIS", actor="s", lang="da")
    with store.reading(db) as con:
        assert con.execute("select value from measurements where origin = 'form'").fetchone() == (-6.2,)


def test_a_number_the_language_cannot_read_is_a_problem_naming_the_field(db):
    before = dump(db)
    with pytest.raises(InputError) as err:
        forms.enter_measurement(db, COUNT, "31-12-2025", "5.60.0", "1,2,3", source="LIS", actor="s", lang="da")
    assert [(p.column, p.code, p.value) for p in err.value.problems] == \
        [("value", "err.number", "5.60.0"), ("numerator", "err.number", "1,2,3")]
    assert dump(db) == before
