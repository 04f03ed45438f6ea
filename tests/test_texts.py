"""UI texts: Danish and English have the same keys and the same placeholders."""

import re

from queries import texts


def test_both_languages_have_every_key():
    assert set(texts.DA) == set(texts.EN)


def test_placeholders_match():
    for key, da in texts.DA.items():
        assert set(re.findall(r"{(\w+)}", da)) == set(re.findall(r"{(\w+)}", texts.EN[key])), key


def test_no_key_is_defined_in_two_areas():
    seen = {}
    for area, (da, _) in texts.AREAS.items():
        for key in da:
            assert key not in seen, f"{key} in {area} and {seen.get(key)}"
            seen[key] = area


def test_each_area_has_both_languages():
    for area, (da, en) in texts.AREAS.items():
        assert set(da) == set(en), area


def test_no_text_shows_a_code_in_quotes():
    """Texts speak in words, not in the store's codes: "(art 'actual')" on Økonomi told a committee
    member nothing. A quoted snake_case word ('actual', `first_followup`) is a code leaking out."""
    code = re.compile(r"['`]([a-z]+(?:_[a-z]+)*)['`]")
    leaks = [(lang, key, m) for lang, table in (("da", texts.DA), ("en", texts.EN))
             for key, text in table.items() for m in code.findall(text)]
    assert leaks == []
