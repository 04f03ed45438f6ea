"""Status in the store: v_status after init, the 2013 smileys, assessments (record, validation,
which one holds), status_at for another date, and `maalbord status --format csv`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys

import pytest

from queries import assessments, cli, status_table, store
from queries.problems import InputError
from tests.conftest import ROOT

IMPL_2013 = "status2013-sundhed-sygemeldte-kontanthjaelp"


@pytest.fixture()
def store_copy(store_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(store_path, path)
    return path


def test_v_status_has_one_row_per_current_target(con):
    targets = {r[0] for r in con.execute("select target_id from v_targets").fetchall()}
    rows = con.execute("select target_id, proposed, final, as_of from v_status").fetchall()
    assert len(rows) == len(targets) and {r[0] for r in rows} == targets
    assert all(r[1] in ("green", "yellow", "red", "none", "unsure") for r in rows)
    cols = [r[0] for r in con.execute("describe v_status").fetchall()]
    for needed in ("target_id", "initiative_id", "as_of", "proposed", "assessed", "final", "rule_text", "n",
                   "ci_low", "ci_high", "actual", "target_value", "assessed_by", "assessed_at",
                   "assessment_text", "round_id"):
        assert needed in cols
    assert con.execute("select count(*) from v_status_initiatives").fetchone()[0] == \
        con.execute("select count(*) from initiatives").fetchone()[0]


def test_2013_final_state_equals_the_reported_smiley(con):
    rows = con.execute(
        """select i.initiative_id, i.reported_smiley, s.final, s.proposed, s.round_id
           from v_initiatives i join v_status_initiatives s using (initiative_id)
           where i.document_id = 'STATUS2013' and i.reported_smiley is not null""").fetchall()
    assert len(rows) == 16
    for iid, smiley, final, proposed, round_id in rows:
        assert final == smiley, iid
        assert round_id.endswith("2013-08-08")
    # the implementation target shows the initiative's assessment too
    impl = con.execute(
        """select s.final, i.reported_smiley from v_status s join v_targets t using (target_id)
           join v_initiatives i on i.initiative_id = s.initiative_id
           where t.kind = 'implementation' and i.reported_smiley is not null""").fetchall()
    assert impl and all(final == smiley for final, smiley in impl)
    # the one initiative shown without a smiley: paused for lack of funding → proposed red, not assessed
    row = con.execute("select proposed, assessed, final from v_status_initiatives "
                      "where initiative_id = 'status2013-sundhedsafklaring-etniske-kvinder'").fetchone()
    assert row == ("red", None, "red")


def test_theme_counts(con):
    rows = con.execute("select sum(green + yellow + red + \"none\" + unsure), sum(initiatives) "
                       "from v_status_themes").fetchone()
    assert rows[0] == rows[1] > 0


def test_record_appends_and_v_status_shows_it(store_copy):
    target = "bi07-veteraner-job-6m"
    with store.writing(store_copy) as con:
        con.execute("insert into rounds values ('BIU-2026-06-01', 'BIU', date '2026-06-01', 'Opfølgning', null, "
                    "'test', now())")
        first = assessments.record(con, "bi07-veteraner-koordination", target, "BIU-2026-06-01", "green",
                                   "god fremdrift", "kontorchef, BIF", dt.datetime(2026, 6, 1, 10))
        second = assessments.record(con, "bi07-veteraner-koordination", target, "BIU-2026-06-01", "yellow",
                                    "forsinket rekruttering", "kontorchef, BIF", dt.datetime(2026, 6, 2, 10))
    assert second > first
    with store.reading(store_copy) as con:
        assert con.execute("select count(*) from assessments where target_id = ?", [target]).fetchone()[0] == 2
        row = con.execute("select proposed, assessed, final, assessment_text, assessed_by, round_id "
                          "from v_status where target_id = ?", [target]).fetchone()
        assert row == ("none", "yellow", "yellow", "forsinket rekruttering", "kontorchef, BIF", "BIU-2026-06-01")
        # the initiative's roll-up counts the person's state of its target (planned → none, target yellow)
        assert con.execute("select proposed from v_status_initiatives "
                           "where initiative_id = 'bi07-veteraner-koordination'").fetchone() == ("yellow",)
        # before the round met, the proposal shows
        early = status_table.status_at(con, dt.date(2026, 5, 31)).filter(target_id=target)
        assert early["assessed"][0] is None and early["final"][0] == early["proposed"][0]
        # the 2013 assessments of BIU lapse once BIU met again in 2026
        ini = status_table.status_at(con, dt.date(2026, 7, 1), level="initiative").filter(
            initiative_id="status2013-sundhedsprogram-mobil")
        assert ini["assessed"][0] is None
        ini = status_table.status_at(con, dt.date(2020, 1, 1), level="initiative").filter(
            initiative_id="status2013-sundhedsprogram-mobil")
        assert ini["assessed"][0] == "red"
        assert con.execute("select count(*) from audit_log where action = 'assessment'").fetchone()[0] == 2


def test_record_rejects_bad_input_and_writes_nothing(store_copy):
    with store.writing(store_copy) as con:
        before = con.execute("select count(*) from assessments").fetchone()[0]
        with pytest.raises(InputError) as info:
            assessments.record(con, "no-such-initiative", "no-such-target", "no-such-round", "purple", "  ",
                               "")
        codes = {p.code for p in info.value.problems}
        assert codes == {"err.unknown_initiative", "err.unknown_target", "status.err.unknown_round", "err.enum",
                         "status.err.reason_required", "err.required"}
        assert "begrundelse" in info.value.message("da") and "reason" in info.value.message("en")
        with pytest.raises(InputError) as info:
            assessments.record(con, "bi2-ips", "bi07-veteraner-job-6m", None, "green", "ok", "analytiker")
        assert [p.code for p in info.value.problems] == ["status.err.target_not_in_initiative"]
        assert con.execute("select count(*) from assessments").fetchone()[0] == before


def test_which_assessment_holds():
    R = assessments.Round
    rounds = {"A1": R("A1", "BIU", dt.date(2026, 1, 1)), "A2": R("A2", "BIU", dt.date(2026, 6, 1)),
              "S1": R("S1", "SUD", dt.date(2026, 3, 1))}
    A = assessments.Assessment
    a1 = A(1, "i", "t", "A1", "green", "x", "r", dt.datetime(2026, 1, 1))
    s1 = A(2, "i", "t", "S1", "red", "x", "r", dt.datetime(2026, 3, 1))
    loose = A(3, "i", "t", None, "yellow", "x", "r", dt.datetime(2026, 4, 1))
    fix = A(4, "i", "t", None, "green", "rettet", "r", dt.datetime(2026, 4, 2), supersedes=3)
    pick = lambda items, day, committee="BIU": assessments.applicable(items, rounds, day, committee)
    assert pick([a1], dt.date(2025, 12, 31)) is None            # not yet met
    assert pick([a1], dt.date(2026, 5, 31)) == a1               # holds until …
    assert pick([a1], dt.date(2026, 6, 1)) is None              # … BIU meets again
    assert pick([a1, s1], dt.date(2026, 3, 1)) == s1            # latest start wins
    assert pick([a1, s1], dt.date(2026, 7, 1)) == s1            # SUD has not met again
    assert pick([a1, loose], dt.date(2026, 4, 1)) == loose      # no round: holds from the day it was made
    assert pick([a1, loose], dt.date(2026, 6, 1)) is None       # … until the committee meets again
    assert pick([a1, loose, fix], dt.date(2026, 4, 5)) == fix   # a superseded assessment never holds


def test_status_at_matches_the_materialised_table(con):
    today = con.execute("select max(as_of) from v_status").fetchone()[0]
    live = status_table.status_at(con, today).sort("target_id")
    stored = store.frame(con, "select * from v_status order by target_id").select(live.columns)
    assert live.equals(stored)


def test_cli_status_csv(store_path):
    cmd = [sys.executable, "-m", "queries.cli", "--db", str(store_path), "status", "--format", "csv"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    with store.reading(store_path) as con:
        n_targets = con.execute("select count(*) from v_targets").fetchone()[0]
    assert len(rows) == n_targets and {"target_id", "proposed", "assessed", "final", "rule_text"} <= set(rows[0])
    by_id = {r["target_id"]: r for r in rows}
    assert by_id["status2013-sundhedsprogram-mobil-impl"]["final"] == "red"



def test_cli_status_as_of_and_bad_date(store_path, capsys):
    base = ["--db", str(store_path), "status"]
    assert cli.main(base + ["--as-of", "2013-08-08", "--level", "initiative", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "status2013-veteranpolitik" in out and "😊" in out
    assert cli.main(base + ["--as-of", "8. aug"]) == 2
    err = capsys.readouterr().err
    assert "as_of" in err and "ikke en gyldig dato" in err


def test_rollup_setting_majority(store_copy, capsys):
    with store.writing(store_copy) as con:
        store.set_meta(con, "status_rollup", "majority")
        store.set_meta(con, "status_small_n", "10")
        assert status_table.store_settings(con) == status_table.rules.Settings(small_n=10, rollup="majority")
        status_table.recompute(con)
        rule = con.execute("select distinct rule from v_status_initiatives").fetchall()
    assert rule == [("rollup_majority",)]
    args = ["--db", str(store_copy), "status", "--level", "initiative", "--rollup", "worst", "--format", "csv"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "rollup_worst" in out and "rollup_majority" not in out


def test_status_at_judges_a_date_by_the_target_version_in_force_then(store_copy):
    """A target value changed today must not rewrite how yesterday looked; today uses the new one."""
    from queries import forms
    target = "bi07-veteraner-job-6m"
    with store.reading(store_copy) as con:
        old = con.execute("select target_value from v_targets where target_id = ?", [target]).fetchone()[0]
    forms.change_target(store_copy, target, "Udvalget hævede målet", actor="steward", target_value=old + 15)
    today = dt.date.today()
    with store.reading(store_copy) as con:
        at = {d: status_table.status_at(con, d).filter(target_id=target).row(0, named=True)
              for d in (today - dt.timedelta(days=1), today)}
        versions = con.execute("select count(*) from targets where target_id = ?", [target]).fetchone()[0]
    assert versions == 2
    assert at[today - dt.timedelta(days=1)]["target_value"] == old
    assert at[today]["target_value"] == old + 15
    # a date long before any version was stored: version 1, the document's own figure
    with store.reading(store_copy) as con:
        early = status_table.status_at(con, dt.date(2013, 8, 8)).filter(target_id=target).row(0, named=True)
    assert early["target_value"] == old


def test_a_store_written_yesterday_shows_todays_status_everywhere(store_copy, monkeypatch):
    """Issue 19: the status is the status at a date. A store last written on an earlier day (the
    date injected into upkeep.after_write), read today: v_status — the pages' connection, the
    analysts' SQL sandbox and `maalbord status` — shows today's date and the smileys the page
    function computes for today, and the store file itself is not written by the read."""
    from queries import overview, sandbox, upkeep

    written, today = dt.date(2013, 8, 8), dt.date(2026, 12, 1)
    with store.writing(store_copy) as con:
        upkeep.after_write(con, written)
    with store.reading(store_copy) as con:
        stale = dict(con.execute("select target_id, final from v_status").fetchall())
        assert {r[0] for r in con.execute("select distinct as_of from v_status").fetchall()} == {written}
    monkeypatch.setenv("MAALBORD_TODAY", today.isoformat())
    with upkeep.reading(store_copy) as con:
        assert con.execute("select distinct as_of from v_status").fetchall() == [(today,)]
        shown = dict(con.execute("select target_id, final from v_status").fetchall())
        page = dict(overview.overview(con, today).select("target_id", "state").iter_rows())
        initiatives = con.execute("select distinct as_of from v_status_initiatives").fetchall()
        assert con.execute('select max(as_of) from "copy".main.status_proposals').fetchone()[0] == written
    assert shown == page and initiatives == [(today,)]
    assert shown != stale  # the two days differ, so the test can tell them apart
    result = sandbox.run("select target_id, as_of, final from v_status", store_copy)
    assert result.ok, result.detail
    assert set(result.rows["as_of"].to_list()) == {today}
    assert dict(result.rows.select("target_id", "final").iter_rows()) == page
    cmd = [sys.executable, "-m", "queries.cli", "--db", str(store_copy), "status", "--format", "csv"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["as_of"] for r in rows} == {today.isoformat()}
    assert {r["target_id"]: r["final"] for r in rows} == page
