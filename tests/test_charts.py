"""Charts are pure functions: their Vega-Lite specs validate against the schema and draw what the
page promises (target line, tolerance band, interval band, control arm as its own line)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import charts

LABELS = {k: k for k in ("actual", "target", "tolerance", "interval", "date", "value", "series", "year", "amount")}
ARMS = {"treatment": "Indsatsgruppe", "control": "Kontrolgruppe", "effect": "Forskel", "all": "Alle"}


def _series(arms=("treatment", "control")) -> pl.DataFrame:
    rows = []
    for i, month in enumerate((dt.date(2023, 1, 31), dt.date(2023, 2, 28), dt.date(2023, 3, 31))):
        for arm in arms:
            v = 30.0 + i + (10 if arm == "treatment" else 0)
            rows.append({"as_of": month, "arm": arm, "value": v, "ci_low": v - 5, "ci_high": v + 5})
    return pl.DataFrame(rows)


def _marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]


def test_actual_vs_target_validates_and_has_every_layer():
    chart = charts.actual_vs_target(_series(), 40.0, None, "higher", LABELS, ARMS)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert _marks(spec) == ["rect", "rule", "area", "line"]  # tolerance, target, interval, actual
    band = spec["layer"][0]["data"]["values"][0]
    assert (band["lo"], band["hi"]) == (36.0, 40.0)  # default tolerance 10 % below a higher-is-better target
    assert charts.spec(chart)["layer"][3]["encoding"]["color"]["scale"]["domain"] == ["Indsatsgruppe", "Kontrolgruppe",
                                                                                     "target"]


def test_lower_is_better_puts_the_tolerance_above_the_target():
    spec = charts.actual_vs_target(_series(("effect",)), 6.0, 1.0, "lower", LABELS, ARMS).to_dict()
    band = spec["layer"][0]["data"]["values"][0]
    assert (band["lo"], band["hi"]) == (6.0, 7.0)


def test_no_target_no_interval_only_the_line():
    df = _series(("all",)).with_columns(pl.lit(None, dtype=pl.Float64).alias("ci_low"),
                                        pl.lit(None, dtype=pl.Float64).alias("ci_high"))
    assert _marks(charts.actual_vs_target(df, None, None, "higher", LABELS, ARMS).to_dict()) == ["line"]


def test_budget_and_savings_and_sparkline_validate():
    budget = pl.DataFrame({"year": [2022, 2022, 2023], "amount_tdkk": [600.0, 300.0, 600.0], "group": ["BIF", "SOF", "BIF"]})
    assert charts.budget_per_year(budget, LABELS | {"colour": "Forvaltning"}, "group").to_dict()["mark"]["type"] == "bar"
    savings = pl.DataFrame({"year": [2020, 2020], "series": ["Forventet", "Investering"], "amount_tdkk": [35.0, 0.0]})
    assert charts.savings_vs_achieved(savings, LABELS).to_dict()["encoding"]["xOffset"]["field"] == "series"
    assert charts.sparkline([1.0, 2.0, None, 3.0]).to_dict()["data"]["values"] == [
        {"i": 0, "v": 1.0}, {"i": 1, "v": 2.0}, {"i": 3, "v": 3.0}]


def test_progression_scores_validates_on_a_fixed_scale_with_arm_colours():
    df = pl.DataFrame({"quarter": [0, 0, 1, 1, 2], "arm": ["treatment", "control"] * 2 + ["treatment"],
                       "mean_score": [2.5, 2.4, 3.1, None, 3.4], "n_text": ["40", "38", "35", "<5", "30"]})
    labels = {"quarter": "Kvartal efter start", "score": "Gns. score (1–5)", "series": "Serie", "n": "n"}
    chart = charts.progression_scores(df, labels, ARMS, title="Delmål: parathed til job, uddannelse og virksomhedsplaceringer")
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "line"
    assert (enc["x"]["field"], enc["x"]["type"]) == ("quarter", "ordinal")
    assert enc["y"]["scale"]["domain"] == [1, 5]  # the same scale on every sub-goal's chart
    assert enc["color"]["scale"]["domain"] == ["Indsatsgruppe", "Kontrolgruppe"]
    assert len(spec["title"]["text"]) > 1  # a long sub-goal wraps
    rows = charts.spec(chart)["datasets"]
    drawn = next(iter(rows.values()))
    assert len(drawn) == 4 and {r["series"] for r in drawn} == {"Indsatsgruppe", "Kontrolgruppe"}  # hidden mean not drawn


def test_locale_goes_on_a_chart_and_a_spec():
    chart = charts.budget_per_year(pl.DataFrame({"year": [2022], "amount_tdkk": [21800.0]}), LABELS)
    da = charts.localized(chart, "da").to_dict()  # validates: config.locale is Vega-Lite's
    assert da["config"]["locale"]["number"] == {"decimal": ",", "thousands": ".", "grouping": [3],
                                                "currency": ["", "\u00a0kr."]}
    assert da["config"]["locale"]["time"]["months"][9] == "oktober"
    assert charts.localized(chart, "en").to_dict()["config"]["locale"]["time"]["months"][9] == "October"
    spec = charts.localize_spec(charts.spec(chart), "da")
    assert spec["config"]["locale"] == charts.LOCALES["da"] and "locale" not in charts.spec(chart).get("config", {})


def test_savings_chart_reads_the_documents_period():
    df = pl.DataFrame({"year": [2018, 2017], "period": ["2018", "2016/17"], "series": ["a", "a"],
                       "amount_tdkk": [536.0, 493.0]})
    x = charts.savings_vs_achieved(df, LABELS | {"period": "Periode"}).to_dict()["encoding"]["x"]
    assert (x["field"], x["sort"], x["title"]) == ("period", ["2016/17", "2018"], "Periode")


def test_actual_vs_target_legend_shows_lines_and_bands_in_their_colours():
    """The lines' legend: each arm and the target, as lines in the colours they are drawn in (only
    line marks use the colour channel); the bands' legend: tolerance and interval (fill channel)."""
    spec = charts.spec(charts.actual_vs_target(_series(("all",)), 40.0, None, "higher", LABELS, ARMS))
    band, rule, area, line = spec["layer"]
    colour = line["encoding"]["color"]
    assert colour["scale"] == {"domain": ["Alle", "target"], "range": [charts.ARM_COLOURS["all"], charts.TARGET_COLOUR]}
    assert colour["legend"]["symbolType"] == "stroke"
    assert rule["encoding"]["color"]["field"] == "series" and rule["data"]["values"][0]["series"] == "target"
    assert "color" not in area["encoding"] and "color" not in band["encoding"]  # no pale swatch in the lines' legend
    fill = area["encoding"]["fill"]
    assert fill["scale"]["domain"] == ["tolerance", "interval"] and band["encoding"]["fill"]["scale"] == fill["scale"]
    assert band["data"]["values"][0]["band"] == "tolerance"
    # without a target: no target line or tolerance band in the legends either
    spec = charts.spec(charts.actual_vs_target(_series(("all",)), None, None, "higher", LABELS, ARMS))
    area, line = spec["layer"]
    assert line["encoding"]["color"]["scale"]["domain"] == ["Alle"] and area["encoding"]["fill"]["scale"]["domain"] == ["interval"]


