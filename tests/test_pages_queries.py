"""The data behind the management pages: follow-up dates (cases in tests/cases/followups.csv),
the overview's rows and filters, and the economy tables — on the catalogue store."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from queries import economy, followups, initiatives, overview, vocabulary

CASES = Path(__file__).resolve().parent / "cases" / "followups.csv"
TODAY = dt.date(2026, 11, 22)


def _d(text: str):
    return dt.date.fromisoformat(text) if text else None


def _cases():
    with CASES.open(encoding="utf-8") as f:
        return [pytest.param(r, id=r["note"]) for r in csv.DictReader(f, delimiter=";")]


@pytest.mark.parametrize("case", _cases())
def test_follow_up_dates(case):
    first, freq, today = _d(case["first_followup"]), int(case["frequency_months"] or 0) or None, _d(case["today"])
    assert followups.next_due(first, freq, today) == _d(case["next_due"])
    passed = followups.due_dates(first, freq, today - dt.timedelta(days=1))
    assert (passed[-1] if passed else None) == _d(case["latest_passed"])


def test_buckets():
    assert followups.bucket(dt.date(2026, 6, 30), TODAY, False) == "overdue"
    assert followups.bucket(dt.date(2026, 6, 30), TODAY, True) == "done"
    assert followups.bucket(dt.date(2026, 12, 31), TODAY, False) == "next90"
    assert followups.bucket(TODAY + dt.timedelta(days=91), TODAY, False) == "later"


def test_calendar_lists_each_dated_target(con):
    cal = followups.calendar(con, TODAY)
    dated = con.execute("select count(*) from v_targets where first_followup is not null").fetchall()[0][0]
    assert cal["target_id"].n_unique() == dated
    row = cal.filter((pl.col("target_id") == "bi07-veteraner-job-6m") & (pl.col("bucket") == "next90"))
    assert row["due"].to_list() == [dt.date(2026, 12, 31)]
    assert row["has_measurement"].to_list() == [False]


def test_calendar_agrees_with_overview_on_implementation_targets(con):
    """An implementation target is followed up by its initiative's implementation state: one that
    Overblik judges (😊/😐/😞, proposed from that state) is never listed as overdue, and one it cannot
    judge yet (⚪, e.g. planned) is not counted as done."""
    cal = followups.calendar(con, TODAY)
    ov = overview.overview(con, TODAY)
    impl = ov.filter((pl.col("kind") == "implementation") & pl.col("first_followup").is_not_null())
    assert impl.height >= 3  # the 2013 status report's three dated ones
    for r in impl.iter_rows(named=True):
        passed = cal.filter((pl.col("target_id") == r["target_id"]) & (pl.col("due") < TODAY))
        judged = r["proposed"] != "none"
        assert set(passed["bucket"]) <= ({"done"} if judged else {"overdue"}), (r["target_id"], r["proposed"])


def test_overview_has_every_target_once(con):
    df = overview.overview(con, TODAY)
    n = con.execute("select count(*) from v_targets").fetchall()[0][0]
    assert df.height == df["target_id"].n_unique() == n
    assert set(df["state"]) <= set(vocabulary.STATES)
    ips = df.filter(pl.col("target_id") == "bi2-ips-effekt-18m").row(0, named=True)
    assert ips["actual"] == pytest.approx(62.4 - 46.6)  # effect = treatment minus control


def test_overview_filters(con):
    df = overview.overview(con, TODAY)
    assert overview.filter_overview(df).height == df.height
    sof = overview.filter_overview(df, administrations=["SOF"])
    assert 0 < sof.height < df.height and all("SOF" in a.split(",") for a in sof["administrations"])
    assert overview.filter_overview(df, search="VETERAN").height == overview.filter_overview(df, search="veteran").height > 0


def test_overview_states_are_v_status(con):
    """The overview shows v_status's final state for every target (same smiley everywhere)."""
    df = overview.overview(con, TODAY)
    as_of = con.execute("select distinct as_of from v_status").fetchall()
    expected = dict(con.execute("select target_id, final from v_status").fetchall())
    if as_of == [(TODAY,)]:
        assert dict(df.select("target_id", "state").iter_rows()) == expected
    on_the_fly = overview.states(con, dt.date(2013, 8, 8))
    assert set(on_the_fly["state"]) <= set(vocabulary.STATES)


def test_economy_tables(con):
    budget = economy.budget(con)
    total = con.execute("select sum(amount_tdkk)::double from budget_lines where kind = 'budget'").fetchall()[0][0]
    assert budget["amount_tdkk"].sum() == pytest.approx(total)
    for group in economy.GROUPS:
        assert economy.budget_by(budget, group)["amount_tdkk"].sum() == pytest.approx(total)
    savings = economy.savings(con).filter(pl.col("document_id") == "BC2016")
    assert savings["cumulative"].to_list()[-1] == pytest.approx(savings["net"].sum())
    payback = dict(economy.payback(con).select("target_id", "target_value").iter_rows())
    assert payback == {"bc2016-tilbagebetaling-service": 16.0, "bc2016-tilbagebetaling-total": 6.0}


def test_chart_series_for_effect_targets_is_the_difference():
    m = pl.DataFrame({"as_of": [dt.date(2019, 7, 31)] * 2, "arm": ["treatment", "control"], "value": [62.4, 46.6],
                      "ci_low": [None, None], "ci_high": [None, None], "superseded": [False, False]},
                     schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64})
    eff = initiatives.chart_series(m, "effect")
    assert eff["arm"].to_list() == ["effect"] and eff["value"][0] == pytest.approx(15.8)
    assert initiatives.chart_series(m, "share")["arm"].to_list() == ["treatment", "control"]
