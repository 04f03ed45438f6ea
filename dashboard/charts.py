"""Charts: pure functions from a polars frame to an `alt.Chart` (no streamlit here)."""

from __future__ import annotations

import altair as alt
import polars as pl

KINDS = ("bar", "line", "point")


def quick_chart(df: pl.DataFrame, x: str, y: str, color: str | None = None, kind: str = "bar",
                max_rows: int = 5000) -> alt.Chart:
    """A quick chart of a query result (the SQL page): `y` against `x`, optionally coloured by
    `color`. Bars sum y per x (and colour); lines and points plot the rows as they are. Columns are
    renamed to safe field names (query columns like "sum(amount_tdkk)" or "a.b" would otherwise be
    read by Vega-Lite as expressions or nested fields); the titles keep the real names."""
    if kind not in KINDS:
        kind = "bar"
    cols = [c for c in dict.fromkeys([x, y, color]) if c]
    safe = {c: f"f{i}" for i, c in enumerate(cols)}
    data = df.head(max_rows).select(cols).rename(safe)
    data = data.with_columns([pl.Series(s, [None if v is None else str(v) for v in data[s].to_list()],
                                        dtype=pl.String)
                              for s in safe.values() if data.schema[s].is_nested() or data.schema[s] == pl.Object])
    dtype = data.schema[safe[x]]
    if dtype.is_temporal():
        x_type = "temporal"
    elif dtype.is_numeric() and kind != "bar":
        x_type = "quantitative"
    else:
        x_type = "nominal"
    base = alt.Chart(data)
    mark = {"bar": base.mark_bar(), "line": base.mark_line(point=True), "point": base.mark_point()}[kind]
    enc = {
        "x": alt.X(field=safe[x], type=x_type, title=x),
        "y": alt.Y(field=safe[y], type="quantitative", title=y, aggregate="sum" if kind == "bar" else alt.Undefined),
        "tooltip": [alt.Tooltip(field=safe[c], title=c) for c in cols] if kind != "bar" else
                   [alt.Tooltip(field=safe[x], title=x), alt.Tooltip(field=safe[y], aggregate="sum", title=y)],
    }
    if color:
        enc["color"] = alt.Color(field=safe[color], type="nominal", title=color)
    return mark.encode(**enc).properties(height=320)


def numeric_columns(df: pl.DataFrame) -> list[str]:
    return [c for c, t in df.schema.items() if t.is_numeric()]
