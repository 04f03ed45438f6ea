"""The management pages through streamlit's AppTest: they render on the catalogue store and on an
empty one, show the expected counts and values, filters change the table, English changes labels."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from queries import economy, followups, formats, overview, presentation, store
from queries.vocabulary import STATES
from queries import upkeep

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
TODAY = dt.date(2026, 11, 22)
PAGES = ("screens/overview.py", "screens/initiative.py", "screens/followup.py", "screens/economy.py", "screens/home.py")


def _app(path, monkeypatch) -> AppTest:
    monkeypatch.setenv("MAALBORD_DB", str(path))
    monkeypatch.setenv("MAALBORD_TODAY", TODAY.isoformat())
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture()
def app(store_path, monkeypatch):
    return _app(store_path, monkeypatch)


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory):
    """Schema and views, no catalogue rows."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    with store.writing(path) as con:
        store.migrate(con)
    return path


@pytest.fixture()
def expected(con):
    return overview.overview(con, TODAY)


def _open(at: AppTest, page: str, **params) -> AppTest:
    at.run()
    at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _da(text: str) -> float | None:
    """A figure as a Danish page shows it ('1.234,5', '−6', '') back as a number."""
    return float(text.replace(".", "").replace(",", ".").replace("−", "-")) if text else None


