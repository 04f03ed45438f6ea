"""UI texts: Danish and English have the same keys and the same placeholders."""

import re
from pathlib import Path

from queries import imports, texts

ROOT = Path(__file__).resolve().parent.parent


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


def audit_actions() -> set[str]:
    """Every action code the code base writes to audit_log: a literal in an `insert into audit_log`
    or the action passed to imports.audit(con, actor, "code", …)."""
    found: set[str] = set()
    for path in [*ROOT.glob("queries/**/*.py"), *ROOT.glob("dashboard/**/*.py"), *ROOT.glob("queries/**/*.sql"),
                 *ROOT.glob("bench/**/*.py")]:
        source = path.read_text(encoding="utf-8")
        for insert in re.finditer(r"insert into audit_log\b", source, re.I):
            literal = re.match(r"[^;]*?values\s*\(\s*[^,]+,\s*[^,]+,\s*'(\w+)'", source[insert.end():insert.end() + 300],
                               re.S)
            if literal:
                found.add(literal.group(1))
            else:  # only the helper that takes the action as a parameter may insert without a literal
                assert path.name == "imports.py" and "def audit(" in source[max(0, insert.start() - 300):insert.start()], \
                    f"{path}: an audit_log insert whose action this test cannot read"
        found |= set(re.findall(r"\baudit\(\s*con,\s*[^,]+,\s*\"(\w+)\"", source))
    return found


def test_every_audit_action_has_a_text_in_both_languages():
    """The Data page's log shows actions in words (raw codes before); a new action needs its text."""
    actions = audit_actions()
    assert {"init", "import_measurements", "form_measurement", "round_create", "refresh", "demo"} <= actions
    for action in actions:
        assert f"audit.action.{action}" in texts.DA and f"audit.action.{action}" in texts.EN, action
        assert imports.action_label(action, "da") != action


def test_audit_details_read_as_key_value_text():
    sha = "ab" * 32
    assert imports.detail_text(f'{{"file": "m.csv", "sha256": "{sha}", "rows_added": 3, "rows_unchanged": 0}}', "da") \
        == "file: m.csv, sha256: abababababab…, rows added: 3, rows unchanged: 0"
    assert imports.detail_text('{"before": null, "after": {"as_of": "2025-12-31", "value": 5600.5}}', "da") == \
        "before: –, after: (as of: 31-12-2025, value: 5600,5)"
    assert imports.detail_text('{"frozen": true, "initiatives": ["a", "b"]}', "en") == "frozen: yes, initiatives: [a, b]"
    # a demo row stored before its detail was JSON: a Python repr, read all the same
    assert imports.detail_text("{'citizens': 20000, 'enrolments': 3117}", "da") == "citizens: 20000, enrolments: 3117"
    assert imports.detail_text("not json at all", "da") == "not json at all" and imports.detail_text(None) == ""
