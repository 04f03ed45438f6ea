"""Status smileys: the ONE place that decides a target's state from actual vs target.

Pure Python — no I/O, no streamlit; the rules only (how a state is shown — emoji, shape, colour,
label — is queries/presentation.py; the figures in the rule texts are written by queries/formats.py;
the states are queries/vocabulary.STATES). Every page, report and export calls `evaluate()` (one
target) and `roll_up()` (an initiative), via the materialised table (queries/status_table.py) or
on the fly (`status_table.status_at`). The rules, in order (docs/status.md has them in Danish too):

 1. implementation targets (kind `implementation`) are judged on the initiative's implementation
    state — see `implementation_verdict`.
 2. no target value (a tracked figure without a target)        → none    `no_target`
 3. the first follow-up date has not come                      → none    `not_due`
 4. no measurement, or the measurement has no value            → none    `no_data`
 5. a share measured on n = 0 citizens                         → none    `n_zero`
    (missing data is never red)
 6. the goal is the target value — or, before the deadline when a baseline (value and date)
    exists, the point on the straight line from baseline to target at as_of (`basis` trajectory).
 7. tolerance = the target's own tolerance (in its unit) or 10 % of |target value|.
 8. with s = +1 (higher is better) or −1 (lower is better), gap = s·(actual − goal):
    gap ≥ 0 → green `on_target`; −tolerance ≤ gap < 0 → yellow `within_tolerance`;
    gap < −tolerance → red `beyond_tolerance`.
 9. the 95 % interval the measurement comes with (judged_ci_low/high of v_judged_measurement: the
    stored one, else Wilson from the count for a share in %, else Newcombe from both arms for an
    effect in %/pp — the SQL macros of queries/views/00_intervals.sql): when it straddles the goal
    (low < goal < high) and n < small_n (30) → unsure `small_n`; otherwise the rule-8 verdict
    stands (firm when the interval lies wholly on one side).
10. effect targets: the actual is the difference treatment − control (an `effect` arm row, stored
    or derived by v_judged_measurement), judged by rules 6–9 like any figure: the target value is
    a difference too ("15 færre" = −15, direction lower), and so is its interval; n = the smaller
    arm. An effect target with only a treatment arm has no data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from queries import rule_texts
from queries.texts import t
from queries.vocabulary import STATES

# --- inputs and output -------------------------------------------------------------------------

DEFAULT_TOLERANCE_SHARE = 0.10   # of |target value|
DEFAULT_SMALL_N = 30


@dataclass(frozen=True)
class Target:
    target_id: str = ""
    kind: str = "share"                     # share / retention / effect / level / implementation
    value: float | None = None              # target value; None = tracked figure without a target
    direction: str = "higher"               # higher / lower
    unit: str | None = None                 # pct / pp / persons / days / …
    tolerance: float | None = None          # in the target's unit; None = 10 % of |value|
    first_followup: dt.date | None = None
    deadline: dt.date | None = None
    baseline_value: float | None = None
    baseline_date: dt.date | None = None
    implementation_state: str | None = None  # the initiative's: planned / running / in_operation / …
    state_reason: str | None = None          # e.g. no_funding


@dataclass(frozen=True)
class Measurement:
    value: float | None = None
    n: float | None = None          # denominator
    numerator: float | None = None  # as entered; the rules judge ci_low/ci_high, not this (tests/judging.py writes it)
    ci_low: float | None = None
    ci_high: float | None = None
    arm: str = "all"                # all / treatment / control / effect
    as_of: dt.date | None = None


@dataclass(frozen=True)
class Verdict:
    state: str
    rule: str
    rule_text_da: str
    rule_text_en: str
    basis: str = "target"           # target / trajectory / effect / effect_trajectory / implementation / none
    actual: float | None = None     # the value compared (for effects: treatment minus control)
    goal: float | None = None       # the value compared against (target, or the trajectory point)
    tolerance: float | None = None
    n: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    measured_at: dt.date | None = None
    figures: dict | None = field(default=None, compare=False)  # what the texts were rendered from (rule_texts)

    def rule_text(self, lang: str = "da") -> str:
        return self.rule_text_en if lang == "en" else self.rule_text_da


@dataclass(frozen=True)
class Settings:
    small_n: int = DEFAULT_SMALL_N
    default_tolerance: float = DEFAULT_TOLERANCE_SHARE
    rollup: str = "worst"           # worst / majority


DEFAULTS = Settings()


# --- rule texts (figures written by queries/formats.py) -------------------------------------------

def _verdict(state: str, rule: str, target: Target, basis: str = "none", **kw) -> Verdict:
    """A verdict with its rule text in both languages, rendered from the rule id and its figures by
    queries/rule_texts.render (the one renderer; what is stored is the rule and the figures)."""
    figs = rule_texts.figures(Verdict(state, rule, "", "", basis, **kw), target.value, target.unit)
    return Verdict(state, rule, rule_texts.render(rule, figs, "da"), rule_texts.render(rule, figs, "en"), basis,
                   figures=figs, **kw)


# --- the rules ---------------------------------------------------------------------------------

IMPLEMENTATION_RULES = {
    # implementation_state: (state, rule)
    "in_operation": ("green", "impl_in_operation"),
    "completed": ("green", "impl_completed"),
    "running": ("green", "impl_running"),
    "planned": ("none", "impl_planned"),
    "paused": ("yellow", "impl_paused"),
    "stopped": ("red", "impl_stopped"),
}


def implementation_verdict(target: Target) -> Verdict:
    """The initiative's implementation state as a verdict.

    paused or stopped for lack of funding (state_reason no_funding) → red (as the 2013 report);
    stopped for another reason → red; paused for another reason → yellow (a delay);
    running, in operation, completed → green ("i planmæssig fremdrift eller i drift");
    planned (not started) or unknown → none."""
    state = target.implementation_state
    if state in ("paused", "stopped") and target.state_reason == "no_funding":
        return _verdict("red", "impl_no_funding", target, "implementation")
    found = IMPLEMENTATION_RULES.get(state or "")
    if found is None:
        return _verdict("none", "impl_unknown", target, "implementation")
    return _verdict(found[0], found[1], target, "implementation")


def initiative_rule(state: str | None, implementation_state: str | None) -> str | None:
    """The rule that tells an initiative's ⚪: its implementation verdict's rule when that verdict is
    ⚪ too (planned → 'Ikke startet', unknown → 'Status ukendt'); otherwise None (the general
    label, 'Ingen vurdering'). For `presentation.label(state, lang, rule)` on an initiative's roll-up."""
    if (state or "none") != "none":
        return None
    found = implementation_verdict(Target(implementation_state=implementation_state))
    return found.rule if found.state == "none" else None