def _pills(at: AppTest):
    return at.get("button_group")[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_catalogue_store(app, page):
    at = _open(app, page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_store(empty_store, monkeypatch, page):
    at = _open(_app(empty_store, monkeypatch), page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.info, "an empty page must say why it is empty"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_a_missing_store(tmp_path, monkeypatch, page):
    at = _open(_app(tmp_path / "none.duckdb", monkeypatch), page)
    assert not at.exception
    assert "maalbord init" in at.info[0].value


def test_overview_is_the_default_and_lists_every_target(app, expected):
    at = app.run()
    assert at.title[0].value == "Overblik over mål"
    table = at.dataframe[0].value
    assert len(table) == expected.height
    assert f"{expected.height} af {expected.height} mål vist" in [m.value for m in at.markdown]


def test_overview_state_counts_are_the_filters(app, expected):
    at = app.run()
    counts = overview.state_counts(expected)
    pills = _pills(at)
    labels = dict(zip(STATES, pills.options))  # options in STATES order, formatted
    for state, n in counts.items():
        assert labels[state].endswith(f"· {n}"), (state, labels)
    assert "På plan" in labels["green"]  # (streamlit moves a leading emoji into the pill's icon)
    pills.set_value(["red"]).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == counts["red"] > 0
    assert all("😞" in s for s in at.dataframe[0].value["state"])


def test_overview_filters_and_search_change_the_table(app, expected):
    at = app.run()
    total = len(at.dataframe[0].value)
    at.multiselect(key="ov_committee").set_value(["SUD"]).run()
    sud = expected.filter(expected["committee"] == "SUD").height
    assert 0 < len(at.dataframe[0].value) == sud < total
    at.multiselect(key="ov_committee").set_value([]).run()
    # the box says what it searches: the targets' texts and the initiatives' names ("veteran" finds
    # "Børn fra opstarts-event …" by its initiative) — it said "Søg i målteksten"
    assert at.text_input(key="ov_search").label == "Søg i mål og indsatser"
    at.text_input(key="ov_search").set_value("veteran").run()
    shown = at.dataframe[0].value
    assert 0 < len(shown) < total
    assert all("veteran" in (a + t).lower() for a, t in zip(shown["initiative"], shown["short_text"]))
    at.text_input(key="ov_search").set_value("findes-ikke-xyz").run()
    assert "Ingen mål passer til filtrene." in [i.value for i in at.info]


def test_overview_shows_actual_n_and_empty_state(app, expected):
    at = app.run()
    table = at.dataframe[0].value
    first = table.iloc[0]
    # the first BI07 target has no measurement yet: the empty state names its first follow-up
    assert first["actual"] == "Ingen målinger endnu — første opfølgning 31-12-2022"
    assert first["next_followup"].date() == dt.date(2026, 12, 31)
    # a real figure from the 2013 status: 74 referred
    assert "74 personer" in set(table["actual"])


DATE_TABLES = {"screens/overview.py": {"next_followup"}, "screens/home.py": {"first_followup"},
               "screens/followup.py": {"due"}, "screens/economy.py": {"as_of"}}


@pytest.mark.parametrize("page", list(DATE_TABLES))
def test_dates_in_tables_are_dates_shown_the_danish_way(demo_store, monkeypatch, page):
    """Dates in the tables are dates, so a click on the header sorts them by date (as text,
    01-01-2027 sorted before 31-12-2026), shown DD-MM-YYYY, and a missing date is an empty cell."""
    at = _open(_app(demo_store, monkeypatch), page)
    assert not at.exception
    found = set()
    for grid in at.dataframe:
        config = json.loads(grid.proto.columns or "{}")
        for name, dtype in grid.value.dtypes.items():
            if str(dtype).startswith("datetime"):
                found.add(name)
                assert config[name]["type_config"] == {"type": "date", "format": "DD-MM-YYYY"}, (page, name)
                assert grid.proto.HasField("placeholder") and grid.proto.placeholder == "", (page, name)
            elif str(dtype) in ("str", "object", "string"):
                texts = [v for v in grid.value[name] if isinstance(v, str) and v]
                assert not texts or not all(re.fullmatch(r"\d\d-\d\d-\d{4}", v) for v in texts), (page, name)
    assert DATE_TABLES[page] <= found, (page, found)


NO_TARGET = "Fælles borgere pr. år"  # "Godt 5400 Københavnere … hvert år": a figure tracked without a target


def test_overview_tells_a_figure_without_a_target_from_one_not_measured(app, expected):
    """⚪ is "no verdict", not always "not measured": the label comes from the rule (presentation.label)."""
    rules = dict(expected.select("short_text", "rule").iter_rows())
    assert rules[NO_TARGET] == "no_target"
    at = app.run()
    table = at.dataframe[0].value
    row = table[table["short_text"] == NO_TARGET].iloc[0]
    assert row["state"] == "⚪ ○ Følges uden mål"
    assert row["actual"] == "5.400 personer" and row["target"] == ""
    assert "Ikke målt endnu" not in row["state"]
    # a target with no measurement still says so
    first = table.iloc[0]
    assert expected["rule"][0] == "no_data" and first["state"] == "⚪ ○ Ikke målt endnu"
    # every ⚪ row reads its rule's label, the same as presentation.label gives
    for shown, r in zip(table["state"], expected.iter_rows(named=True)):
        assert shown == presentation.badge(r["state"], "da", r["rule"])

    at.sidebar.radio[0].set_value("en").run()
    table = at.dataframe[0].value
    row = table[table["short_text"] == NO_TARGET].iloc[0]
    assert row["state"] == "⚪ ○ Tracked without a target" and row["actual"] == "5,400 persons"


def test_initiative_page_tells_a_figure_without_a_target(app):
    at = _open(app, "screens/initiative.py", id="snit-faelles-borgere")
    assert not at.exception and not at.error
    lines = [m.value for m in at.markdown if m.value.startswith("⚪")]
    assert any(l.startswith("⚪ ○ Følges uden mål — ") for l in lines), lines
    assert not any("Ikke målt endnu" in l for l in lines), lines


def test_english_switch_changes_labels(app):
    at = app.run()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview of targets"
    assert any("targets shown" in m.value for m in at.markdown)
    at.switch_page("screens/economy.py").run()
    assert at.title[0].value == "Economy"
    assert at.subheader[0].value == "Budget per year"


def test_initiative_page_shows_facts_targets_and_passage(app, con):
    at = _open(app, "screens/initiative.py", id="bi2-ips")
    assert not at.exception and not at.error
    assert at.title[0].value == "Fortsættelse og udvidelse af IPS-indsatsen"
    assert at.selectbox(key="in_choice").value == "bi2-ips"
    # measurements tables: one per target with measurements
    n_measured = con.execute("""select count(distinct target_id) from v_measurements join v_targets using (target_id)
                                where initiative_id = 'bi2-ips'""").fetchall()[0][0]
    assert len(at.dataframe) == n_measured + 1  # + the budget table
    assert any("IPS-konsulent" in m.value for m in at.markdown)  # the quoted passage
    assert any("BI2 – Byens udsatte ledige" in c.value for c in at.caption)


def test_initiative_picker_opens_the_chosen_initiative(app):
    """Picking another initiative on the page opens it (the old ?id= pulled the picker back)."""
    at = _open(app, "screens/initiative.py", id="bi2-ips")
    at.selectbox(key="in_choice").set_value("bi07-veteraner-koordination").run()
    assert not at.exception
    assert at.selectbox(key="in_choice").value == "bi07-veteraner-koordination"
    assert at.query_params["id"] == "bi07-veteraner-koordination"  # a link to the page opens it again
    assert at.title[0].value == "Styrket samarbejde med socialforvaltningen om veteraner"
    at.run()  # and it stays there on the next run
    assert at.selectbox(key="in_choice").value == "bi07-veteraner-koordination"


@pytest.mark.parametrize("lang, titles", [("da", {"Værdi (%)", "Værdi (personer)"}),
                                          ("en", {"Value (%)", "Value (persons)"})])
def test_initiative_charts_name_the_unit_on_the_value_axis(app, lang, titles):
    at = _open(app, "screens/initiative.py", id="snit-faelles-borgere")
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    shown = {layer["encoding"]["y"]["title"] for ch in at.get("vega_lite_chart")
             for layer in json.loads(ch.proto.spec).get("layer", []) if "y" in layer.get("encoding", {})}
    assert titles <= shown, shown


def test_initiative_without_measurements_explains_itself(app):
    at = _open(app, "screens/initiative.py", id="bi07-veteraner-koordination")
    assert "Ingen målinger endnu — første opfølgning 31-12-2022" in [i.value for i in at.info]


def test_initiative_assessments_history(app):
    at = _open(app, "screens/initiative.py", id="status2013-sundhedsprogram-mobil")
    frames = [df.value for df in at.dataframe]
    assessments = [f for f in frames if "author" in f.columns]
    assert assessments and "😞" in assessments[0]["state"].iloc[0]


def test_followup_counts_match_the_calendar(app, con):
    at = _open(app, "screens/followup.py")
    cal = followups.calendar(con, TODAY)
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics == {"Overskredet": cal.filter(cal["bucket"] == "overdue").height,
                       "Næste 90 dage": cal.filter(cal["bucket"] == "next90").height,
                       "Senere": cal.filter(cal["bucket"] == "later").height}
    assert metrics["Næste 90 dage"] > 0  # the BI07 targets are due 31-12-2026


def test_economy_shows_budget_savings_and_payback(app, con):
    at = _open(app, "screens/economy.py")
    assert not at.exception and not at.error
    budget = economy.budget(con)
    table = at.dataframe[0].value
    cells = table.drop(columns=["group"]).to_numpy().ravel()
    assert sum(_da(c) for c in cells) == pytest.approx(budget["amount_tdkk"].sum())
    payback = {m.label: m.value for m in at.metric}
    assert "16 år" in payback.values() and "6 år" in payback.values()
    at.segmented_control(key="ec_group").set_value("committee").run()
    names = dict(con.execute("select committee_id, name from committees").fetchall())
    # committees by name with their code (the page's org_label), not the bare code
    assert set(at.dataframe[0].value["group"]) == {f"{names[c]} ({c})" if c in names else c for c in budget["committee"]}
    assert "Beskæftigelses- og Integrationsudvalget (BIU)" in set(at.dataframe[0].value["group"])


@pytest.mark.parametrize("lang, lead, partner, committee", [
    ("da", "Beskæftigelses- og Integrationsforvaltningen (BIF)", "Socialforvaltningen (SOF)",
     "Beskæftigelses- og Integrationsudvalget (BIU)"),
    ("en", "Employment and Integration Administration (BIF)", "Social Services Administration (SOF)",
     "Employment and Integration Committee (BIU)")])
def test_administrations_and_committees_show_by_name(app, lang, lead, partner, committee):
    """'Ansvarlig: BIF' told a new reader nothing: the Indsats facts and the follow-up calendar name
    administrations and committees in the page's language, with the code the municipality uses."""
    at = _open(app, "screens/initiative.py", id="bi07-veteraner-koordination")
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    facts = " ".join(m.value for m in at.markdown)
    assert lead in facts and partner in facts and committee in facts
    budget = next(df.value for df in at.dataframe if "appropriation" in df.value.columns)
    assert committee in set(budget["committee"]) and "BIU" not in set(budget["committee"])  # the budget table too
    at.switch_page("screens/followup.py").run()
    shown = {c for df in at.dataframe for c in df.value["committee"]}
    assert committee in shown and "BIU" not in shown


@pytest.fixture(scope="module")
def measured_store(store_path, tmp_path_factory):
    """The catalogue store plus a computed-looking share for a BI07 target and a correction."""
    import shutil

    path = tmp_path_factory.mktemp("measured") / "measured.duckdb"
    shutil.copy(store_path, path)
    with store.writing(path) as con:
        con.execute("""insert into measurements (target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high,
                       source, origin, entered_by, entered_at)
                       values ('bi07-veteraner-job-6m', date '2023-06-30', 'treatment', 40.0, 16, 40, 26.3, 55.4,
                               'test', 'import', 'test', now()::timestamp)""")
        first = con.execute("select max(measurement_id) from measurements").fetchall()[0][0]
        con.execute("""insert into measurements (target_id, as_of, arm, value, numerator, denominator, ci_low, ci_high,
                       source, origin, entered_by, entered_at, supersedes)
                       values ('bi07-veteraner-job-6m', date '2023-06-30', 'treatment', 45.0, 18, 40, 30.7, 60.1,
                               'test (rettet)', 'import', 'test', now()::timestamp, ?)""", [first])
        upkeep.after_write(con)  # as every writer does: the status table follows the data
    return path


def test_measured_target_shows_actual_n_interval_and_cost(measured_store, monkeypatch):
    at = _app(measured_store, monkeypatch).run()
    row = at.dataframe[0].value.iloc[0]
    assert (row["actual"], row["n"], row["interval"]) == ("45 %", "40", "31–60")  # n as text: '<5' when small
    assert "😊" in row["state"]
    assert len(row["trend"]) == 1  # the superseded value is not part of the trend

    at.switch_page("screens/economy.py").run()
    cost = [df.value for df in at.dataframe if "basis" in df.value.columns][0]
    mine = cost[cost["short_text"].str.contains("Veteraner med koordineret")].iloc[0]
    assert mine["successes"] == "18"
    assert mine["spent"] == "1.200"  # budget 2022 + 2023, up to the measurement (1.000 kr.)
    assert mine["cost_per_success"] == "66.667"  # kr.: 1.200.000 / 18
    assert "ikke et effektestimat" in mine["basis"]


def test_initiative_page_greys_superseded_measurements(measured_store, monkeypatch):
    at = _open(_app(measured_store, monkeypatch), "screens/initiative.py", id="bi07-veteraner-koordination")
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["superseded"]) == [True, False]
    assert "Rettede (erstattede) målinger vises gråt." in [c.value for c in at.caption]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """Catalogue + `maalbord demo` with 20,000 synthetic citizens (computed measurements)."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    root = Path(APP).parent.parent
    for args in (["init"], ["demo", "--citizens", "20000", "--as-of", TODAY.isoformat()]):
        subprocess.run([sys.executable, "-m", "queries.cli", "--db", str(path), *args], cwd=root, check=True,
                       capture_output=True)
    return path


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_demo_store_shows_the_synthetic_banner(demo_store, monkeypatch, page):
    at = _open(_app(demo_store, monkeypatch), page, id="bc2016-ressourceforloeb-forsoeg")
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Demodata — syntetiske borgere" in w.value for w in at.warning)


def test_demo_overview_matches_v_status(demo_store, monkeypatch):
    at = _app(demo_store, monkeypatch).run()
    import duckdb

    with duckdb.connect(str(demo_store), read_only=True) as c:
        expected = dict(c.execute("select final, count(*) from v_status group by 1").fetchall())
        n = c.execute("select n from v_status where target_id = 'bi07-veteraner-job-6m'").fetchall()[0][0]
    labels = dict(zip(STATES, _pills(at).options))
    for state in STATES:
        assert labels[state].endswith(f"· {expected.get(state, 0)}")
    first = at.dataframe[0].value.iloc[0]  # bi07-veteraner-job-6m: computed share with n and interval
    assert first["n"] == formats.integer(n) and first["interval"] and first["actual"].endswith("%")


def test_demo_initiative_charts_effect_targets(demo_store, monkeypatch):
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bc2016-ressourceforloeb-forsoeg")
    assert not at.exception and not at.error
    charts_shown = at.get("vega_lite_chart")
    assert len(charts_shown) >= 6  # the five effect targets with a computed series + the budget chart


def _progression_charts(at: AppTest) -> list[dict]:
    import json

    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    return [s for s in specs if s.get("encoding", {}).get("x", {}).get("field") == "quarter"]


def test_demo_initiative_shows_the_sub_goals_progression(demo_store, monkeypatch):
    with duckdb.connect(str(demo_store), read_only=True) as c:
        sub_goals = c.execute("""select count(distinct coalesce(target_id, dimension)) from v_progression
                                 where initiative_id = 'bc2016-ressourceforloeb-forsoeg'""").fetchone()[0]
        points = c.execute("""select count(distinct (coalesce(target_id, dimension), quarter)) from v_progression
                              where initiative_id = 'bc2016-ressourceforloeb-forsoeg'""").fetchone()[0]
    assert sub_goals >= 7
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bc2016-ressourceforloeb-forsoeg")
    assert not at.exception and not at.error
    assert "Progression (delmål)" in [h.value for h in at.subheader]
    caption = next(c.value for c in at.caption if c.value.startswith("Progressionsscorer 1–5"))
    assert "syntetiske" in caption
    shown = _progression_charts(at)
    assert len(shown) == sub_goals
    assert all(s["encoding"]["y"]["scale"]["domain"] == [1, 5] for s in shown)
    table = next(d.value for d in at.dataframe if "n_treatment" in d.value.columns)
    assert len(table) == points and {"n_control", "mean_control"} <= set(table.columns)
    # the sub-goal targets stay in the target list as they are (level, no target value)
    assert any(m.value.startswith("####") and m.value.endswith("Delmål: parathed til job, uddannelse, virksomhed")
               for m in at.markdown)


def test_initiative_without_progression_data_has_no_progression_section(demo_store, monkeypatch):
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bi2-ips")
    assert not at.exception and not at.error
    assert "Progression (delmål)" not in [h.value for h in at.subheader]
    assert _progression_charts(at) == []


def test_english_progression_section(demo_store, monkeypatch):
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bc2016-ressourceforloeb-forsoeg")
    at.sidebar.radio[0].set_value("en").run()
    assert "Progression (sub-goals)" in [h.value for h in at.subheader]
    assert any(c.value.startswith("Progression scores 1–5") and "synthetic" in c.value for c in at.caption)


@pytest.mark.parametrize("page, da, en", [
    ("screens/overview.py", "Overblik over mål", "Overview of targets"),
    ("screens/followup.py", "Opfølgningskalender", "Follow-up calendar"),
    ("screens/economy.py", "Økonomi", "Economy"),
])
def test_english_switch_on_each_page(app, page, da, en):
    at = _open(app, page)
    assert at.title[0].value == da
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    assert at.title[0].value == en


def test_english_initiative_page(app):
    at = _open(app, "screens/initiative.py", id="bi2-ips")
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == ["Targets", "Assessments", "Budget per year (DKK 1,000)",
                                               "From the source document"]


# --- small numbers (issue 6): the management pages leave the analyst role ----------------------

SMALL_TARGET, SMALL_INITIATIVE = "bi07-veteraner-job-6m", "bi07-veteraner-koordination"
LARGE_TARGET, LARGE_INITIATIVE = "bi07-boern-fritidsjob-3m", "bi07-boern-af-veteraner"


@pytest.fixture(scope="module")
def small_store(store_path, tmp_path_factory):
    """The catalogue store plus: a target measured at 120/200 (60 %) and later at 3/4 (75 %), and
    another target measured at 120/200 only."""
    import shutil

    path = tmp_path_factory.mktemp("small") / "small.duckdb"
    shutil.copy(store_path, path)
    rows = [(SMALL_TARGET, "2023-06-30", 60.0, 120, 200, 53.1, 66.6),
            (SMALL_TARGET, "2024-06-30", 75.0, 3, 4, 30.1, 95.4),
            (LARGE_TARGET, "2023-06-30", 60.0, 120, 200, 53.1, 66.6)]
    with store.writing(path) as con:
        for target_id, as_of, value, num, den, lo, hi in rows:
            con.execute("""insert into measurements (target_id, as_of, arm, value, numerator, denominator, ci_low,
                           ci_high, source, origin, entered_by, entered_at)
                           values (?, ?::date, 'all', ?, ?, ?, ?, ?, 'test', 'import', 'test', now()::timestamp)""",
                        [target_id, as_of, value, num, den, lo, hi])
        upkeep.after_write(con)
    return path


def _overview_row(at: AppTest, target_short_text: str):
    table = at.dataframe[0].value
    return table[table["short_text"] == target_short_text].iloc[0]


def test_overview_hides_a_small_count_and_its_share(small_store, monkeypatch):
    with store.reading(small_store) as c:
        raw = overview.overview(c, TODAY).filter(overview.pl.col("target_id").is_in([SMALL_TARGET, LARGE_TARGET]))
        texts = dict(raw.select("target_id", "short_text").iter_rows())
    assert raw.filter(overview.pl.col("target_id") == SMALL_TARGET)["n"][0] == 4  # the analyst's raw figure
    at = _app(small_store, monkeypatch).run()
    assert not at.exception and not at.error
    small = _overview_row(at, texts[SMALL_TARGET])
    assert small["n"] == "<5"
    assert small["actual"] == "–" and small["interval"] == ""
    assert "75" not in small["rule"] and "n=4" not in small["rule"] and "30" not in small["rule"]
    assert list(small["trend"]) == [60.0]  # the hidden point is not in the trend either
    large = _overview_row(at, texts[LARGE_TARGET])
    assert (large["actual"], large["n"], large["interval"]) == ("60 %", "200", "53–67")  # rounded as the rule text


def _chart_rows(at: AppTest) -> list[dict]:
    """Every data row the page's charts ship: inline values and the Arrow datasets."""
    import json

    import pyarrow as pa

    rows = []
    for ch in at.get("vega_lite_chart"):
        spec = json.loads(ch.proto.spec)
        for layer in [spec, *spec.get("layer", [])]:
            rows += (layer.get("data") or {}).get("values", []) if isinstance(layer.get("data"), dict) else []
        rows += [r for ds in spec.get("datasets", {}).values() for r in ds]
        for ds in ch.proto.datasets:
            rows += pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    return rows


def _page_text(at: AppTest) -> str:
    """What the page shows as text: markdown, captions, notes, table cells and chart data."""
    parts = [str(e.value) for kind in ("markdown", "caption", "info") for e in at.get(kind)]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [repr(sorted(r.items())) for r in _chart_rows(at)]
    return "\n".join(parts)


def _shows_number(raw: str, text: str) -> bool:
    """Whether text shows the number raw: not as the tail of a longer number, a decimal part or a
    clock time (the page shows entry times such as 02:37:52.857568, which hold "75" but not the
    number 75); a whole number also not as the head of a longer one."""
    tail = r"(?!\d)" if raw.isdigit() else ""
    return re.search(r"(?<![\d:.])" + re.escape(raw) + tail, text) is not None


def test_shows_number_tells_a_number_from_digits_inside_a_time():
    assert _shows_number("75", "n,75.0") and _shows_number("75", "value 75") and _shows_number("30.1", "30.1234")
    assert not _shows_number("75", "2026-11-23 02:37:52.857568") and not _shows_number("75", "1750")
    assert not _shows_number("30.1", "02:37:30.123") and not _shows_number("75", "02:37:52.751234")


def test_initiative_page_hides_a_small_count_in_table_and_chart(small_store, monkeypatch):
    at = _open(_app(small_store, monkeypatch), "screens/initiative.py", id=SMALL_INITIATIVE)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["n"]) == ["200", "<5"]
    assert table["value"].iloc[0] == "60,0" and table["ci_low"].iloc[0] == "53,1"
    hidden = table.iloc[1]
    # '–' as Overblik and the committee report show a hidden share — not an empty cell (missing?), not "None"
    assert all(hidden[c] == "–" for c in ("value", "ci_low", "ci_high"))
    text = _page_text(at)
    for raw in ("75", "30.1", "30,1", "95.4", "95,4", "n=4"):
        assert not _shows_number(raw, text), raw
    charted = [r for r in _chart_rows(at) if "value" in r and r["value"] is not None]
    assert [r["value"] for r in charted] == [60.0]  # the n=200 point is still charted, the small one not
    assert [r["ci_low"] for r in charted] == [pytest.approx(53.1)]


def test_initiative_page_keeps_a_large_count(small_store, monkeypatch):
    at = _open(_app(small_store, monkeypatch), "screens/initiative.py", id=LARGE_INITIATIVE)
    assert not at.exception and not at.error
    table = [df.value for df in at.dataframe if "superseded" in df.value.columns][0]
    assert (table["value"].iloc[0], table["n"].iloc[0]) == ("60,0", "200")
    assert "53.1" in _page_text(at) or "53,1" in _page_text(at)


def test_pages_use_the_stores_threshold(small_store, tmp_path, monkeypatch):
    """The store's meta key disclosure_threshold (here 3) decides what is small on the pages."""
    import shutil

    path = tmp_path / "threshold3.duckdb"
    shutil.copy(small_store, path)
    with store.writing(path) as con:
        con.execute("insert or replace into meta values ('disclosure_threshold', '3')")
    at = _open(_app(path, monkeypatch), "screens/initiative.py", id=SMALL_INITIATIVE)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["n"]) == ["200", "4"]  # 4 is not below 3
    assert table["value"].iloc[1] == "–"  # hidden: the complement 4 − 3 = 1 is below 3
    with store.writing(path) as con:
        con.execute("insert or replace into meta values ('disclosure_threshold', '1')")
    at = _open(_app(path, monkeypatch), "screens/initiative.py", id=SMALL_INITIATIVE)
    table = at.dataframe[0].value
    assert table["value"].iloc[1] == "75,0" and table["ci_high"].iloc[1] == "95,4"


