"""Charts as pure functions: data in, `alt.Chart` out (the management pages' and the SQL page's). No streamlit, no I/O; labels are passed in
so the English switch reaches the axes."""

from __future__ import annotations

import datetime as dt
import textwrap

import altair as alt
import polars as pl

ARM_COLOURS = {"all": "#1f4e79", "treatment": "#1f4e79", "control": "#9e9e9e", "effect": "#6a3d9a"}

# Vega-Lite's config.locale (d3-format / d3-time-format locale definitions): how a chart writes
# numbers (axes, tooltips: 20.000 and 38,5 in Danish) and dates (oktober, man). One per language
# of the app; `localized` / `localize_spec` put it on a chart, and dashboard/ui.py decides which.
LOCALES: dict[str, dict] = {
    "da": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0kr."]},
        "time": {
            "dateTime": "%A den %d %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
            "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
            "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                       "oktober", "november", "december"],
            "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        },
    },
    "en": {
        "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["DKK\u00a0", ""]},
        "time": {
            "dateTime": "%x, %X %p", "date": "%-m/%-d/%Y", "time": "%-I:%M:%S %p",
            "periods": ["AM", "PM"],
            "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December"],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        },
    },
}


def localized(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with the number and time locale of `lang` (Danish unless 'en')."""
    return chart.configure(locale=LOCALES["en" if lang == "en" else "da"])


def localize_spec(spec: dict, lang: str) -> dict:
    """A Vega-Lite spec (dict) with the locale of `lang`, as `localized` does for a chart."""
    return spec | {"config": spec.get("config", {}) | {"locale": LOCALES["en" if lang == "en" else "da"]}}


TARGET_COLOUR, TOLERANCE_COLOUR, INTERVAL_COLOUR = "#2e7d32", "#f2a900", "#1f4e79"


def actual_vs_target(measurements: pl.DataFrame, target_value: float | None, tolerance: float | None,
                     direction: str, labels: dict[str, str], arm_labels: dict[str, str]) -> alt.LayerChart:
    """Actual over time (one line per arm; the control arm is its own grey line) against the target
    line, the tolerance band on the losing side of the target, and the 95 % interval band.
    `measurements`: as_of, arm, value, ci_low, ci_high (non-superseded).

    Two legends: the lines (each arm and the target, drawn as lines in their own colours) and the
    bands (tolerance and interval, as shaded squares). Only the line marks feed the lines' legend,
    so its swatches are the lines' colours; the bands use the fill channel and a legend of their own."""
    df = measurements.filter(pl.col("value").is_not_null()).with_columns(
        pl.col("arm").replace_strict(arm_labels, default=pl.col("arm")).alias("series"),
        pl.lit(labels["interval"]).alias("band"))
    # a frame, not inline values: streamlit ships it as Arrow next to the spec, and altair does not
    # schema-validate every row (inline values cost ~0.1 s per chart with a monthly series)
    data = df.select("as_of", "arm", "series", "band", "value", "ci_low", "ci_high")
    arms = [a for a in ARM_COLOURS if a in set(df["arm"])]
    has_target = target_value is not None
    has_ci = df.height > 0 and df["ci_low"].is_not_null().any()
    lines = alt.Scale(domain=[arm_labels.get(a, a) for a in arms] + ([labels["target"]] if has_target else []),
                      range=[ARM_COLOURS[a] for a in arms] + ([TARGET_COLOUR] if has_target else []))
    colour = alt.Color("series:N", title=labels["series"], scale=lines,
                       legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3))
    bands = [(labels["tolerance"], TOLERANCE_COLOUR)] * has_target + [(labels["interval"], INTERVAL_COLOUR)] * has_ci
    fill = alt.Fill("band:N", title=None, scale=alt.Scale(domain=[b for b, _ in bands], range=[c for _, c in bands]),
                    legend=alt.Legend(symbolType="square", symbolOpacity=0.35))
    x = _date_axis(df["as_of"], labels["date"])
    layers: list[alt.Chart] = []
    lo = hi = None
    if has_target:
        tol = tolerance if tolerance is not None else abs(target_value) * 0.10
        lo, hi = (target_value - tol, target_value) if direction != "lower" else (target_value, target_value + tol)
    y_scale = _value_scale([*df["value"].to_list(), *df["ci_low"].to_list(), *df["ci_high"].to_list(), lo, hi])
    if has_target:
        band = alt.Chart(alt.Data(values=[{"lo": lo, "hi": hi, "band": labels["tolerance"]}])).mark_rect(
            opacity=0.15).encode(y=alt.Y("lo:Q", title=labels["value"], scale=y_scale), y2="hi:Q", fill=fill,
                                 tooltip=[alt.Tooltip("band:N", title=""), "lo:Q", "hi:Q"])
        rule = alt.Chart(alt.Data(values=[{"target": target_value, "series": labels["target"]}])).mark_rule(
            strokeDash=[6, 4], size=2).encode(y=alt.Y("target:Q", title=labels["value"], scale=y_scale), color=colour,
                                              tooltip=[alt.Tooltip("series:N", title=""), "target:Q"])
        layers += [band, rule]
    base = alt.Chart(data)
    if has_ci:
        layers.append(base.mark_area(opacity=0.2).encode(
            x=x, y=alt.Y("ci_low:Q", title=labels["value"], scale=y_scale), y2="ci_high:Q", fill=fill, detail="series:N"))
    layers.append(base.mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=labels["value"], scale=y_scale), color=colour,
        strokeDash=alt.condition(alt.datum.arm == "control", alt.value([4, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("as_of:T", title=labels["date"]), alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("value:Q", title=labels["value"], format=",.1f"),
                 alt.Tooltip("ci_low:Q", format=",.1f"), alt.Tooltip("ci_high:Q", format=",.1f")]))
    return alt.layer(*layers).properties(height=260)


