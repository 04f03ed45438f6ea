"""UI texts: Danish and English have the same keys and the same placeholders."""

import re

from queries import texts


def test_both_languages_have_every_key():
    assert set(texts.DA) == set(texts.EN)


def test_placeholders_match():
    for key, da in texts.DA.items():
        assert set(re.findall(r"{(\w+)}", da)) == set(re.findall(r"{(\w+)}", texts.EN[key])), key