# --- formatting (QA walkthrough): units, intervals, numbers in the app's language ---------------

def test_overview_shows_unit_words_not_unit_codes(app):
    from queries import catalogue

    at = app.run()
    table = at.dataframe[0].value
    cells = list(table["target"]) + list(table["actual"])
    codes = [u for u in catalogue.UNITS if formats.unit_suffix(u, "en").strip() != u]  # count, meetings_per_week, tdkk
    assert not [c for c in cells if any(c.endswith(" " + u) for u in codes)], "raw unit codes shown"
    row = table[table["short_text"] == "Borgermøder pr. uge ved fuld aktivitet i 2014 (op til)"].iloc[0]
    assert row["target"] == "69 møder om ugen"
    at.sidebar.radio[0].set_value("en").run()
    table = at.dataframe[0].value
    row = table[table["short_text"] == "Borgermøder pr. uge ved fuld aktivitet i 2014 (op til)"].iloc[0]
    assert row["target"] == "69 meetings a week"
    assert not [c for c in list(table["target"]) + list(table["actual"]) if any(c.endswith(" " + u) for u in codes)]


def _rule_interval(rule: str) -> str | None:
    found = re.search(r"interval (\S+–\S+?)(?: %-point| %| pp| personer| persons)?\)", rule)
    return found.group(1).replace("-", "−") if found else None


