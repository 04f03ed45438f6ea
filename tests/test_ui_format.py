"""queries/formats.py, the one formatter of pages, reports, CLI and audit details, and the pages'
labels (dashboard/ui.py): numbers in the app's language (not the browser's), units as words,
intervals with a real minus sign."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dashboard import ui
from queries import catalogue, formats
from queries.texts import LANGUAGES

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue"


def _units(node) -> set[str]:
    """Every `unit:` value anywhere in a YAML tree."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "unit" and isinstance(value, str):
                found.add(value)
            found |= _units(value)
    elif isinstance(node, list):
        for item in node:
            found |= _units(item)
    return found


def catalogue_units() -> set[str]:
    units: set[str] = set(catalogue.UNITS)
    for path in sorted(CATALOGUE.glob("*.yaml")):
        units |= _units(yaml.safe_load(path.read_text(encoding="utf-8")))
    return units


def test_the_catalogue_uses_units():
    assert {"count", "meetings_per_week", "persons", "pct"} <= catalogue_units()


@pytest.mark.parametrize("unit", sorted(catalogue_units()))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_catalogue_unit_has_a_label(unit, lang):
    """A unit the catalogue may use must have a label in both languages — never shown as its code."""
    assert f"status.unit.{unit}" in LANGUAGES[lang], f"no {lang} label for unit {unit!r}"
    assert f"status.unit_name.{unit}" in LANGUAGES[lang], f"no {lang} name for unit {unit!r}"
    assert formats.unit_name(unit, lang) and "_" not in formats.unit_name(unit, lang)  # the Forside's Enhed column
    label = formats.unit_suffix(unit, lang).strip()
    assert "_" not in label and (lang == "en" or label != unit)  # English may spell it as the code: 'persons'


def test_unit_labels():
    assert formats.value(120, "count", lang="da") == "120"
    assert formats.value(69, "meetings_per_week", lang="da") == "69 møder om ugen"
    assert formats.value(69, "meetings_per_week", lang="en") == "69 meetings a week"
    assert formats.value(5400, "persons", lang="da") == "5.400 personer"
    assert formats.value(5400, "persons", lang="en") == "5,400 persons"
    assert formats.value(38.26, "pct", lang="da") == "38,3 %"
    assert formats.value(10000, "tdkk", lang="da") == "10.000 t.kr."
    assert formats.value(10000, "tdkk", lang="en") == "10,000 thousand DKK"  # not "10,000 DKK 1,000"
    assert formats.value(None, "pct", lang="da") == ""


def test_numbers_follow_the_language_with_a_real_minus_and_no_negative_zero():
    assert formats.number(21800, 0, "da") == "21.800" and formats.number(21800, 0, "en") == "21,800"
    assert formats.number(43.3333, 1, "da") == "43,3" and formats.number(43.3333, 1, "en") == "43.3"
    assert formats.number(-6.23, 1, "da") == "−6,2"  # U+2212, not the hyphen-minus
    assert formats.number(-0.04, 1, "da") == "0" and formats.number(-0.04, 1, "da", trim=False) == "0,0"
    assert formats.number(-0.4, 0, "en") == "0"
    assert formats.number(45.0, 1, "da") == "45" and formats.number(45.0, 1, "da", trim=False) == "45,0"
    assert formats.number(None) == "" and formats.number(float("nan")) == ""
    assert formats.numbers([5068.5, None, -493.0], 0, "da") == ["5.068", "", "−493"]


def test_intervals_round_as_the_rule_text_with_a_minus_sign():
    assert formats.interval(-0.04, 21.6, lang="da") == "0–22"        # not "-0–21,6"
    assert formats.interval(-6.2, 9.4, lang="da") == "−6–9"          # 5 or more wide: whole numbers
    assert formats.interval(-0.34, 0.2, lang="da") == "−0,3–0,2"     # narrower: one decimal
    assert formats.interval(30.7, 60.1, lang="en") == "31–60"
    assert formats.interval(None, 3.0) == ""


def test_a_value_as_entered_keeps_its_decimals_and_a_count_has_none():
    """formats.exact: a form's current value, an import preview, an audit detail (no grouping there);
    formats.integer: a count, as disclosure and the pages write n."""
    assert formats.exact(5700.5, "da") == "5.700,5" and formats.exact(5700.5, "en") == "5,700.5"
    assert formats.exact(1.125, "da") == "1,125" and formats.exact(20000, "da") == "20.000"
    assert formats.exact(5600.5, "da", grouping=False) == "5600,5" and formats.exact(None) == ""
    assert formats.integer(21800.4, "da") == "21.800" and formats.integer(3117, "en") == "3,117"
    assert formats.integer(None) == ""


def test_a_unit_name_is_the_word_and_a_unit_suffix_follows_a_number():
    assert formats.unit_name("count", "da") == "antal" and formats.unit_suffix("count", "da") == ""
    assert formats.unit_name("pp", "da") == "pct.-point" and formats.unit_suffix("pp", "da") == " %-point"
    assert formats.value(-2.5, "pp", "en", signed=True) == "−2.5 pp" and formats.value(2.5, "pp", "en", signed=True) == "+2.5 pp"


def test_dates_are_day_month_year_in_both_languages():
    assert formats.date(dt.date(2022, 12, 31)) == "31-12-2022" and formats.date(None) == ""
    assert formats.date(dt.datetime(2026, 6, 1, 14, 5)) == "01-06-2026"
    assert formats.date(dt.datetime(2026, 6, 1, 14, 5), with_time=True) == "01-06-2026 14:05"


def test_decimals_per_unit():
    assert formats.decimals("pct") == 1 and formats.decimals("pp") == 1
    assert formats.decimals("persons", [1.0, 74.0]) == 0 and formats.decimals("tdkk") == 0
    assert formats.decimals("persons", [10.7, 3.0]) == 1  # an effect estimate keeps its decimal


@pytest.mark.parametrize("lang, expected", [("da", ["beregnet", "katalog", "import", "formular"]),
                                            ("en", ["computed", "catalogue", "import", "form"])])
def test_origin_labels_translate_the_apps_codes_and_keep_free_text(monkeypatch, lang, expected):
    monkeypatch.setattr(ui, "lang", lambda: lang)
    assert [ui.origin_label(c) for c in ("beregnet", "catalogue", "import", "form")] == expected
    assert [ui.origin_label(s) for s in ("Jobindsats, 2024", "QA", None, "")] == ["Jobindsats, 2024", "QA", "", ""]
