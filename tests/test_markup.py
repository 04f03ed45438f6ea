"""queries/markup.py: the Markdown subset catalogue and status texts use, as the exports read it."""

from __future__ import annotations

import pytest

from queries import markup
from queries.markup import Run

# an initiative's passage in the 2013 status report (data/catalogue/002_status_2013.yaml), shortened
PASSAGE = """Der er udviklet nye sundhedstilbud:

- Unge ledige har spist morgenmad på beskæftigelsescentret.
- Der har været motionsvejledning
samt rygestopkurser.

I Ungecentret er ansat *Sundhedsguides*, som skal motivere den unge.
1. Alle borgere får en fast virksomhedskonsulent.
2. Alle borgere får en fast mentor."""


def test_paragraphs_lists_and_emphasis():
    blocks = markup.blocks(PASSAGE)
    assert [b.kind for b in blocks] == ["p", "ul", "p", "ol"]
    assert blocks[0].runs == [Run("Der er udviklet nye sundhedstilbud:")]
    assert [markup.plain_runs(i) for i in blocks[1].items] == [
        "Unge ledige har spist morgenmad på beskæftigelsescentret.",
        "Der har været motionsvejledning samt rygestopkurser."]  # a lazy continuation line joins its item
    assert blocks[2].runs == [Run("I Ungecentret er ansat "), Run("Sundhedsguides", italic=True),
                              Run(", som skal motivere den unge.")]
    assert blocks[3].numbers == ["1", "2"]


@pytest.mark.parametrize("text, runs", [
    ("projektet *Lighed i sundhed*.", [Run("projektet "), Run("Lighed i sundhed", italic=True), Run(".")]),
    ("**Handicappede** udgør 5 %", [Run("Handicappede", bold=True), Run(" udgør 5 %")]),
    ("*”at skabe sammenhæng”*", [Run("”at skabe sammenhæng”", italic=True)]),
    ("**a *b* c**", [Run("a ", bold=True), Run("b", italic=True, bold=True), Run(" c", bold=True)]),
    ("_kursiv_ og __fed__", [Run("kursiv", italic=True), Run(" og "), Run("fed", bold=True)]),
    # not emphasis: a lone or spaced mark, an underscore inside a word, an escaped mark
    ("3 * 4 * 5", [Run("3 * 4 * 5")]),
    ("file_name og snake_case_ord", [Run("file_name og snake_case_ord")]),
    (r"\*ikke kursiv\*", [Run("*ikke kursiv*")]),
    ("*uafsluttet", [Run("*uafsluttet")]),
])
def test_inline(text, runs):
    assert markup.inline(text) == runs


def test_a_single_line_break_is_a_space_and_a_blank_line_a_new_paragraph():
    assert [markup.plain_runs(b.runs) for b in markup.blocks("en\nto\n\ntre")] == ["en to", "tre"]
    assert markup.blocks("") == [] and markup.blocks(None) == []


def test_plain_drops_the_marks():
    assert markup.plain("**Misbrugere i behandling** udgør ca. 26 %") == "Misbrugere i behandling udgør ca. 26 %"
    assert markup.plain("a:\n- x\n- *y*") == "a:\n\n• x\n• y"


def test_html_is_escaped_with_em_strong_and_lists():
    html = markup.to_html("<script>x</script> & *a < b*\n\n- **c**\n- d\n\n3. e")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert "<em>a &lt; b</em>" in html
    assert "<ul class='text'><li><strong>c</strong></li><li>d</li></ul>" in html
    assert "<ol class='text' start='3'><li>e</li></ol>" in html
    assert "*" not in html