@pytest.mark.parametrize("lang", ["da", "en"])
def test_demo_overview_intervals_have_a_minus_sign_and_agree_with_the_rule_text(demo_store, monkeypatch, lang):
    at = _app(demo_store, monkeypatch).run()
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    table = at.dataframe[0].value
    intervals = [i for i in table["interval"] if i]
    assert intervals
    assert not [i for i in intervals if "-" in i or i.startswith("−0–") or "–−0–" in i or i.endswith("−0")]
    assert any("−" in i for i in intervals)  # the effect targets' intervals reach below zero
    compared = 0
    for shown, rule in zip(table["interval"], table["rule"]):
        quoted = _rule_interval(rule)
        if shown and quoted:
            assert shown == quoted, (shown, rule)
            compared += 1
    assert compared >= 5
    # n in the app's language too: 1.030 in Danish, 1,030 in English
    big = [n for n in table["n"] if n and n[0].isdigit() and len(n) > 3]
    assert big and all(("." in n) == (lang == "da") and ("," in n) == (lang == "en") for n in big)


def _none_cells(at: AppTest) -> list[tuple[int, str, int]]:
    """(table, column, row) of every cell a page's tables would show as "None": None or NaN in a
    table without a placeholder for missing values (st.dataframe's `placeholder`)."""
    import pandas as pd

    found = []
    for k, element in enumerate(at.dataframe):
        if element.proto.HasField("placeholder") and element.proto.placeholder != "None":
            continue
        df = element.value
        for col in df.columns:
            for i, v in enumerate(df[col]):
                if v is None or (not isinstance(v, (list, tuple)) and not hasattr(v, "__len__") and pd.isna(v)):
                    found.append((k, col, i))
    return found


