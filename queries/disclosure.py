"""Small numbers (diskretionering): what may leave the analyst role. Pure Python, no I/O.

Rules (docs/reports.md):
1. A count of persons below the threshold (default 5; `threshold()` reads $MAALBORD_SMALL_N or
   the store's meta key disclosure_threshold) — but not 0 — is shown as "<5". Zero is shown: it
   says nothing about a person.
2. A share whose numerator, denominator or complement (denominator − numerator) is a hidden count
   is not shown, and neither is its interval. Without a stored numerator, a share in % implies
   one (value × n / 100), which is checked the same way.
3. Secondary suppression in tables with marginal totals: in every row and every column (the total
   included) either no cell or at least two cells are hidden, so a hidden cell cannot be worked
   out by subtracting the others from the total. When a line has exactly one hidden cell, the
   smallest other cell of that line is hidden too; repeated until no line has exactly one.

`protect_table` does 3 (and 1 on the cells and totals), `disclose_share` does 1–2 for one
figure, `disclose_frame` applies 1–2 to a polars frame (for the overview page and the exports),
and `subtraction_attack` is the check: it recovers every hidden cell that the published cells
give away by subtraction (tests assert it recovers none).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import polars as pl

from queries import formats

DEFAULT_THRESHOLD = 5
PERSON_UNITS = ("persons",)
SHARE_UNITS = ("pct",)


def threshold(value: int | str | None = None, con=None) -> int:
    """The threshold: an explicit value, else $MAALBORD_SMALL_N, else the store's meta key
    disclosure_threshold (when a connection is given), else 5. At least 1."""
    raw = value if value not in (None, "") else os.environ.get("MAALBORD_SMALL_N")
    if raw in (None, "") and con is not None:
        try:
            row = con.execute("select value from meta where key = 'disclosure_threshold'").fetchall()
            raw = row[0][0] if row else None
        except Exception:  # a store without meta: the default
            raw = None
    try:
        return max(1, int(raw)) if raw not in (None, "") else DEFAULT_THRESHOLD
    except (TypeError, ValueError):
        return DEFAULT_THRESHOLD


def is_small(count: float | None, limit: int = DEFAULT_THRESHOLD) -> bool:
    return count is not None and 0 < count < limit


def hidden_text(limit: int = DEFAULT_THRESHOLD) -> str:
    return f"<{limit}"


def count_text(count: float | None, limit: int = DEFAULT_THRESHOLD, lang: str = "da") -> str:
    """A count as shown: '<5' when small, else the number ('' when None)."""
    if count is None:
        return ""
    if is_small(count, limit):
        return hidden_text(limit)
    return formats.integer(count, lang)


@dataclass(frozen=True)
class Disclosed:
    """One figure after disclosure control: what may be shown (None = not shown)."""
    value: float | None
    numerator: float | None
    n: float | None
    ci_low: float | None
    ci_high: float | None
    n_text: str
    numerator_text: str
    suppressed: bool           # something was hidden
    value_hidden: bool         # the value itself is hidden


def disclose_share(value: float | None, numerator: float | None, n: float | None,
                   ci_low: float | None = None, ci_high: float | None = None, unit: str | None = None,
                   limit: int = DEFAULT_THRESHOLD, lang: str = "da") -> Disclosed:
    """Rules 1–2 for one figure. Counts of persons (unit persons) are themselves hidden when
    small; for a share (numerator/n given) small numerator, n or complement hides the share and
    its interval; n itself shows as '<5' when small."""
    if numerator is None and unit in SHARE_UNITS and n is not None and value is not None:
        numerator_known = False
        numerator = round(value * n / 100)  # implied by the share: used for the checks only
    else:
        numerator_known = True
    small_n = is_small(n, limit)
    small_num = is_small(numerator, limit)
    small_rest = n is not None and numerator is not None and is_small(n - numerator, limit)
    hide_value = False
    if unit in PERSON_UNITS and numerator is None and is_small(value, limit):
        hide_value = True
    if (numerator is not None or n is not None) and (small_n or small_num or small_rest):
        hide_value = True if value is not None else hide_value
    hide_ci = hide_value
    hidden_num = small_num or small_rest or small_n
    out = Disclosed(
        value=None if hide_value else value,
        numerator=None if hidden_num or not numerator_known else numerator,
        n=None if small_n else n,
        ci_low=None if hide_ci else ci_low,
        ci_high=None if hide_ci else ci_high,
        n_text=count_text(n, limit, lang),
        numerator_text=("" if not numerator_known else hidden_text(limit) if hidden_num and numerator is not None
                        else count_text(numerator, limit, lang)),
        suppressed=hide_value or hidden_num or small_n,
        value_hidden=hide_value,
    )
    return out


def value_text(d: Disclosed, raw_value: float | None, unit: str | None, limit: int = DEFAULT_THRESHOLD,
               fmt=None) -> str:
    """The actual as shown: '<5' for a hidden person count, '–' for a hidden share, else fmt(value)."""
    if d.value_hidden:
        return hidden_text(limit) if unit in PERSON_UNITS else "–"
    if raw_value is None:
        return ""
    return fmt(raw_value) if fmt else str(raw_value)


def disclose_frame(df: pl.DataFrame, *, value: str = "value", n: str = "n", numerator: str | None = "numerator",
                   ci: tuple[str, str] = ("ci_low", "ci_high"), unit: str | None = "unit",
                   limit: int | None = None, lang: str = "da") -> pl.DataFrame:
    """Rules 1–2 on every row of a frame: hidden values, counts and intervals become null, and
    the columns `n_text` (e.g. '<5'), `suppressed` (something was hidden) and `hidden_value_text` (what
    to show where the value was hidden: '<5' for a count of persons, '–' for a share; null where it
    was not) are added. Missing columns are skipped."""
    limit = threshold(limit)
    cols = set(df.columns)
    rows = []
    for r in df.to_dicts():
        d = disclose_share(r.get(value) if value in cols else None,
                           r.get(numerator) if numerator and numerator in cols else None,
                           r.get(n) if n in cols else None,
                           r.get(ci[0]) if ci[0] in cols else None, r.get(ci[1]) if ci[1] in cols else None,
                           r.get(unit) if unit and unit in cols else None, limit, lang)
        if value in cols:
            r[value] = d.value
        if numerator and numerator in cols:
            r[numerator] = d.numerator
        if n in cols:
            r[n] = d.n
        for c, v in zip(ci, (d.ci_low, d.ci_high)):
            if c in cols:
                r[c] = v
        r["n_text"] = d.n_text
        r["suppressed"] = d.suppressed
        r["hidden_value_text"] = value_text(d, None, r.get(unit) if unit and unit in cols else None, limit) or None
        rows.append(r)
    schema = dict(df.schema)
    schema["n_text"] = pl.String
    schema["suppressed"] = pl.Boolean
    schema["hidden_value_text"] = pl.String
    return pl.DataFrame(rows, schema=schema)


# --- tables with marginal totals -----------------------------------------------------------------

@dataclass(frozen=True)
class ProtectedTable:
    """A table with its margins after rules 1 and 3. `grid` is (rows+1)×(cols+1): the last row
    and column are the totals. `hidden[i][j]` is True where the cell is not published; `primary`
    where it was hidden for being small itself."""
    grid: list[list[float]]
    hidden: list[list[bool]]
    primary: list[list[bool]]

    def shown(self, limit: int = DEFAULT_THRESHOLD, lang: str = "da") -> list[list[str]]:
        """The table as published: '<5' for a small count, 'x' for a secondarily hidden one."""
        return [[(hidden_text(limit) if self.primary[i][j] else "x") if self.hidden[i][j]
                 else formats.integer(self.grid[i][j], lang) for j in range(len(row))]
                for i, row in enumerate(self.grid)]

    def published(self) -> list[list[float | None]]:
        return [[None if self.hidden[i][j] else v for j, v in enumerate(row)] for i, row in enumerate(self.grid)]


def with_margins(cells: list[list[float]]) -> list[list[float]]:
    grid = [list(row) + [sum(row)] for row in cells]
    grid.append([sum(grid[i][j] for i in range(len(cells))) for j in range(len(grid[0]))] if cells else [0])
    return grid


def protect_table(cells: list[list[float]], limit: int = DEFAULT_THRESHOLD) -> ProtectedTable:
    """Rules 1 and 3 on a table of counts; its row, column and grand totals are published too."""
    grid = with_margins(cells)
    nr, nc = len(grid), len(grid[0])
    primary = [[is_small(grid[i][j], limit) for j in range(nc)] for i in range(nr)]
    hidden = [row[:] for row in primary]
    lines = [[(i, j) for j in range(nc)] for i in range(nr)] + [[(i, j) for i in range(nr)] for j in range(nc)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[i][j] for i, j in line) != 1:
                continue
            # the total of a line is its last cell; prefer hiding an interior cell (the smallest,
            # then the first), the total only when it is the only one left
            open_cells = [(i, j) for i, j in line if not hidden[i][j]]
            interior = [(i, j) for i, j in open_cells if i < nr - 1 and j < nc - 1]
            pick = min(interior or open_cells, key=lambda ij: (grid[ij[0]][ij[1]], ij))
            hidden[pick[0]][pick[1]] = True
            changed = True
    return ProtectedTable(grid, hidden, primary)


def subtraction_attack(published: list[list[float | None]]) -> dict[tuple[int, int], float]:
    """What an outsider recovers from a published table with margins (last row/column = totals)
    by subtraction alone: repeatedly, any row or column with one unknown cell gives it away.
    Returns {(i, j): value} for every hidden cell recovered."""
    grid = [row[:] for row in published]
    nr, nc = len(grid), len(grid[0])
    found: dict[tuple[int, int], float] = {}
    progress = True
    while progress:
        progress = False
        for i in range(nr):
            unknown = [j for j in range(nc) if grid[i][j] is None]
            if len(unknown) == 1:
                j = unknown[0]
                inner = sum(grid[i][k] for k in range(nc - 1) if k != j)
                grid[i][j] = inner if j == nc - 1 else grid[i][nc - 1] - inner
                found[(i, j)] = grid[i][j]
                progress = True
        for j in range(nc):
            unknown = [i for i in range(nr) if grid[i][j] is None]
            if len(unknown) == 1:
                i = unknown[0]
                inner = sum(grid[k][j] for k in range(nr - 1) if k != i)
                grid[i][j] = inner if i == nr - 1 else grid[nr - 1][j] - inner
                found[(i, j)] = grid[i][j]
                progress = True
    return found
