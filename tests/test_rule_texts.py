"""Rule texts are rendered from the stored rule id and figures (queries/rule_texts.py, schema 015):
round snapshots freeze rule + figures and no text, older snapshots keep the text they were frozen
with, and every reader (v_status, the report, the CLI) gets the one renderer's words."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from queries import report, rounds, rule_texts, status_table, store
from queries import status as S
from queries.texts import t
from tests.judging import judged

HENVIST = "status2013-sundhed-sygemeldte-kontanthjaelp-henvist"  # tracked without a target


@pytest.fixture()
def work_store(store_path, tmp_path):
    copy = tmp_path / "work.duckdb"
    shutil.copy(store_path, copy)
    return copy


def test_render_reads_like_the_issue_from_figures_alone():
    figs = {"basis": "target", "actual": 37, "goal": 40, "target_value": 40, "unit": "pct", "n": 112,
            "ci_low": 28.9, "ci_high": 46.1}
    assert rule_texts.render("within_tolerance", figs, "da") == \
        "40 % mål, 37 % opnået (n=112, 95 %-interval 29–46 %): inden for tolerance"
    assert rule_texts.render("within_tolerance", figs, "en") == \
        "40 % target, 37 % achieved (n=112, 95 % interval 29–46 %): within tolerance"
    # no figures (disclosure hides them) or a basis without a comparison: the outcome alone
    assert rule_texts.render("within_tolerance", None, "da") == "inden for tolerance"
    assert rule_texts.render("no_target", {**figs, "basis": "none"}, "en") == t("status.rule.no_target", "en")


def test_a_verdicts_texts_are_the_renderers_of_its_figures():
    target = S.Target(value=-15, kind="effect", direction="lower", unit="persons")
    v = S.evaluate(target, S.Measurement(value=-12, n=40, ci_low=-20, ci_high=-4, arm="effect"), dt.date(2026, 1, 1))
    figs = json.loads(rule_texts.to_json(rule_texts.figures(v, target.value, target.unit)))  # as stored
    assert rule_texts.render(v.rule, figs, "da") == v.rule_text_da
    assert rule_texts.render(v.rule, figs, "en") == v.rule_text_en
    assert "−12 personer" in v.rule_text_da and "n=40" in v.rule_text_da


def test_v_status_text_is_rendered_from_its_rule_and_figures(con):
    for view in ("v_status", "v_status_initiatives"):
        rows = store.frame(con, f"select rule, rule_figures, rule_text, rule_text_en from {view}").to_dicts()
        assert rows and all(r["rule_figures"] for r in rows), view
        for r in rows:
            figs = json.loads(r["rule_figures"])
            assert r["rule_text"] == rule_texts.render(r["rule"], figs, "da")
            assert r["rule_text_en"] == rule_texts.render(r["rule"], figs, "en")
    rollup = store.frame(con, "select rule_figures, rule_text from v_status_initiatives "
                              "where rule = 'rollup_worst' limit 1").to_dicts()[0]
    assert json.loads(rollup["rule_figures"])["counts"] and "(" in rollup["rule_text"]


def test_a_new_snapshot_freezes_the_rule_and_its_figures_not_a_text(work_store):
    day = dt.date(2026, 12, 1)
    with store.writing(work_store) as con:
        round_id = rounds.create_round(con, "BIU", day.isoformat(), "December", "test")
    with store.reading(work_store) as con:
        snap = rounds.snapshot(con, round_id).to_dicts()
        live = {r["target_id"]: r for r in status_table.status_at(con, day).to_dicts()}
        built = {lang: {f.target_id: f.rule_text for _, _, f in report.build(con, round_id, lang).all_figures()}
                 for lang in ("da", "en")}
    assert snap and all(r["rule_text"] is None and r["rule_text_en"] is None for r in snap)
    assert all(r["rule"] and r["rule_figures"] for r in snap)
    for r in snap:  # what the committee is shown is what the rules said at the meeting, in either language
        assert rule_texts.text(r, "da") == live[r["target_id"]]["rule_text"]
        assert rule_texts.text(r, "en") == live[r["target_id"]]["rule_text_en"]
    # and the report quotes it (where disclosure does not hide the figures): a text with its figures
    assert any(built[lang][r["target_id"]] == rule_texts.text(r, lang) and word in rule_texts.text(r, lang)
               for r in snap for lang, word in (("da", " opnået"), ("en", " achieved")))


def test_a_snapshot_frozen_before_schema_15_keeps_its_stored_text(work_store):
    """No figures (frozen before schema 15): the stored Danish and English text, as then; without
    an English text (before schema 12) the English report shows the Danish one."""
    with store.writing(work_store) as con:
        con.execute("update round_snapshots set rule_figures = null, rule_text = 'frosset tekst', "
                    "rule_text_en = 'frozen text' where round_id = 'BIU-2013-08-08' and target_id = ?", [HENVIST])
    with store.reading(work_store) as con:
        texts = {lang: next(f for _, _, f in report.build(con, "BIU-2013-08-08", lang).all_figures()
                            if f.target_id == HENVIST).rule_text for lang in ("da", "en")}
    assert texts == {"da": "frosset tekst", "en": "frozen text"}
    with store.writing(work_store) as con:
        con.execute("update round_snapshots set rule_text_en = null where round_id = 'BIU-2013-08-08' "
                    "and target_id = ?", [HENVIST])
    with store.reading(work_store) as con:
        english = next(f for _, _, f in report.build(con, "BIU-2013-08-08", "en").all_figures()
                       if f.target_id == HENVIST).rule_text
    assert english == "frosset tekst"


def test_migration_15_gives_existing_status_rows_their_figures(tmp_path):
    """A store at schema 14 holds rendered texts only; after 015 its status rows render the same
    text from their own columns."""
    target = S.Target(value=40, unit="pct")
    v = S.evaluate(target, judged(target, S.Measurement(value=37, n=112)), dt.date(2026, 1, 1))
    path = tmp_path / "old.duckdb"
    with store.writing(path) as con:
        store.migrate(con, upto=14)
        con.execute("""insert into status_proposals (level, target_id, initiative_id, as_of, proposed, rule, basis,
                           rule_text_da, rule_text_en, actual, goal, target_value, tolerance, unit, n, ci_low,
                           ci_high, final, sort_order)
                       values ('target', 't', 'i', date '2026-01-01', ?, ?, ?, ?, ?, ?, ?, 40, ?, 'pct', ?, ?, ?, ?, 0)""",
                    [v.state, v.rule, v.basis, v.rule_text_da, v.rule_text_en, v.actual, v.goal, v.tolerance, v.n,
                     v.ci_low, v.ci_high, v.state])
    with store.writing(path) as con:
        store.migrate(con)
    with store.reading(path) as con:
        row = store.frame(con, "select * from status_proposals").to_dicts()[0]
    assert row["rule_figures"]
    assert rule_texts.render(row["rule"], json.loads(row["rule_figures"]), "da") == v.rule_text_da
    assert rule_texts.render(row["rule"], json.loads(row["rule_figures"]), "en") == v.rule_text_en
