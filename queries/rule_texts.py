"""The rule behind a smiley in words — rendered from the rule id and its figures in the reader's language.

What is stored is the rule id (`status_proposals.rule`, `round_snapshots.rule`) and the figures the
rule judged (`rule_figures`, a JSON object, schema 015): never a text in one language. This module
is the one renderer; pages, the report formats, `maalbord status` and the status rows behind
v_status call it:

- `figures(verdict, target_value, unit)`: the figures of a verdict as stored — basis (target,
  trajectory, effect, effect_trajectory, implementation, none, rollup), actual, goal,
  target_value, unit, n, ci_low, ci_high; for an initiative's roll-up `counts` (state → number of
  targets, in queries/vocabulary.STATES order).
- `render(rule, figures, lang)`: '40 % mål, 37 % opnået (n=112, 95 %-interval 29–46 %): inden for
  tolerance' / '40 % target, 37 % achieved (…): within tolerance'. With no figures (or basis none)
  only the rule's outcome ('inden for tolerance') — what is shown where disclosure hides the figures.
- `text(row, lang)`: a stored row's text (a status row or a round snapshot): rendered from its
  `rule` and `rule_figures`; a snapshot frozen before schema 015 has no figures and keeps the text it
  was frozen with (`rule_text_en` for English where there is one, else `rule_text` / `rule_text_da`).

The wording lives in queries/texts/ (status.head.*, status.rule.*, status.interval); the numbers are
written by queries/formats.py, the smileys of a roll-up by queries/presentation.py.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from queries import formats, presentation
from queries.texts import t

HEAD_BASES = ("target", "trajectory", "effect", "effect_trajectory")
KEYS = ("basis", "actual", "goal", "target_value", "unit", "n", "ci_low", "ci_high")


def figures(verdict, target_value: float | None = None, unit: str | None = None,
            counts: Mapping[str, int] | None = None) -> dict:
    """The figures a rule text is rendered from (see the module docstring)."""
    out = {"basis": verdict.basis, "actual": verdict.actual, "goal": verdict.goal, "target_value": target_value,
           "unit": unit, "n": verdict.n, "ci_low": verdict.ci_low, "ci_high": verdict.ci_high}
    if counts is not None:
        out["counts"] = dict(counts)
    return out


def to_json(figs: Mapping[str, Any] | None) -> str | None:
    return None if figs is None else json.dumps(dict(figs), ensure_ascii=False)


def from_json(value: str | Mapping[str, Any] | None) -> dict | None:
    if value is None:
        return None
    return dict(value) if isinstance(value, Mapping) else json.loads(value)


def render(rule: str, figs: Mapping[str, Any] | None, lang: str = "da") -> str:
    """The rule in words, in `lang` (see the module docstring)."""
    figs = figs or {}
    outcome = t(f"status.rule.{rule}", lang)
    if figs.get("counts") is not None:  # an initiative's roll-up: 'den dårligste af målene (😊 3 · 😞 1)'
        shown = " · ".join(f"{presentation.emoji(s)} {c}" for s, c in figs["counts"].items() if c)
        return f"{outcome} ({shown})"
    basis = figs.get("basis")
    if basis not in HEAD_BASES:
        return outcome
    unit, signed = figs.get("unit"), basis.startswith("effect")
    head = t(f"status.head.{basis}", lang,
             target=formats.value(figs.get("target_value"), unit, lang, signed),
             goal=formats.value(figs.get("goal"), unit, lang, signed),
             actual=formats.value(figs.get("actual"), unit, lang, signed))
    return f"{head}{_interval(figs, unit, lang)}: {outcome}"


def _interval(figs: Mapping[str, Any], unit: str | None, lang: str) -> str:
    parts = []
    if figs.get("n") is not None:
        parts.append(f"n={formats.number(figs['n'], lang=lang)}")
    if figs.get("ci_low") is not None and figs.get("ci_high") is not None:
        lo, hi = formats.interval_ends(figs["ci_low"], figs["ci_high"], lang)
        parts.append(t("status.interval", lang, low=lo, high=hi, unit=formats.unit_suffix(unit, lang)))
    return f" ({', '.join(parts)})" if parts else ""


def text(row: Mapping[str, Any], lang: str = "da") -> str:
    """A stored row's rule text in `lang`: rendered from rule and rule_figures; a row without figures
    (a snapshot frozen before schema 015) keeps its stored text. Empty when there is neither."""
    figs = from_json(row.get("rule_figures"))
    if figs is not None and row.get("rule"):
        return render(row["rule"], figs, lang)
    stored = (row.get("rule_text_en") if lang == "en" else None) or row.get("rule_text") or row.get("rule_text_da")
    return stored or ""