@pytest.mark.parametrize("page", PAGES)
def test_no_table_shows_none(demo_store, monkeypatch, page):
    """An empty figure is an empty cell, never "None" (Tema on Forside, Realiseret on Økonomi, a
    measurement's value and interval and an assessment's target on Indsats)."""
    at = _open(_app(demo_store, monkeypatch), page, id="bc2016-ressourceforloeb-forsoeg")
    assert not at.exception and not at.error
    assert at.dataframe
    assert _none_cells(at) == []


def test_initiative_assessment_without_a_target_shows_empty(app):
    at = _open(app, "screens/initiative.py", id="status2013-sundhedsprogram-mobil")
    assessments = [df.value for df in at.dataframe if "author" in df.value.columns][0]
    assert "" in list(assessments["target_id"])  # the assessment of the whole initiative: empty, not "None"
    assert _none_cells(at) == []
    # labels made per row follow the language (not on polars' worker threads, which can't see it)
    at.sidebar.radio[0].set_value("en").run()
    assessments = [df.value for df in at.dataframe if "author" in df.value.columns][0]
    assert "Real challenges" in assessments["state"].iloc[0]


def _home_tables(at: AppTest):
    at.switch_page("screens/home.py").run()
    assert not at.exception
    return at.dataframe[0].value, at.dataframe[1].value