def _date_axis(dates: pl.Series, title: str) -> alt.X:
    """The time axis of a series. A short one (a single date, or under two months) is labelled by
    month ("nov 2026") on a quarter around its dates: Vega's own ticks on a span of days read "man 31",
    a weekday. A longer one keeps Vega's ticks (years, months)."""
    days = dates.drop_nulls()
    if days.len() == 0 or (days.max() - days.min()).days >= 62:
        return alt.X("as_of:T", title=title)
    lo, hi = days.min() - dt.timedelta(days=45), days.max() + dt.timedelta(days=45)
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in (lo, hi)]
    return alt.X("as_of:T", title=title, scale=alt.Scale(domain=domain),
                 axis=alt.Axis(format="%b %Y", tickCount="month"))


def _value_scale(values: list) -> alt.Scale:
    """The value axis: from 0 (or the lowest value, when negative) to the highest value, target or
    interval plus a margin, so the highest point sits under the top gridline, not on the plot's edge
    above it (a single measurement of 11 was drawn above an axis ending at 10)."""
    known = [float(v) for v in values if v is not None]
    lo, hi = min([0.0, *known]), max([0.0, *known])
    pad = (hi - lo) * 0.08 or 1.0
    return alt.Scale(domain=[lo - pad if lo < 0 else lo, hi + pad if hi > 0 else hi], nice=True, zero=True)


