"""queries/files.py: the reader every import uses (a column spec in, typed frame + problems out)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from queries.files import Column, read_table

SPEC = [Column("person_id", "text", ("borger_id",)), Column("born", "date", ("født",)),
        Column("children", "integer", ("børn",), required=False, nonempty=False, default=0),
        Column("income", "number", ("indkomst",), nonempty=False)]


def test_spec_with_integer_default_and_row_numbers_as_the_user_sees_them():
    text = "Borger_ID;Født;Indkomst;Børn\nA1;01-02-1990;1.234,50;2\n\nA2;1990-02-03;;x\nA3;30.02.1990;12;1,5\n"
    t = read_table(text.encode("cp1252"), SPEC, "borgere.csv")
    assert t.encoding == "cp1252" and t.separator == ";"
    assert t.frame["row"].to_list() == [2, 4, 5]  # the blank line 3 keeps its number
    assert t.frame.row(0) == (2, "A1", dt.date(1990, 2, 1), 2, 1234.5)
    got = sorted((p.row, p.column, p.code, p.value) for p in t.problems)
    assert got == [(4, "Børn", "err.integer", "x"), (5, "Børn", "err.integer", "1,5"),
                   (5, "Født", "err.date", "30.02.1990")]


def test_absent_optional_column_takes_its_default_and_extras_can_be_allowed():
    t = read_table(b"person_id,born,income,comment\nA1,1990-01-01,10.5,hi\n", SPEC, "x.csv", allow_extra=True)
    assert t.ok and t.frame["children"].to_list() == [0]
    strict = read_table(b"person_id,born,income,comment\nA1,1990-01-01,10.5,hi\n", SPEC, "x.csv")
    assert [(p.column, p.code) for p in strict.problems] == [("comment", "err.extra_column")]


def test_quoted_separator_and_bom():
    t = read_table('\ufeffperson_id,born,income\n"A,1",1990-01-01,"1,5"\n'.encode("utf-8"), SPEC, "q.csv")
    assert t.ok and t.encoding == "utf-8-sig" and t.frame.row(0)[1] == "A,1" and t.frame.row(0)[4] == 1.5


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
       st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]), st.sampled_from([";", ","]))
def test_danish_and_english_formats_round_trip(value, day, date_format, sep):
    number = f"{value:.2f}"
    if sep == ";":
        number = number.replace(".", ",")  # Danish locale: decimal comma
    else:
        number = f'"{number}"'
    text = f"person_id{sep}born{sep}income\nA{sep}{day.strftime(date_format)}{sep}{number}\n"
    t = read_table(text.encode("utf-8"), SPEC, "h.csv")
    assert t.ok, [p.message("en") for p in t.problems]
    assert t.frame["born"][0] == day and abs(t.frame["income"][0] - float(value)) < 1e-9
