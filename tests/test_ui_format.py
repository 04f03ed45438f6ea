"""dashboard/ui.py's formatting helpers: every figure a page shows goes through them — numbers in
the app's language (not the browser's), units as words, intervals with a real minus sign."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard import ui
from queries import catalogue
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
    assert ui.unit_name(unit, lang) and "_" not in ui.unit_name(unit, lang)  # the Forside's Enhed column
    label = ui.unit_label(unit, lang)
    assert "_" not in label and (lang == "en" or label != unit)  # English may spell it as the code: 'persons'


def test_unit_labels():
    assert ui.value_text(120, "count", lang="da") == "120"
    assert ui.value_text(69, "meetings_per_week", lang="da") == "69 møder om ugen"
    assert ui.value_text(69, "meetings_per_week", lang="en") == "69 meetings a week"
    assert ui.value_text(5400, "persons", lang="da") == "5.400 personer"
    assert ui.value_text(5400, "persons", lang="en") == "5,400 persons"
    assert ui.value_text(38.26, "pct", lang="da") == "38,3 %"
    assert ui.value_text(10000, "tdkk", lang="da") == "10.000 t.kr."
    assert ui.value_text(10000, "tdkk", lang="en") == "10,000 thousand DKK"  # not "10,000 DKK 1,000"
    assert ui.value_text(None, "pct", lang="da") == ""


def test_numbers_follow_the_language_with_a_real_minus_and_no_negative_zero():
    assert ui.number(21800, 0, "da") == "21.800" and ui.number(21800, 0, "en") == "21,800"
    assert ui.number(43.3333, 1, "da") == "43,3" and ui.number(43.3333, 1, "en") == "43.3"
    assert ui.number(-6.23, 1, "da") == "−6,2"  # U+2212, not the hyphen-minus
    assert ui.number(-0.04, 1, "da") == "0" and ui.number(-0.04, 1, "da", trim=False) == "0,0"
    assert ui.number(-0.4, 0, "en") == "0"
    assert ui.number(45.0, 1, "da") == "45" and ui.number(45.0, 1, "da", trim=False) == "45,0"
    assert ui.number(None) == "" and ui.number(float("nan")) == ""
    assert ui.numbers([5068.5, None, -493.0], 0, "da") == ["5.068", "", "−493"]


def test_intervals_round_as_the_rule_text_with_a_minus_sign():
    assert ui.interval(-0.04, 21.6, "da") == "0–22"        # not "-0–21,6"
    assert ui.interval(-6.2, 9.4, "da") == "−6–9"          # 5 or more wide: whole numbers
    assert ui.interval(-0.34, 0.2, "da") == "−0,3–0,2"     # narrower: one decimal
    assert ui.interval(30.7, 60.1, "en") == "31–60"
    assert ui.interval(None, 3.0) == ""


def test_decimals_per_unit():
    assert ui.decimals("pct") == 1 and ui.decimals("pp") == 1
    assert ui.decimals("persons", [1.0, 74.0]) == 0 and ui.decimals("tdkk") == 0
    assert ui.decimals("persons", [10.7, 3.0]) == 1  # an effect estimate keeps its decimal


@pytest.mark.parametrize("lang, expected", [("da", ["beregnet", "katalog", "import", "formular"]),
                                            ("en", ["computed", "catalogue", "import", "form"])])
def test_origin_labels_translate_the_apps_codes_and_keep_free_text(monkeypatch, lang, expected):
    monkeypatch.setattr(ui, "lang", lambda: lang)
    assert [ui.origin_label(c) for c in ("beregnet", "catalogue", "import", "form")] == expected
    assert [ui.origin_label(s) for s in ("Jobindsats, 2024", "QA", None, "")] == ["Jobindsats, 2024", "QA", "", ""]