def progression_scores(df: pl.DataFrame, labels: dict[str, str], arm_labels: dict[str, str],
                       title: str | None = None) -> alt.Chart:
    """One sub-goal's progression: mean score per quarter since the enrolment start, one line per
    arm (control grey and dashed), on the fixed 1–5 scale so small charts side by side compare.
    `df`: quarter, arm, mean_score, n_text (disclosed; a hidden mean is null and not drawn).
    `labels`: quarter, score, series, n."""
    data = df.filter(pl.col("mean_score").is_not_null()).with_columns(
        pl.col("arm").replace_strict(arm_labels, default=pl.col("arm")).alias("series")
    ).select("quarter", "arm", "series", "mean_score", "n_text")
    arms = [a for a in ARM_COLOURS if a in set(data["arm"])]
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("quarter:O", title=labels["quarter"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mean_score:Q", title=labels["score"], scale=alt.Scale(domain=[1, 5], nice=False),
                axis=alt.Axis(values=[1, 2, 3, 4, 5])),
        color=alt.Color("series:N", title=labels["series"], legend=alt.Legend(orient="bottom", title=None),
                        scale=alt.Scale(domain=[arm_labels.get(a, a) for a in arms],
                                        range=[ARM_COLOURS[a] for a in arms])),
        strokeDash=alt.condition(alt.datum.arm == "control", alt.value([4, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("quarter:O", title=labels["quarter"]), alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("mean_score:Q", title=labels["score"], format=".2f"),
                 alt.Tooltip("n_text:N", title=labels["n"])],
    )
    if title:  # a sub-goal's text, wrapped for a small chart
        chart = chart.properties(title=alt.TitleParams(textwrap.wrap(title, 34), fontSize=12, anchor="start"))
    # the page fits the chart into its column: the height includes title, x axis and legend
    return chart.properties(height=300)


def budget_per_year(df: pl.DataFrame, labels: dict[str, str], colour_field: str | None = None) -> alt.Chart:
    """Stacked bars: amount_tdkk per year, coloured by `colour_field` (e.g. group or activity)."""
    cols = ["year", "amount_tdkk"] + ([colour_field] if colour_field else [])
    chart = alt.Chart(df.select(cols)).mark_bar().encode(
        x=alt.X("year:O", title=labels["year"]),
        y=alt.Y("sum(amount_tdkk):Q", title=labels["amount"]),
        tooltip=[alt.Tooltip("year:O", title=labels["year"]),
                 alt.Tooltip("sum(amount_tdkk):Q", title=labels["amount"], format=",.0f")]
                + ([alt.Tooltip(f"{colour_field}:N")] if colour_field else []),
    )
    if colour_field:
        chart = chart.encode(color=alt.Color(f"{colour_field}:N", title=labels.get("colour", colour_field)))
    return chart.properties(height=260)


def savings_vs_achieved(df: pl.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Grouped bars per budget period: expected saving, investment and achieved (where reported),
    each a positive amount as the page's table shows them. `df`: year, series, amount_tdkk and
    optionally period (the document's label, '2016/17'; the x axis then reads it, in year order)."""
    if "period" in df.columns:
        field, cols, title = "period:O", ["year", "period", "series", "amount_tdkk"], labels.get("period", labels["year"])
        order = df.sort("year").select("period").unique(maintain_order=True)["period"].to_list()
    else:
        field, cols, title, order = "year:O", ["year", "series", "amount_tdkk"], labels["year"], alt.Undefined
    return alt.Chart(df.select(cols)).mark_bar().encode(
        x=alt.X(field, title=title, sort=order, axis=alt.Axis(labelAngle=0)),
        xOffset="series:N",
        y=alt.Y("amount_tdkk:Q", title=labels["amount"]),
        color=alt.Color("series:N", title=labels["series"]),
        tooltip=[alt.Tooltip(field, title=title), alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("amount_tdkk:Q", title=labels["amount"], format=",.0f")],
    ).properties(height=260)


def sparkline(values: list[float]) -> alt.Chart:
    """A tiny line without axes for a trend."""
    data = [{"i": i, "v": v} for i, v in enumerate(values) if v is not None]
    return alt.Chart(alt.Data(values=data)).mark_line(point=len(data) == 1).encode(
        x=alt.X("i:Q", axis=None), y=alt.Y("v:Q", axis=None, scale=alt.Scale(zero=False)),
    ).properties(height=30, width=120)


# --- the SQL page's quick chart ----------------------------------------------------------------

KINDS = ("bar", "line", "point")


def quick_chart(df: pl.DataFrame, x: str, y: str, color: str | None = None, kind: str = "bar",
                max_rows: int = 5000) -> alt.Chart:
    """A quick chart of a query result (the SQL page): `y` against `x`, optionally coloured by
    `color`. Bars sum y per x (and colour); lines and points plot the rows as they are. Columns are
    renamed to safe field names (query columns like "sum(amount_tdkk)" or "a.b" would otherwise be
    read by Vega-Lite as expressions or nested fields); the titles keep the real names.

    DECIMAL columns (DuckDB's DECIMAL, and every sum of one or of integers) leave as Float64:
    st.altair_chart sends the chart's data to the browser as Arrow, and the browser's Arrow reader
    hands Vega a decimal's unscaled integer — 80227.0 in DECIMAL(12,1) is drawn as 802270. Floats are
    exact enough for a chart; the table and the downloads keep the decimals."""
    if kind not in KINDS:
        kind = "bar"
    cols = [c for c in dict.fromkeys([x, y, color]) if c]
    safe = {c: f"f{i}" for i, c in enumerate(cols)}
    data = df.head(max_rows).select(cols).rename(safe)
    data = data.with_columns([pl.Series(s, [None if v is None else str(v) for v in data[s].to_list()],
                                        dtype=pl.String)
                              for s in safe.values() if data.schema[s].is_nested() or data.schema[s] == pl.Object])
    # decimals (scale lost in the browser) and 128-bit integers (no Arrow form in polars) as floats
    data = data.with_columns([pl.col(s).cast(pl.Float64) for s in safe.values()
                              if isinstance(data.schema[s], pl.Decimal) or data.schema[s] in (pl.Int128, pl.UInt128)])
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


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite dict with its data inline, without re-validating (the builders
    above produce valid specs; tests/test_charts.py validates them once)."""
    return chart.to_dict(validate=False)