def test_a_single_measurement_gets_month_ticks_and_room_above_it():
    """One point: the time axis spans a quarter around it with month labels ("nov 2026"), not the
    hours of one day ("man 31"); the value axis ends above the point, not at it (11 was drawn above
    an axis ending at 10)."""
    df = pl.DataFrame({"as_of": [dt.date(2012, 12, 31)], "arm": ["all"], "value": [11.0],
                       "ci_low": [None], "ci_high": [None]}, schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64})
    line = charts.actual_vs_target(df, None, None, "higher", LABELS, ARMS).to_dict()["layer"][-1]["encoding"]
    assert line["x"]["axis"]["format"] == "%b %Y"
    lo, hi = line["x"]["scale"]["domain"]
    assert (lo["year"], lo["month"], hi["year"], hi["month"]) == (2012, 11, 2013, 2)
    low, high = line["y"]["scale"]["domain"]
    assert low == 0 and high > 11


def test_a_long_series_keeps_vegas_ticks_and_every_layer_one_value_scale():
    year = pl.concat([_series().with_columns(pl.col("as_of").dt.offset_by(f"{k}mo")) for k in (0, 3, 6, 9)])
    spec = charts.actual_vs_target(year, 60.0, None, "higher", LABELS, ARMS).to_dict()
    assert "format" not in spec["layer"][-1]["encoding"]["x"].get("axis", {})  # years/months as Vega picks them
    domains = {tuple(layer["encoding"]["y"]["scale"]["domain"]) for layer in spec["layer"]}
    assert len(domains) == 1
    low, high = domains.pop()
    assert low == 0 and high > 60  # the target line (60) is above every value (max 47), and in view
