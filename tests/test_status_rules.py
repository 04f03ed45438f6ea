"""The status rules (queries/status.py), table-driven from tests/cases/status_rules.csv and
status_rollup.csv, plus property tests: raising the actual never makes a higher-is-better target
worse, and mirroring direction and values mirrors the state."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries import formats
from queries import presentation as P
from queries import status as S
from queries.vocabulary import STATES
from queries.texts import DA, EN
from tests.judging import judged

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list[dict]:
    lines = [l for l in (CASES / name).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert all(None not in r for r in rows), f"{name}: a row has more cells than the header (quote a text with commas)"
    return rows


def _num(x):
    return float(x) if x not in ("", None) else None


def _date(x):
    return dt.date.fromisoformat(x) if x else None


def _case_inputs(c: dict):
    target = S.Target(
        target_id=c["case"], kind=c["kind"], value=_num(c["value"]), direction=c["direction"] or "higher",
        unit=c["unit"] or None, tolerance=_num(c["tolerance"]), first_followup=_date(c["first_followup"]),
        deadline=_date(c["deadline"]), baseline_value=_num(c["baseline_value"]),
        baseline_date=_date(c["baseline_date"]), implementation_state=c["impl_state"] or None,
        state_reason=c["state_reason"] or None)
    m = None
    if c["m_arm"]:
        m = S.Measurement(value=_num(c["m_value"]), n=_num(c["m_n"]), numerator=_num(c["m_numerator"]),
                          ci_low=_num(c["m_ci_low"]), ci_high=_num(c["m_ci_high"]), arm=c["m_arm"])
    control = None
    if c["c_value"]:
        control = S.Measurement(value=_num(c["c_value"]), n=_num(c["c_n"]), numerator=_num(c["c_numerator"]),
                                arm="control")
    cfg = S.Settings(small_n=int(c["small_n"])) if c["small_n"] else S.DEFAULTS
    as_of = _date(c["as_of"])
    return target, judged(target, m, control, as_of), as_of, cfg


RULE_CASES = _rows("status_rules.csv")


@pytest.mark.parametrize("case", RULE_CASES, ids=[c["case"] for c in RULE_CASES])
def test_rule_table(case):
    target, m, as_of, cfg = _case_inputs(case)
    v = S.evaluate(target, m, as_of, cfg)
    assert (v.state, v.rule, v.basis) == (case["state"], case["rule"], case["basis"])
    assert v.rule_text_da and v.rule_text_en and "status." not in v.rule_text_da + v.rule_text_en
    if case.get("text_da"):  # effects read as treatment minus control, signed like the target's text
        assert v.rule_text_da.startswith(case["text_da"]), v.rule_text_da
    if v.state == "red":  # missing data is never red
        assert m is not None and m.value is not None or target.kind == "implementation"


def test_every_rule_id_has_a_case_and_texts():
    covered = {c["rule"] for c in RULE_CASES}
    rule_keys = {k.removeprefix("status.rule.") for k in DA if k.startswith("status.rule.")}
    assert rule_keys - {"rollup_worst", "rollup_majority"} == covered
    assert {c["state"] for c in RULE_CASES} == set(STATES)


ROLLUP_CASES = _rows("status_rollup.csv")


@pytest.mark.parametrize("case", ROLLUP_CASES, ids=[f"{c['method']}:{c['states']}" for c in ROLLUP_CASES])
def test_roll_up_table(case):
    assert S.roll_up(case["states"].split(), case["method"]) == case["expected"]


def test_theme_counts_and_bad_method():
    assert S.count_states(["green", "green", "red", None]) == {"green": 2, "yellow": 0, "red": 1, "none": 1,
                                                                "unsure": 0}
    with pytest.raises(ValueError):
        S.roll_up(["green"], "average")


def test_rule_text_reads_like_the_issue():
    target = S.Target(value=40, unit="pct")
    v = S.evaluate(target, judged(target, S.Measurement(value=37, n=112)), dt.date(2026, 1, 1))
    assert v.rule_text_da == "40 % mål, 37 % opnået (n=112, 95 %-interval 29–46 %): inden for tolerance"
    assert v.rule_text_en == "40 % target, 37 % achieved (n=112, 95 % interval 29–46 %): within tolerance"
    assert v.rule_text("en") == v.rule_text_en and P.emoji(v.state) == "😐"
    assert (round(v.ci_low, 1), round(v.ci_high, 1)) == (28.6, 46.2)


def test_trajectory_text_names_the_point_on_the_line():
    t = S.Target(kind="level", value=25, unit="pct", deadline=dt.date(2030, 1, 1), baseline_value=5,
                 baseline_date=dt.date(2020, 1, 1))
    v = S.evaluate(t, S.Measurement(value=16), dt.date(2025, 1, 1))
    assert v.goal == pytest.approx(15.0, abs=0.01)
    assert "på kurs nu" in v.rule_text_da


def test_styles_read_without_colour():
    assert set(P.STYLES) == set(STATES)
    assert len({(s.symbol) for s in P.STYLES.values()}) == len(STATES)
    assert len({(s.vega_shape, s.filled) for s in P.STYLES.values()}) == len(STATES)
    assert len({s.colour for s in P.STYLES.values()}) == len(STATES)
    assert [P.emoji(s) for s in STATES] == ["😊", "😐", "😞", "⚪", "❔"]
    assert P.badge("green") == "😊 ● På plan" and P.badge("unsure", "en") == "❔ ◆ Can't tell yet"
    assert all(P.label(s, "en") != P.label(s, "da") for s in STATES)


LABEL_CASES = _rows("status_labels.csv")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("case", LABEL_CASES, ids=[f"{c['state']}:{c['rule'] or '-'}" for c in LABEL_CASES])
def test_label_table(case, lang):
    rule = case["rule"] or None
    assert P.label(case["state"], lang, rule) == case[lang]
    style = P.STYLES[case["state"]]
    assert P.badge(case["state"], lang, rule) == f"{style.emoji} {style.symbol} {case[lang]}"


def test_every_none_rule_has_its_own_label_and_a_label_case():
    none_rules = {c["rule"] for c in RULE_CASES if c["state"] == "none"}
    assert none_rules == set(P.NONE_RULES)
    assert none_rules <= {c["rule"] for c in LABEL_CASES if c["state"] == "none"}
    # each ⚪ rule has a label of its own, none the general "Ingen vurdering", and only "no
    # measurement" says "not measured yet"
    labels = [P.label("none", "da", r) for r in P.NONE_RULES]
    assert len(set(labels)) == len(labels) and P.label("none", "da") not in labels
    assert [r for r in P.NONE_RULES if P.label("none", "da", r) == "Ikke målt endnu"] == ["no_data"]


@pytest.mark.parametrize("case", [c for c in RULE_CASES if c["state"] == "none"], ids=lambda c: c["case"])
def test_a_verdict_labels_itself_by_its_rule(case):
    target, m, as_of, cfg = _case_inputs(case)
    v = S.evaluate(target, m, as_of, cfg)
    for lang in ("da", "en"):
        assert P.label(v.state, lang, v.rule) == P.label("none", lang, case["rule"]) == {
            c["rule"]: c[lang] for c in LABEL_CASES if c["state"] == "none"}[case["rule"]]


def test_display_text():
    text = P.display_text("yellow", "green", "kontorchef, BIF", dt.datetime(2026, 6, 1, 10, 0), "god fremdrift")
    assert text == "Forslag 😐 · Vurderet 😊 af kontorchef, BIF 2026-06-01: god fremdrift"
    assert P.display_text("red", lang="en") == "Proposal 😞"
    assert P.display_text("none", "red", "udvalg", dt.date(2013, 8, 8), None, "en") == \
        "Proposal ⚪ · Assessed 😞 by udvalg 2013-08-08"
    assert S.final("yellow", None) == "yellow" and S.final("yellow", "green") == "green"


def test_status_texts_in_both_languages():
    keys = [k for k in DA if k.startswith("status.")]
    assert keys and all(k in EN for k in keys)


# --- properties ----------------------------------------------------------------------------------

RANK = {"red": 0, "yellow": 1, "unsure": 2, "green": 3}  # worse → better for a single target
AS_OF = dt.date(2026, 1, 1)

targets = st.builds(
    lambda value, tol, unit: S.Target(kind="share", value=value, unit=unit, tolerance=tol),
    st.floats(1, 99), st.one_of(st.none(), st.floats(0, 20)), st.sampled_from(["pct", "persons"]))


@settings(max_examples=300, deadline=None)
@given(targets, st.one_of(st.none(), st.integers(1, 500)), st.floats(0, 100), st.floats(0, 100))
def test_raising_the_actual_never_makes_it_worse(target, n, a, b):
    low, high = sorted((a, b))
    v_low = S.evaluate(target, judged(target, S.Measurement(value=low, n=n), as_of=AS_OF), AS_OF)
    v_high = S.evaluate(target, judged(target, S.Measurement(value=high, n=n), as_of=AS_OF), AS_OF)
    assert RANK[v_high.state] >= RANK[v_low.state], (v_low, v_high)


@settings(max_examples=300, deadline=None)
@given(st.floats(-1000, 1000), st.one_of(st.none(), st.floats(0, 100)), st.floats(-1000, 1000),
       st.one_of(st.none(), st.tuples(st.floats(0, 200), st.floats(0, 200))), st.one_of(st.none(), st.integers(1, 100)),
       st.sampled_from(["level", "share", "effect"]))
def test_mirroring_direction_and_values_mirrors_the_state(value, tol, actual, spread, n, kind):
    ci = (actual - spread[0], actual + spread[1]) if spread else (None, None)
    arm = "effect" if kind == "effect" else "all"
    up = S.Target(kind=kind, value=value, direction="higher", unit="persons", tolerance=tol)
    down = S.Target(kind=kind, value=-value, direction="lower", unit="persons", tolerance=tol)  # effects too
    m_up = S.Measurement(value=actual, n=n, ci_low=ci[0], ci_high=ci[1], arm=arm)
    m_down = S.Measurement(value=-actual, n=n, ci_low=None if ci[1] is None else -ci[1],
                           ci_high=None if ci[0] is None else -ci[0], arm=arm)
    v_up, v_down = S.evaluate(up, m_up, AS_OF), S.evaluate(down, m_down, AS_OF)
    assert (v_up.state, v_up.rule) == (v_down.state, v_down.rule)


@pytest.mark.parametrize("state, implementation_state, rule", [
    ("none", "planned", "impl_planned"),    # not started: 'Ikke startet'
    ("none", None, "impl_unknown"),         # no implementation state: 'Status ukendt'
    ("none", "running", None),              # running, nothing judged yet: the general label
    ("none", "stopped", None),              # stopped is 😞 itself, so it does not explain a ⚪
    ("green", "planned", None),             # only a ⚪ is told by a rule
])
def test_an_initiatives_none_is_told_by_its_implementation(state, implementation_state, rule):
    assert S.initiative_rule(state, implementation_state) == rule
    if rule:
        assert P.label(state, "da", rule) != P.label(state, "da")


@pytest.mark.parametrize("target, rule", [
    (S.Target(kind="level", value=None, unit="persons"), "no_target"),
    (S.Target(kind="level", value=6000, unit="persons", first_followup=dt.date(2027, 1, 1)), "not_due"),
])
def test_a_figure_no_rule_judges_is_still_reported(target, rule):
    """v_status.actual shows the latest figure of a target tracked without a target value, or not
    yet due, as the overview does; the state stays ⚪."""
    when = dt.date(2025, 12, 31)
    v = S.evaluate(target, S.Measurement(value=5400, n=None, as_of=when), AS_OF)
    assert (v.state, v.rule, v.actual, v.measured_at) == ("none", rule, 5400, when)


@pytest.mark.parametrize("low, high, unit, lang, text", [
    (-0.02, 21.6, "persons", "da", "0–22 personer"),       # 5 or more wide: whole numbers, no −0
    (-6.24, 9.4, None, "da", "−6–9"),
    (-6.24, -2.0, "pp", "en", "−6.2–−2 pp"),
    (35.41, 38.9, "pct", "da", "35,4–38,9 %"),
    (None, 3.0, "pct", "da", ""),
])
def test_an_interval_is_written_one_way(low, high, unit, lang, text):
    """Report, overview and rule texts all write intervals by queries/formats.interval."""
    assert formats.interval(low, high, unit, lang) == text