def evaluate(target: Target, measurement: Measurement | None = None, as_of: dt.date | None = None,
             settings: Settings = DEFAULTS) -> Verdict:
    """The proposed state of one target at `as_of` (default today).

    `measurement` is the one the target is judged on, with the interval it is judged with
    (status_table._judged reads both from v_judged_measurement); for an effect target an `effect`
    arm row holding the difference."""
    as_of = as_of or dt.date.today()
    if target.kind == "implementation":
        return implementation_verdict(target)
    effect = target.kind == "effect"
    measured = not (measurement is None or measurement.value is None or (effect and measurement.arm != "effect"))
    n_zero = measured and measurement.n is not None and measurement.n <= 0
    # the figure, also where no rule judges it (no target value, not due yet): v_status shows it
    figures = {}
    if measured and not n_zero:
        actual, low, high, n = measurement.value, measurement.ci_low, measurement.ci_high, measurement.n
        figures = dict(actual=actual, n=n, ci_low=low, ci_high=high, measured_at=measurement.as_of)
    if target.value is None:
        return _verdict("none", "no_target", target, **figures)
    if target.first_followup is not None and as_of < target.first_followup:
        return _verdict("none", "not_due", target, **figures)
    if not measured:
        return _verdict("none", "no_data", target)
    if n_zero:
        return _verdict("none", "n_zero", target, n=0)

    s = -1.0 if target.direction == "lower" else 1.0
    goal, basis = _goal(target, as_of)
    if effect:
        basis = "effect" if basis == "target" else "effect_trajectory"
    tol = target.tolerance if target.tolerance is not None else settings.default_tolerance * abs(target.value)
    gap = s * (actual - goal)
    eps = 1e-9 * max(1.0, abs(goal))
    kw = dict(actual=actual, goal=goal, tolerance=tol, n=n, ci_low=low, ci_high=high,
              measured_at=measurement.as_of)
    straddles = low is not None and high is not None and low < goal - eps and goal + eps < high
    if straddles and n is not None and n < settings.small_n:
        return _verdict("unsure", "small_n", target, basis, **kw)
    if gap >= -eps:
        return _verdict("green", "on_target", target, basis, **kw)
    if gap >= -tol - eps:
        return _verdict("yellow", "within_tolerance", target, basis, **kw)
    return _verdict("red", "beyond_tolerance", target, basis, **kw)


def _goal(target: Target, as_of: dt.date) -> tuple[float, str]:
    """The target value, or the trajectory point before the deadline when a baseline exists."""
    if (target.deadline is not None and target.baseline_value is not None and target.baseline_date is not None
            and target.baseline_date < target.deadline and as_of < target.deadline):
        span = (target.deadline - target.baseline_date).days
        done = min(max((as_of - target.baseline_date).days, 0), span)
        return target.baseline_value + (target.value - target.baseline_value) * done / span, "trajectory"
    return target.value, "target"


# --- roll-up -----------------------------------------------------------------------------------

# worst first: red beats everything, then a yellow, then "can't tell", then green; none only when
# nothing was judged
SEVERITY = {"red": 4, "yellow": 3, "unsure": 2, "green": 1, "none": 0}


def worse(a: str, b: str) -> str:
    return a if SEVERITY[a] >= SEVERITY[b] else b


def roll_up(states: list[str], method: str = "worst") -> str:
    """An initiative's state from its targets' states and its implementation verdict.

    worst: the worst judged state (red > yellow > unsure > green); none if nothing was judged.
    majority: the most common judged state; a tie goes to the worse state."""
    judged = [s for s in states if s and s != "none"]
    if not judged:
        return "none"
    if method == "majority":
        counts = Counter(judged)
        return max(counts, key=lambda s: (counts[s], SEVERITY[s]))
    if method != "worst":
        raise ValueError(f"unknown roll-up method {method!r}")
    out = "none"
    for s in judged:
        out = worse(out, s)
    return out


def count_states(states: list[str]) -> dict[str, int]:
    """A theme's summary: how many of each state (every state present, zeros included)."""
    counts = Counter(s or "none" for s in states)
    return {s: counts.get(s, 0) for s in STATES}


# --- proposal + assessment --------------------------------------------------------------------------

def final(proposed: str, assessed: str | None) -> str:
    """The state shown: the person's assessment when one applies, else the proposal."""
    return assessed or proposed


__all__ = [
    "Target", "Measurement", "Verdict", "Settings", "DEFAULTS", "evaluate", "implementation_verdict",
    "initiative_rule", "roll_up", "count_states", "final", "worse", "SEVERITY",
]
