"""Formats: how every figure, unit, interval and date is written — the one formatter of pages,
reports (HTML, Word, PDF, Excel), CLI output, reminders and audit details. Pure Python, no I/O,
no streamlit; the language is always passed (pages pass `dashboard.ui.lang()`).

- Numbers: 1.234,5 in Danish, 1,234.5 in English, a real minus sign (−6,2), never −0; a missing
  figure is empty ('' — a caller that wants a dash writes `or "–"`).
- Units, two names that are not the same thing:
  - `unit_name(unit)`  — the unit as a word on its own: a column of units, an axis title
    ('personer', 'møder om ugen', 'antal' for a plain count);
  - `unit_suffix(unit)` — what follows a number, its space included (' personer', ' %', and
    nothing for a plain count: '120', not '120 antal').
  `value(x, unit)` is the number followed by its suffix ('38,3 %', '5.400 personer', '120').
- Intervals: whole numbers when 5 or more wide, else one decimal ('35–41 %', '−6,2–9,4').
- Dates: DD-MM-YYYY in both languages ('31-12-2022'; with_time adds ' 14:05' to a timestamp).
"""

from __future__ import annotations

import datetime as dt
import math

from queries.texts import t_or

MINUS = "\u2212"  # the minus sign (−), not the hyphen-minus


# --- numbers ---------------------------------------------------------------------------------------

def number(x, decimals: int = 1, lang: str = "da", trim: bool = True, grouping: bool = True) -> str:
    """`x` rounded to `decimals`: 1.234,5 in Danish, 1,234.5 in English; '' for missing (None, NaN).
    `trim` drops a zero decimal part (45, not 45,0 — for running text; a table column keeps it so
    it lines up). `grouping=False` leaves out the thousands separator (5600,5). A negative number
    gets a real minus sign (−6,2), and a figure that rounds to zero shows as 0, never −0."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    rounded = round(float(x), decimals)
    if rounded == 0:
        rounded = 0.0  # no negative zero
    text = f"{abs(rounded):{',' if grouping else ''}.{decimals}f}"
    if trim and decimals and text.endswith("." + "0" * decimals):
        text = text[: -(decimals + 1)]
    if lang == "da":
        text = text.replace(",", "§").replace(".", ",").replace("§", ".")
    return MINUS + text if rounded < 0 else text


def numbers(values, decimals: int, lang: str = "da") -> list[str]:
    """A column of figures as table text, every one with `decimals` decimals; '' for missing."""
    return [number(v, decimals, lang, trim=False) for v in values]


def integer(x, lang: str = "da") -> str:
    """A count: a whole number with the thousands separator (21.800 / 21,800); '' for missing."""
    return number(x, 0, lang)


def exact(x, lang: str = "da", grouping: bool = True) -> str:
    """A number with the decimals it has (up to six): 5.700,5 / 5,700.5 — a value as it was
    entered (a form's current value, an import preview, an audit detail); '' for missing."""
    if x is None:
        return ""
    text = f"{float(x):.6f}".rstrip("0")
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return number(float(x), places, lang, grouping=grouping)


# decimals per unit: shares and percentage points one, counts, persons, kroner, days and years none
UNIT_DECIMALS = {"pct": 1, "pp": 1, "meetings_per_week": 1, "persons": 0, "count": 0, "tdkk": 0, "days": 0,
                 "years": 0}


def decimals(unit: str | None, values=None) -> int:
    """The decimals a column of figures in `unit` is shown with. A unit of whole things (persons,
    kroner) gets one decimal anyway when `values` hold fractions (an effect estimate: 10,7 persons)."""
    places = UNIT_DECIMALS.get(unit or "", 1)
    if places == 0 and values is not None and any(v is not None and abs(v - round(v)) > 1e-9 for v in values):
        return 1
    return places


# --- units -----------------------------------------------------------------------------------------

def unit_name(unit: str | None, lang: str = "da") -> str:
    """The unit as a word on its own ('personer', 'møder om ugen', 'antal' for a plain count) — a
    column of units, an axis title (texts status.unit_name.*). An unknown unit shows as it is."""
    if not unit:
        return ""
    return t_or(f"status.unit_name.{unit}", lang, unit)


def unit_suffix(unit: str | None, lang: str = "da") -> str:
    """What follows a number of this unit, its space included (' personer', ' møder om ugen';
    nothing for a plain count) — texts status.unit.*. An unknown unit follows as it is."""
    if not unit:
        return ""
    return t_or(f"status.unit.{unit}", lang, f" {unit}")


def value(x, unit: str | None, lang: str = "da", signed: bool = False, places: int = 1) -> str:
    """A figure followed by its unit: '38,3 %', '5.400 personer', '120' (a count), '+15,8 %-point'
    with `signed` (a difference); '' for missing."""
    if x is None:
        return ""
    text = number(x, places, lang)
    if signed and x > 0:
        text = "+" + text
    return f"{text}{unit_suffix(unit, lang)}"


# --- intervals -------------------------------------------------------------------------------------

def interval_ends(low: float, high: float, lang: str = "da") -> tuple[str, str]:
    """An interval's ends as every page, report and rule text writes them: whole numbers when it is
    5 or more wide, else one decimal ('35', '41'; '−6,2', '9,4')."""
    digits = 0 if high - low >= 5 else 1
    return number(low, digits, lang), number(high, digits, lang)


def interval(low: float | None, high: float | None, unit: str | None = None, lang: str = "da") -> str:
    """'35–41 %', '−6,2–9,4 personer' (the ends as interval_ends); empty when an end is missing."""
    if low is None or high is None:
        return ""
    lo, hi = interval_ends(low, high, lang)
    return f"{lo}–{hi}{unit_suffix(unit, lang)}"


# --- dates -----------------------------------------------------------------------------------------

def date(when: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """31-12-2022 — the app's date format in both languages; with_time adds ' 14:05' to a
    timestamp. Empty for a missing date."""
    if when is None:
        return ""
    if with_time and isinstance(when, dt.datetime):
        return when.strftime("%d-%m-%Y %H:%M")
    return when.strftime("%d-%m-%Y")
