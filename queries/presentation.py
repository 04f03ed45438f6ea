"""How a state is shown: emoji, text shape, Vega point shape, colour, label and badge — the same
smiley on every page, report and export. Pure Python, no I/O, no streamlit. The rules that decide
a state are queries/status.py; figures, units and dates are written by queries/formats.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from queries.texts import t, t_or


@dataclass(frozen=True)
class StateStyle:
    state: str
    emoji: str
    symbol: str      # a text shape, so the state reads without colour and in black and white
    vega_shape: str  # the matching altair/vega-lite point shape
    filled: bool
    colour: str      # colour-blind-safe (ColorBrewer PRGn/RdYlBu family)


STYLES: dict[str, StateStyle] = {
    "green": StateStyle("green", "😊", "●", "circle", True, "#1b7837"),
    "yellow": StateStyle("yellow", "😐", "▲", "triangle-up", True, "#e08214"),
    "red": StateStyle("red", "😞", "■", "square", True, "#b2182b"),
    "none": StateStyle("none", "⚪", "○", "circle", False, "#969696"),
    "unsure": StateStyle("unsure", "❔", "◆", "diamond", True, "#5e3c99"),
}


def emoji(state: str | None) -> str:
    return STYLES[state or "none"].emoji


# The rules that end in ⚪ `none`, each with its own label (state.none.<rule> in
# queries/texts/core.py): "none" means "no verdict", and why matters to the reader — a figure
# followed without a target has a value, so "Ikke målt endnu" would be wrong for it.
NONE_RULES = ("no_target", "not_due", "no_data", "n_zero", "impl_planned", "impl_unknown")


def label(state: str | None, lang: str = "da", rule: str | None = None) -> str:
    """The text label of a state (state.* in queries/texts/core.py), e.g. 'På plan'.

    For ⚪ `none` the label depends on the rule that gave it (NONE_RULES): 'Følges uden mål'
    (no_target), 'Afventer første opfølgning' (not_due), 'Ikke målt endnu' (no_data), … Without a
    rule, or when the state shown is not the rule's (a person's assessment), the state's own
    label — the legend's."""
    state = state or "none"
    if state == "none" and rule in NONE_RULES:
        return t(f"state.none.{rule}", lang)
    return t(f"state.{state}", lang)


def badge(state: str | None, lang: str = "da", rule: str | None = None) -> str:
    """Emoji + shape + label: '😊 ● På plan' — reads without colour. `rule` as in `label`."""
    s = STYLES[state or "none"]
    return f"{s.emoji} {s.symbol} {label(state, lang, rule)}"


def badge_with_reason(state: str | None, lang: str = "da", rule: str | None = None,
                      rule_text: str | None = None) -> str:
    """The badge and the rule text behind it: '😊 ● På plan — inden for tolerance'. The rule text is
    left out when it only says the label again (rule no_data: '⚪ ○ Ikke målt endnu', not
    '… — ikke målt endnu'), and when there is none."""
    shown = badge(state, lang, rule)
    reason = (rule_text or "").strip()
    if not reason or reason.casefold() == label(state, lang, rule).casefold():
        return shown
    return f"{shown} — {reason}"


def display_text(proposed: str, assessed: str | None = None, author: str | None = None,
                 assessed_at: dt.date | dt.datetime | None = None, reason: str | None = None,
                 lang: str = "da") -> str:
    """"Forslag 😐 · Vurderet 😊 af <rolle> 2026-06-01: <begrundelse>" — or only the proposal."""
    head = t("status.display.proposal", lang, emoji=emoji(proposed))
    if not assessed:
        return head
    when = assessed_at.date() if isinstance(assessed_at, dt.datetime) else assessed_at
    text = t("status.display.assessed", lang, emoji=emoji(assessed), author=author or "?",
             date=when.isoformat() if when else "")
    return f"{head} · {text}: {reason}" if reason else f"{head} · {text}"


def origin_label(code: str | None, lang: str = "da") -> str:
    """A measurement's origin or source in `lang` when it is one of the codes the app writes
    (beregnet → 'computed', catalogue, import, form); any other source (free text: 'QA',
    'Jobindsats') as written; empty for none."""
    if not code:
        return ""
    return t_or(f"origin.{code}", lang, code)
