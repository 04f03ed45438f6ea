"""Every text a user reads, in Danish (default) and English — all in this package.

Each module here holds one area's texts as two dicts, `DA` and `EN`, with the same keys;
`t(key, lang, **params)` formats one. The dashboard, the CLI and the data layer's error messages
all read from here, so the English switch changes every label. tests/test_texts.py checks that both
languages have the same keys and placeholders and that no key is defined twice.
"""

from __future__ import annotations

import importlib
import pkgutil

DEFAULT_LANG = "da"

DA: dict[str, str] = {}
EN: dict[str, str] = {}
AREAS: dict[str, tuple[dict, dict]] = {}

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    AREAS[_info.name] = (_module.DA, _module.EN)
    DA.update(_module.DA)
    EN.update(_module.EN)

LANGUAGES = {"da": DA, "en": EN}


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text for `key` in `lang`, formatted with `params`. Unknown keys show as the key; a text
    that is empty on purpose (e.g. the unit suffix of a plain count) stays empty."""
    table = LANGUAGES.get(lang, DA)
    text = table[key] if key in table else DA.get(key, key)
    return text.format(**params) if params else text


def t_or(key: str, lang: str, default):
    """The text for `key` when the app has one, else `default` (a code or a file name shown as it is)."""
    return t(key, lang) if key in DA else default