def test_home_shows_labels_not_codes(app):
    from queries.texts import t

    initiatives, targets = _home_tables(app.run())
    assert set(initiatives["implementation_state"]) <= {""} | {t(f"impl.{s}", "da") for s in
                                                               ("planned", "running", "in_operation", "paused", "stopped", "completed")}
    assert "I gang" in set(initiatives["implementation_state"])
    smileys = set(initiatives["reported_smiley"]) - {""}
    assert smileys and all(s[0] in "😊😐😞" for s in smileys)  # '😊 ● På plan', not 'green'
    assert "😊 ● På plan" in smileys
    assert not {"green", "yellow", "red", "running", "planned"} & (smileys | set(initiatives["implementation_state"]))
    assert None not in list(initiatives["theme"])
    kinds = set(targets["kind"])
    assert {"Andel", "Fastholdelse", "Antal eller rate"} <= kinds and not {"share", "retention", "level"} & kinds
    assert {"møder om ugen", "antal", "personer"} <= set(targets["unit"]) and "meetings_per_week" not in set(targets["unit"])

    app.sidebar.radio[0].set_value("en").run()
    initiatives, targets = app.dataframe[0].value, app.dataframe[1].value
    assert "Running" in set(initiatives["implementation_state"]) and "Share" in set(targets["kind"])
    assert "😊 ● On plan" in set(initiatives["reported_smiley"])


