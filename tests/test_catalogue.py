"""Catalogue completeness: per document the number of initiatives, targets, measurements and budget
lines, and exact values — all expected values live in tests/golden/*.csv."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from queries.catalogue import SEEDS_DIR, fold
from tests.conftest import GOLDEN


def golden(name: str) -> list[dict]:
    with open(GOLDEN / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", golden("catalogue_counts.csv"), ids=lambda r: r["document_id"])
def test_counts_per_document(con, row):
    doc = row["document_id"]
    got = con.execute(
        """select d.seed_file,
                  (select count(*) from initiatives where document_id = d.document_id),
                  (select count(*) from v_targets where document_id = d.document_id),
                  (select count(*) from measurements m join v_targets t using (target_id)
                    where t.document_id = d.document_id and m.origin = 'catalogue'),
                  (select count(*) from budget_lines where document_id = d.document_id)
           from documents d where document_id = ?""", [doc]).fetchone()
    assert got is not None, doc
    assert got[0] == row["seed_file"]
    assert list(got[1:]) == [int(row[k]) for k in ("initiatives", "targets", "measurements", "budget_lines")]


def _as(value, expected: str):
    if isinstance(value, float):
        return value == pytest.approx(float(expected))
    if isinstance(value, (dt.date, int)):
        return str(value) == expected
    return value == expected


@pytest.mark.parametrize("row", golden("catalogue_values.csv"), ids=lambda r: f"{r['target_id']}.{r['column']}")
def test_target_values(con, row):
    value = con.execute(f"select {row['column']} from v_targets where target_id = ?", [row["target_id"]]).fetchone()
    assert value is not None, row["target_id"]
    assert _as(value[0], row["expected"]), (value[0], row["expected"])


@pytest.mark.parametrize("row", golden("catalogue_measurements.csv"), ids=lambda r: f"{r['target_id']}@{r['as_of']}.{r['arm']}")
def test_real_figures_are_stored_with_date_and_source(con, row):
    found = con.execute(
        """select value, source, document_id, synthetic from v_measurements
           where target_id = ? and as_of = ? and arm = ? and not superseded""",
        [row["target_id"], row["as_of"], row["arm"]]).fetchall()
    assert len(found) == 1
    value, source, document_id, synthetic = found[0]
    assert value == pytest.approx(float(row["value"]))
    assert source and document_id and synthetic is False


def test_bi07_budget_is_12830_per_year(con):
    rows = con.execute(
        """select year, sum(amount_tdkk) from budget_lines where document_id = 'BI07' and kind = 'budget'
           group by year order by year""").fetchall()
    assert [(y, float(a)) for y, a in rows] == [(y, 12830.0) for y in (2022, 2023, 2024, 2025)]


def test_bi07_budget_lines_carry_committee_and_appropriation(con):
    rows = con.execute("""select activity, committee, appropriation from v_budget
                          where document_id = 'BI07' and kind = 'budget' and year = 2022""").fetchall()
    assert len(rows) == 8
    committees = {a: c for a, c, _ in rows}
    assert committees["SOF rusmiddel"] == "SUD" and committees["SUF sagsbehandler"] == "SOU"
    assert all(ap == "35.10" for a, c, ap in rows if c == "BIU")


def test_bi2_budget_is_8800_per_year(con):
    rows = con.execute("""select year, sum(amount_tdkk) from budget_lines where document_id = 'BI2'
                          and kind = 'budget' and source_table like '%Tabel 2%' group by year order by year""").fetchall()
    assert [(y, float(a)) for y, a in rows] == [(y, 8800.0) for y in (2020, 2021, 2022, 2023)]


def test_2013_report_smileys(con):
    rows = dict(con.execute(
        """select coalesce(reported_smiley, 'none'), count(*) from initiatives
           where document_id = 'STATUS2013' and theme_id is not null group by 1""").fetchall())
    assert rows == {"green": 14, "red": 2, "none": 1}
    note = con.execute("""select smiley_note from initiatives where document_id = 'STATUS2013'
                          and theme_id is not null and reported_smiley is null""").fetchone()[0]
    assert note
    assert con.execute("select count(*) from themes where document_id = 'STATUS2013'").fetchone()[0] == 4
    new = con.execute("""select count(*) from initiatives where document_id = 'STATUS2013'
                         and section = 'Andre nye indsatser'""").fetchone()[0]
    assert new == 3


def test_2013_smileys_are_the_assessments_of_the_2013_round(con):
    rows = con.execute(
        """select i.reported_smiley, a.state, r.meeting_date from initiatives i
           join assessments a using (initiative_id) join rounds r using (round_id)
           where i.document_id = 'STATUS2013'""").fetchall()
    assert len(rows) == 16
    assert all(s == a and str(d) == "2013-08-08" for s, a, d in rows)


def test_every_target_text_is_verbatim_from_its_document(con):
    seeds = {p.name: fold(p.read_text(encoding="utf-8")) for p in SEEDS_DIR.glob("*.txt")}
    rows = con.execute("select target_id, text, document_file from v_targets").fetchall()
    assert rows
    for target_id, text, seed in rows:
        assert fold(text) in seeds[seed], target_id


def test_no_personal_names_or_cpr_numbers(con):
    names = ["Susanne Juul Rohmann", "Jan Rix", "Tina Holck"]
    tables = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()]
    for table in tables:
        text = str(con.execute(f"select * from {table}").fetchall())
        for name in names:
            assert name not in text, (table, name)
        assert not re.search(r"\b\d{6}-\d{4}\b", text), table