DA_NUMBER = re.compile(r"^−?\d{1,3}(\.\d{3})*(,\d+)?$")
EN_NUMBER = re.compile(r"^−?\d{1,3}(,\d{3})*(\.\d+)?$")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_initiative_measurements_in_the_apps_language(demo_store, monkeypatch, lang):
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bi07-veteraner-koordination")
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    element = next(d for d in at.dataframe if "superseded" in d.value.columns)
    table = element.value
    pattern = DA_NUMBER if lang == "da" else EN_NUMBER
    values = [v for v in list(table["value"]) + list(table["ci_low"]) + list(table["ci_high"]) if v]
    assert len(values) > 10
    assert all(pattern.match(v) and len(v.split("," if lang == "da" else ".")[-1]) == 1 for v in values), values[:5]
    import json
    labels = {k: v.get("label") for k, v in json.loads(element.proto.columns).items()}
    if lang == "da":
        assert (labels["ci_low"], labels["ci_high"]) == ("95 %-interval, nedre", "95 %-interval, øvre")
    else:
        assert (labels["ci_low"], labels["ci_high"]) == ("95 % interval, low", "95 % interval, high")
    n = [v for v in table["n"] if v and len(v) > 3 and v[0].isdigit()]
    assert n and all(pattern.match(v) for v in n)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_economy_numbers_follow_the_app_language_not_the_browser(demo_store, monkeypatch, lang):
    """No "localized" number columns (they follow the browser's locale): text in the app's language."""
    import json

    at = _open(_app(demo_store, monkeypatch), "screens/economy.py")
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    pattern = DA_NUMBER if lang == "da" else EN_NUMBER
    for element in at.dataframe:
        config = json.loads(element.proto.columns)
        assert not any(c.get("type_config", {}).get("format") == "localized" for c in config.values())
    budget = at.dataframe[0].value
    figures = [v for c in budget.columns if c != "group" for v in budget[c]]
    assert "21.800" in figures if lang == "da" else "21,800" in figures
    assert all(pattern.match(v) for v in figures)
    cost = next(d.value for d in at.dataframe if "basis" in d.value.columns)
    shown = [v for v in cost["cost_per_success"] if v]
    assert shown and all(pattern.match(v) and ("," not in v if lang == "da" else "." not in v) for v in shown)


def test_economy_savings_sign_period_and_small_numbers(demo_store, con, monkeypatch):
    """Savings read the same in table and chart (positive), the chart's x axis is the document's
    period ('2016/17', not 2017), and a count of successes below 5 is hidden as the committee
    report hides it — and so is its cost per success."""
    import json

    at = _open(_app(demo_store, monkeypatch), "screens/economy.py")
    assert not at.exception and not at.error
    savings = next(d.value for d in at.dataframe if "cumulative" in d.value.columns)
    first = savings.iloc[0]
    assert (first["period"], first["expected_saving"], first["investment"], first["net"]) == ("2016/17", "493", "2.400", "1.907")
    spec = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart")
                if json.loads(c.proto.spec)["encoding"]["x"]["field"] == "period")
    assert spec["encoding"]["x"]["sort"][0] == "2016/17"
    rows = _chart_rows(at)
    saving_rows = [r for r in rows if r.get("series") == "Forventet besparelse"]
    assert saving_rows and all(r["amount_tdkk"] > 0 for r in saving_rows)
    assert {"period": "2016/17", "amount_tdkk": 493.0} in [{k: r[k] for k in ("period", "amount_tdkk")} for r in saving_rows]

    cost = next(d.value for d in at.dataframe if "basis" in d.value.columns)
    with duckdb.connect(str(demo_store), read_only=True) as c:
        raw = economy.cost_per_outcome(c, limit=None)
    small = raw.filter((raw["successes"] > 0) & (raw["successes"] < 5))
    assert small.height > 0  # the demo store has one: '+5 i fleksjob vs. kontrolgruppe'
    for text in small["short_text"]:
        row = cost[cost["short_text"] == text].iloc[0]
        assert (row["successes"], row["cost_per_success"]) == ("<5", "")
    assert "1" not in set(cost["successes"])
    config = json.loads(next(d for d in at.dataframe if "basis" in d.value.columns).proto.columns)
    assert config["basis"]["width"] == 260 and config["short_text"]["width"] == "large"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_chart_has_the_apps_locale(demo_store, monkeypatch, lang):
    import json

    from dashboard import charts

    for page in ("screens/initiative.py", "screens/economy.py"):
        at = _open(_app(demo_store, monkeypatch), page, id="bc2016-ressourceforloeb-forsoeg")
        if lang == "en":
            at.sidebar.radio[0].set_value("en").run()
        specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
        assert specs
        for spec in specs:
            assert spec["config"]["locale"] == charts.LOCALES[lang]
    assert charts.LOCALES["da"]["number"]["decimal"] == "," and charts.LOCALES["da"]["time"]["months"][9] == "oktober"


def test_filters_stay_open_while_used_and_type_chips_follow_the_language(app):
    """Clearing the search box inside "Filtre" does not close it; after a language switch the Type
    chips are sent again with the new language's labels (the browser keeps the labels it was last
    sent) and the filter still holds."""
    at = app.run()
    assert at.expander[0].proto.expanded is False  # closed until opened or a filter is active
    at.session_state["ov_filters"] = True  # the user opens it (a tracked expander reports its state)
    at.run()
    at.text_input(key="ov_search").set_value("veteran").run()
    at.text_input(key="ov_search").set_value("").run()
    assert at.expander[0].proto.expanded is True

    at.multiselect(key="ov_kind").set_value(["retention", "share"]).run()
    shown = [m.value for m in at.markdown if " mål vist" in m.value][0]
    at.sidebar.radio[0].set_value("en").run()
    chips = at.multiselect(key="ov_kind")
    assert chips.proto.set_value and list(chips.proto.raw_values) == ["Retention", "Share"]
    assert chips.value == ["retention", "share"]
    assert [m.value for m in at.markdown if "targets shown" in m.value][0].split()[0] == shown.split()[0]
    at.run()  # and the next run keeps the selection
    assert at.multiselect(key="ov_kind").value == ["retention", "share"]
    assert at.expander[0].proto.expanded is True


# --- QA walkthrough 2: the Indsats page in the app's language ----------------------------------

@pytest.mark.parametrize("lang", ["da", "en"])
def test_progression_scores_in_the_apps_language(demo_store, monkeypatch, lang):
    """Mean scores as text in the app's language ('2,84' in Danish) — not a number column with a
    decimal point whatever the language."""
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bc2016-ressourceforloeb-forsoeg")
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "n_treatment" in d.value.columns)
    means = [v for c in table.columns if c.startswith("mean_") for v in table[c]]
    shown = [v for v in means if v]
    assert shown  # (a hidden small point is an empty cell)
    pattern = re.compile(r"^\d,\d\d$" if lang == "da" else r"^\d\.\d\d$")
    assert all(isinstance(v, str) and pattern.match(v) for v in shown), shown[:5]
    assert None not in means


def _state_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value[:1] in "😊😐😞⚪❔" and not m.value.startswith("####")]


def test_initiative_state_line_says_not_measured_yet_once(app):
    at = _open(app, "screens/initiative.py", id="bi2-ips")
    lines = _state_lines(at)
    assert "⚪ ○ Ikke målt endnu" in lines
    assert not [line for line in lines if line.lower().count("ikke målt endnu") > 1]
    assert "⚪ ○ Følges uden mål — intet mål (tal der følges uden målværdi)" in lines  # a reason that adds something stays
    at.sidebar.radio[0].set_value("en").run()
    lines = _state_lines(at)
    assert "⚪ ○ Not measured yet" in lines
    assert not [line for line in lines if line.lower().count("not measured yet") > 1]


def test_badge_with_reason_leaves_out_a_reason_that_repeats_the_label():

    assert presentation.badge_with_reason("none", "da", "no_data", "ikke målt endnu") == "⚪ ○ Ikke målt endnu"
    assert presentation.badge_with_reason("none", "en", "no_data", "not measured yet") == "⚪ ○ Not measured yet"
    assert presentation.badge_with_reason("none", "da", "no_data", None) == "⚪ ○ Ikke målt endnu"
    assert presentation.badge_with_reason("green", "da", "on_target", "målet er nået") == "😊 ● På plan — målet er nået"


@pytest.mark.parametrize("lang, computed", [("da", "beregnet"), ("en", "computed")])
def test_initiative_measurements_origin_and_source_in_the_apps_language(demo_store, monkeypatch, lang, computed):
    at = _open(_app(demo_store, monkeypatch), "screens/initiative.py", id="bi07-veteraner-koordination")
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    tables = [d.value for d in at.dataframe if "superseded" in d.value.columns]
    origins = {v for t in tables for v in t["origin"]}
    sources = {v for t in tables for v in t["source"]}
    assert computed in origins and computed in sources
    if lang == "en":
        assert "beregnet" not in origins | sources


def test_a_free_text_source_shows_as_written(small_store, monkeypatch):
    at = _open(_app(small_store, monkeypatch), "screens/initiative.py", id=SMALL_INITIATIVE)
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "superseded" in d.value.columns)
    assert set(table["source"]) == {"test"} and set(table["origin"]) == {"import"}
