"""Reporting rounds, snapshots and the committee report: the 2013 rounds are frozen on init, a
snapshot never changes after a correction (the next round shows it), "Siden sidste møde", and
every export (Word, PDF, Excel, HTML) read back with python-docx, pypdf and openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from queries import formats, presentation, report, rounds, store
from queries import upkeep
from queries.problems import InputError
from tests.conftest import dump

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
LEGEND_2013 = [
    "😊", "Indsatsen er i planmæssig fremdrift eller i drift.",
    "😐", "Der er mindre udfordringer med at få gennemført indsatsen planmæssigt, for eksempel på grund af "
          "forsinkelser eller justeringer i indsatsens indhold.",
    "😞", "Der er reelle udfordringer med at få indsatsen gennemført, for eksempel fordi der endnu ikke er "
          "bevilget midler.",
]
HENVIST = "status2013-sundhed-sygemeldte-kontanthjaelp-henvist"  # 74 referred by 2013-06-28 (persons)


def golden_2013() -> list[dict]:
    with (GOLDEN / "report_2013.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture()
def work_store(store_path, tmp_path) -> Path:
    copy = tmp_path / "work.duckdb"
    shutil.copy(store_path, copy)
    return copy


@pytest.fixture(scope="module")
def report_2013(store_path):
    with store.reading(store_path) as con:
        return report.build(con, "BIU-2013-08-08", "da")


# --- rounds and snapshots ------------------------------------------------------------------------

def test_init_freezes_the_three_2013_rounds(con):
    frozen = con.execute("select round_id, n_initiatives, as_of from round_freezes order by 1").fetchall()
    assert frozen == [(f"{c}-2013-08-08", 20, dt.date(2013, 8, 8)) for c in ("BIU", "SOU", "SUD")]
    # all 20 initiatives of the 2013 document go to all three committees
    per = con.execute("select round_id, count(distinct initiative_id) from round_snapshots group by 1").fetchall()
    assert sorted(per) == [(f"{c}-2013-08-08", 20) for c in ("BIU", "SOU", "SUD")]
    row = con.execute("select value, measured_as_of, source from round_snapshots where round_id = 'BIU-2013-08-08' "
                      "and target_id = ?", [HENVIST]).fetchall()[0]
    assert row[0] == 74 and row[1] == dt.date(2013, 6, 28) and "74" in row[2]


def test_init_twice_leaves_snapshots_alone(work_store):
    before = dump(work_store)
    assert upkeep.init(work_store, actor="test")["changes"] == {}
    after = dump(work_store)
    assert after["round_snapshots"] == before["round_snapshots"]
    assert after["round_freezes"] == before["round_freezes"]


def test_create_round_validates_everything_at_once(work_store):
    before = dump(work_store)
    with store.writing(work_store) as con, pytest.raises(InputError) as info:
        rounds.create_round(con, "XYZ", "2026-13-01", " ", "test")
    assert [p.column for p in info.value.problems] == ["committee", "date", "title"]
    assert "ugyldig værdi" in info.value.message("da")
    assert dump(work_store) == before
    with store.writing(work_store) as con, pytest.raises(InputError) as info:
        rounds.create_round(con, "BIU", "2013-08-08", "igen", "test")
    assert info.value.problems[0].code == "err.round_exists"


def _correct(con, target_id: str, value: float) -> None:
    """A data steward corrects a measurement: a new row superseding the current one."""
    old = con.execute("select measurement_id, as_of from v_measurements where target_id = ? and not superseded "
                      "order by as_of desc limit 1", [target_id]).fetchall()[0]
    con.execute("insert into measurements (target_id, as_of, value, source, origin, entered_by, entered_at, supersedes) "
                "values (?, ?, ?, 'rettelse', 'form', 'test', now(), ?)", [target_id, old[1], value, old[0]])
    upkeep.after_write(con)


def test_snapshot_is_immutable_and_next_round_shows_the_correction(work_store):
    with store.writing(work_store) as con:
        first = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
    with store.reading(work_store) as con:
        frozen = rounds.snapshot(con, first)
        frozen_2013 = rounds.snapshot(con, "BIU-2013-08-08")
    assert frozen.filter(frozen["target_id"] == HENVIST)["value"].item() == 74
    with store.writing(work_store) as con:
        _correct(con, HENVIST, 80)
        # between the meetings the stopped initiative is restarted: the status rules now propose 😊
        con.execute("update initiatives set implementation_state = 'running' "
                    "where initiative_id = 'status2013-sundhedsprogram-mobil'")
        upkeep.after_write(con)
    with store.reading(work_store) as con:
        assert rounds.snapshot(con, first).equals(frozen)            # what the committee saw stays
        assert rounds.snapshot(con, "BIU-2013-08-08").equals(frozen_2013)
    with store.writing(work_store) as con:
        second = rounds.create_round(con, "BIU", "2026-12-15", "December, 2. møde", "test")
    with store.reading(work_store) as con:
        assert rounds.previous_round(con, second) == first
        ch = rounds.changes_since_previous(con, second)
        fig = ch.figures.filter(ch.figures["target_id"] == HENVIST).row(0, named=True)
        assert (fig["value_before"], fig["value_after"]) == (74, 80)
        states = {r["initiative_id"]: r for r in ch.initiatives.to_dicts()}
        mobil = states["status2013-sundhedsprogram-mobil"]
        assert (mobil["change"], mobil["state_before"], mobil["state_after"]) == ("state", "red", "green")
        assert states["status2013-sundhed-sygemeldte-kontanthjaelp"]["change"] == "figures"
        assert states["status2013-veteranpolitik"]["change"] == "same"
        rep = report.build(con, second, "da")
    lines = {c.initiative_id: c for c in rep.changes}
    assert lines["status2013-sundhedsprogram-mobil"].before == "😞" and lines["status2013-sundhedsprogram-mobil"].after == "😊"
    assert any("74 personer → 80 personer" in d for d in lines["status2013-sundhed-sygemeldte-kontanthjaelp"].details)
    html = report.to_html(rep)
    assert "😞 → 😊" in html and "74 personer → 80 personer" in html


def test_a_new_reason_for_a_grey_target_is_shown_since_the_last_meeting(work_store):
    """⚪ for 'Følges uden mål' and ⚪ for 'Afventer første opfølgning' are the same state but not
    the same news: a move between them is listed under 'Siden sidste møde'."""
    with store.writing(work_store) as con:
        first = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
        second = rounds.create_round(con, "BIU", "2026-12-15", "December, 2. møde", "test")
        tid, iid = con.execute("""select target_id, initiative_id from round_snapshots
            where round_id = ? and final = 'none' and rule = 'no_target' order by target_id limit 1""",
                               [second]).fetchone()
        # the same target frozen in the later round for another reason, as if it had got a target
        # value whose first follow-up is still ahead
        con.execute("update round_snapshots set rule = 'not_due' where round_id = ? and target_id = ?", [second, tid])
    with store.reading(work_store) as con:
        ch = rounds.changes_since_previous(con, second)
        fig = ch.figures.filter(ch.figures["target_id"] == tid).row(0, named=True)
        assert fig["changed"] == "final" and (fig["final_before"], fig["final_after"]) == ("none", "none")
        assert (fig["rule_before"], fig["rule_after"]) == ("no_target", "not_due")
        others = ch.figures.filter(ch.figures["target_id"] != tid)
        assert others.height == 0 or "final" not in ",".join(others["changed"])  # nothing else moved
        assert dict(zip(ch.initiatives["initiative_id"], ch.initiatives["change"]))[iid] == "figures"
        rep = report.build(con, second, "da")
        english = report.build(con, second, "en")
    line = next(c for c in rep.changes if c.initiative_id == iid)
    assert any("⚪ Følges uden mål → ⚪ Afventer første opfølgning" in d for d in line.details)
    line_en = next(c for c in english.changes if c.initiative_id == iid)
    assert any("⚪ Tracked without a target → ⚪ Awaiting first follow-up" in d for d in line_en.details)


def test_a_new_reason_for_a_grey_initiative_is_shown_since_the_last_meeting(work_store):
    """An initiative ⚪ because it had not started ('Ikke startet') and ⚪ because its state is now
    unknown ('Status ukendt') is the same colour but not the same news: it is listed as a status
    change, with both reasons in words."""
    with store.writing(work_store) as con:
        first = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
        second = rounds.create_round(con, "BIU", "2026-12-15", "December, 2. møde", "test")
        iid, = con.execute("""select initiative_id from round_snapshots where round_id = ? and initiative_state = 'none'
                              order by initiative_id limit 1""", [second]).fetchone()
        # as if the initiative had been planned at the first meeting and its state unknown at the second
        for rid, state in ((first, "planned"), (second, "unknown")):
            con.execute("update round_snapshots set implementation_state = ? where round_id = ? and initiative_id = ?",
                        [state, rid, iid])
    with store.reading(work_store) as con:
        ch = rounds.changes_since_previous(con, second)
        row = ch.initiatives.filter(ch.initiatives["initiative_id"] == iid).row(0, named=True)
        assert (row["change"], row["state_before"], row["state_after"]) == ("state", "none", "none")
        assert (row["rule_before"], row["rule_after"]) == ("impl_planned", "impl_unknown")
        rep = report.build(con, second, "da")
        english = report.build(con, second, "en")
    line = next(c for c in rep.changes if c.initiative_id == iid)
    assert (line.before, line.after) == ("⚪", "⚪")
    assert "Indsatsens status: ⚪ Ikke startet → ⚪ Status ukendt" in line.details
    line_en = next(c for c in english.changes if c.initiative_id == iid)
    assert "Initiative status: ⚪ Not started → ⚪ Status unknown" in line_en.details
    assert "Ikke startet → ⚪ Status ukendt" in report.to_html(rep)


def test_new_and_ended_initiatives_are_marked(work_store):
    with store.writing(work_store) as con:
        rid = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
        ch = rounds.changes_since_previous(con, rid)
        changes = dict(zip(ch.initiatives["initiative_id"], ch.initiatives["change"]))
        assert ch.previous_round_id == "BIU-2013-08-08"
        bi07 = [i for i, in con.execute("select initiative_id from initiatives where document_id = 'BI07' "
                                         "and committee_id = 'BIU'").fetchall()]
        assert bi07 and all(changes[i] == "new" for i in bi07)  # not in the 2013 round
        assert changes["status2013-veteranpolitik"] == "same"
        con.execute("update initiatives set implementation_state = 'stopped' "
                    "where initiative_id = 'status2013-veteranpolitik'")
        rid2 = rounds.create_round(con, "BIU", "2026-12-20", "Jul", "test")
        ch2 = rounds.changes_since_previous(con, rid2)
        changes2 = dict(zip(ch2.initiatives["initiative_id"], ch2.initiatives["change"]))
        assert changes2["status2013-veteranpolitik"] == "ended"


def test_first_round_has_nothing_to_compare(report_2013):
    assert report_2013.previous_round_id is None
    assert report_2013.changes == []
    assert "Første runde" in report_2013.since_intro


# --- the report model ----------------------------------------------------------------------------

def test_report_has_the_2013_shape(report_2013):
    rep = report_2013
    assert rep.heading == "Til Beskæftigelses- og Integrationsudvalget"
    assert rep.date_text == "08-08-2013"
    assert rep.legend_intro == "Hver indsats er placeret i en af følgende kategorier:"
    legend = [x for _, e, _, text in rep.legend[:3] for x in (e, text)]
    assert legend == LEGEND_2013
    assert [s for s, *_ in rep.legend] == ["green", "yellow", "red", "none", "unsure"]
    shown = [(s.title, i.name, i.emoji) for s in rep.sections for i in s.items]
    expected = golden_2013()
    assert [(r["section"], r["initiative"]) for r in expected] == [(a, b) for a, b, _ in shown]
    for row, (_, _, e) in zip(expected, shown):
        if row["smiley"]:
            assert e == row["smiley"], row["initiative"]
    fig = next(f for _, _, f in rep.all_figures() if f.target_id == HENVIST)
    assert (fig.actual, fig.measured) == ("74 personer", "28-06-2013")


def test_a_figure_without_a_target_is_labelled_by_its_rule(report_2013, store_path):
    """The per-target line uses presentation.label with the snapshot's rule; the legend stays per state."""
    with store.reading(store_path) as con:
        rules = dict(con.execute("select target_id, rule from round_snapshots "
                                 "where round_id = 'BIU-2013-08-08'").fetchall())
    figures = [f for _, _, f in report_2013.all_figures()]
    untargeted = [f for f in figures if rules[f.target_id] == "no_target"]
    assert untargeted and all(f.state == "none" and f.label == "Følges uden mål" for f in untargeted)
    henvist = next(f for f in figures if f.target_id == HENVIST)
    assert (henvist.label, henvist.actual) == ("Følges uden mål", "74 personer")
    for f in figures:
        assert f.label == presentation.label(f.state, "da", rules[f.target_id])
    assert ("none", "⚪", "Ingen vurdering") in [x[:3] for x in report_2013.legend]
    with store.reading(store_path) as con:
        english = report.build(con, "BIU-2013-08-08", "en")
    assert next(f for _, _, f in english.all_figures() if f.target_id == HENVIST).label == "Tracked without a target"


def test_a_snapshot_frozen_without_a_rule_keeps_the_states_label(work_store):
    """Snapshots frozen before schema 9 have no rule: the state's own label, as then."""
    with store.writing(work_store) as con:
        con.execute("update round_snapshots set rule = null where round_id = 'BIU-2013-08-08'")
    with store.reading(work_store) as con:
        rep = report.build(con, "BIU-2013-08-08", "da")
    assert next(f for _, _, f in rep.all_figures() if f.target_id == HENVIST).label == "Ingen vurdering"


# --- exports read back ---------------------------------------------------------------------------

def test_docx_export(report_2013):
    from docx import Document
    doc = Document(io.BytesIO(report.to_docx(report_2013)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Tema 1. Sundhedsfremme for sygemeldte københavnere" in headings
    assert "Andre nye indsatser" in headings and "Siden sidste møde" in headings
    assert "Sundhedsprogram til unge på mobiltelefonen 😞" in headings
    assert "Skånsomme kombinationstilbud for de mest udsatte ledige 😞" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    for piece in LEGEND_2013:
        assert piece in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "74 personer" in cells and "28-06-2013" in cells


def test_pdf_export(report_2013):
    from pypdf import PdfReader
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report.to_pdf(report_2013))).pages)
    flat = " ".join(text.split())
    assert "Tema 1. Sundhedsfremme for sygemeldte københavnere" in flat
    assert "Andre nye indsatser" in flat and "Siden sidste møde" in flat
    assert "Indsatsen er i planmæssig fremdrift eller i drift." in flat
    assert "Reelle udfordringer" in flat and "På plan" in flat          # state labels
    assert "😊" in text and "😞" in text                                   # DejaVu Sans has the glyphs
    assert "74 personer" in flat


def test_xlsx_export(report_2013):
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(report_2013)))
    assert wb.sheetnames == ["Rapport", "Siden sidste møde", "Forklaring", "Redegørelser"]
    ws = wb["Rapport"]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Tema")
    header = rows[header_at]
    body = [dict(zip(header, r)) for r in rows[header_at + 1:]]
    n_targets = sum(len(i.figures) or 1 for s in report_2013.sections for i in s.items)
    assert len(body) == n_targets
    henvist = next(r for r in body if r["Målet som formuleret i kilden"] and "henvist 74" in r["Målet som formuleret i kilden"])
    assert henvist["Mål"] == "Kontanthjælpsmodtagere henvist til forebyggelsescentre"  # the name Word shows
    assert henvist["Faktisk"] == 74 and henvist["Målt pr."] == "28-06-2013"
    assert henvist["Indsatsens status"] == "😊 På plan"
    assert henvist["Målets status"] == "⚪ Følges uden mål"  # a figure tracked without a target
    legend = [c for r in wb["Forklaring"].iter_rows(values_only=True) for c in r if c]
    for piece in LEGEND_2013:
        assert piece in legend


def test_small_numbers_are_hidden_in_every_export(work_store):
    with store.writing(work_store) as con:
        _correct(con, HENVIST, 3)  # 3 persons: below the threshold
        rid = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
    with store.reading(work_store) as con:
        assert rounds.snapshot(con, rid).filter(rounds.snapshot(con, rid)["target_id"] == HENVIST)["value"].item() == 3
        rep = report.build(con, rid, "da")
    fig = next(f for _, _, f in rep.all_figures() if f.target_id == HENVIST)
    assert fig.actual == "<5" and fig.value is None
    from docx import Document
    import openpyxl
    from pypdf import PdfReader
    cells = [c.text for t in Document(io.BytesIO(report.to_docx(rep))).tables for row in t.rows for c in row.cells]
    assert "<5" in cells and "3 personer" not in cells
    ws = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(rep)))["Rapport"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[15] and "henvist 74" in str(r[15]))
    assert row[6] == "<5"
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.to_pdf(rep))).pages)
    assert "<5" in pdf and not re.search(r"(?<![\d.])3 personer", pdf)
    # "Siden sidste møde" does not give it away either
    assert not any(re.search(r"(?<![\d.])3 personer", d) for c in rep.changes for d in c.details)


def test_a_hidden_share_does_not_leak_through_the_rule_text():
    row = {"value": 75.0, "numerator": 3, "n": 4, "ci_low": 30.1, "ci_high": 95.4, "unit": "pct",
           "final": "green", "proposed": "green", "target_id": "x", "target_text": "t", "short_text": "t",
           "kind": "share", "target_value": 50.0, "measured_as_of": None, "next_followup": None,
           "rule_text": "50 % mål, 75 % opnået (n=4, 95 %-interval 30–95 %): målet er nået", "source": "s"}
    fig = report._figure(row, "da", 5)
    assert fig.suppressed and fig.value is None and fig.ci_low is None
    assert "75" not in fig.rule_text and "n=4" not in fig.rule_text and "På plan" in fig.rule_text
    shown = report._figure({**row, "numerator": 120, "n": 200, "value": 60.0}, "da", 5)
    assert shown.rule_text == row["rule_text"]


def test_english_report(store_path):
    with store.reading(store_path) as con:
        rep = report.build(con, "SUD-2013-08-08", "en")
    assert rep.heading == "To the Social Committee"
    assert "Since the last meeting" == rep.since_title
    assert rep.sections[-1].title == "Other new initiatives"


# --- CLI -----------------------------------------------------------------------------------------

def _cli(*args, db: Path):
    return subprocess.run([sys.executable, "-m", "queries.cli", "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_cli_report_each_format(store_path, tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    res = _cli("report", "--committee", "BIU", "--round", "2013-08-08", "--format", fmt, "--out", str(out),
               db=store_path)
    assert res.returncode == 0, res.stderr
    data = out.read_bytes()
    if fmt == "html":
        assert "Tema 1. Sundhedsfremme" in data.decode("utf-8")
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert data.startswith(b"PK")  # zip container (docx, xlsx)


def test_cli_round_create_and_list(work_store):
    res = _cli("round", "create", "--committee", "SUD", "--date", "2026-12-01", "--title", "Dec", db=work_store)
    assert res.returncode == 0 and "SUD-2026-12-01" in res.stdout
    res = _cli("round", "list", "--committee", "SUD", "--format", "csv", db=work_store)
    assert res.stdout.splitlines()[1].startswith("SUD-2026-12-01")
    bad = _cli("round", "create", "--committee", "NOPE", "--date", "x", "--title", "Dec", db=work_store)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "ugyldig" in bad.stderr
    missing = _cli("report", "--committee", "BIU", "--round", "1999-01-01", db=work_store)
    assert missing.returncode == 2 and "Ingen runde" in missing.stderr


def test_open_round_takes_the_assessments_recorded_for_it(work_store):
    from queries import assessments
    with store.writing(work_store) as con:
        rid = rounds.create_round(con, "BIU", "2026-12-01", "December", "test", freeze_now=False)
        assert not rounds.is_frozen(con, rid)
        assessments.record(con, "status2013-sundhedsprogram-mobil", None, rid, "yellow",
                           "Ny app under udvikling", "kontorchef, BIF")
    res = _cli("report", "--committee", "BIU", "--round", rid, db=work_store)
    assert res.returncode == 2 and "round freeze" in res.stderr
    res = _cli("round", "freeze", rid, db=work_store)
    assert res.returncode == 0, res.stderr
    with store.reading(work_store) as con:
        snap = rounds.snapshot(con, rid)
        mobil = snap.filter(snap["initiative_id"] == "status2013-sundhedsprogram-mobil").row(0, named=True)
        assert (mobil["initiative_state"], mobil["initiative_assessment_text"]) == ("yellow", "Ny app under udvikling")
        rep = report.build(con, rid, "da")
    line = next(c for c in rep.changes if c.initiative_id == "status2013-sundhedsprogram-mobil")
    assert (line.change, line.before, line.after) == ("state", "😞", "😐")
    again = _cli("round", "freeze", rid, db=work_store)
    assert again.returncode == 2 and "allerede frosset" in again.stderr


def test_open_rounds_are_not_frozen_by_later_writes(work_store):
    with store.writing(work_store) as con:
        rid = rounds.create_round(con, "SUD", "2026-12-01", "December", "test", freeze_now=False)
        upkeep.after_write(con)
        assert not rounds.is_frozen(con, rid)


def test_a_round_for_an_earlier_date_shows_the_target_version_in_force_then(work_store):
    """A target raised today: a round created afterwards for yesterday's meeting shows — and was
    judged by — the value that held yesterday; a round for today shows the new one."""
    from queries import forms
    target = "bi07-veteraner-job-6m"
    with store.reading(work_store) as con:
        old = con.execute("select target_value from v_targets where target_id = ?", [target]).fetchone()[0]
        committee = con.execute("select committee from v_targets where target_id = ?", [target]).fetchone()[0]
    forms.change_target(work_store, target, "Udvalget hævede målet", actor="steward", target_value=old + 15)
    today = dt.date.today()
    shown = {}
    with store.writing(work_store) as con:
        for day in (today - dt.timedelta(days=1), today):
            rid = rounds.create_round(con, committee, day.isoformat(), f"Møde {day}", "test")
            shown[day] = con.execute("select target_value, target_version from round_snapshots "
                                     "where round_id = ? and target_id = ?", [rid, target]).fetchone()
    assert shown[today - dt.timedelta(days=1)] == (old, 1)
    assert shown[today] == (old + 15, 2)


def test_an_initiative_not_started_reads_ikke_startet_in_the_report(work_store):
    """An initiative that is planned and has nothing judged yet: its ⚪ says why, in both languages;
    one that runs with nothing judged keeps the general label."""
    with store.writing(work_store) as con:
        rid = rounds.create_round(con, "BIU", dt.date.today().isoformat(), "I dag", "test")
    with store.reading(work_store) as con:
        for lang, planned_text, general in (("da", "Ikke startet", "Ingen vurdering"), ("en", "Not started", "No verdict")):
            items = [i for s in report.build(con, rid, lang).sections for i in s.items if i.state == "none"]
            planned = [i for i in items if i.implementation_state == "planned"]
            assert planned and all(i.label == planned_text for i in planned)
            assert all(i.label == general for i in items if i.implementation_state in ("running", "in_operation"))


# --- QA walkthrough of the report and its exports ------------------------------------------------

def _docx_text(rep) -> tuple[list[str], list[str]]:
    from docx import Document
    doc = Document(io.BytesIO(report.to_docx(rep)))
    return [p.text for p in doc.paragraphs], [c.text for t in doc.tables for row in t.rows for c in row.cells]


def _pdf_pages(rep) -> list[str]:
    from pypdf import PdfReader
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(report.to_pdf(rep))).pages]


def _xlsx_rows(rep) -> dict[str, list[tuple]]:
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(rep)))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _xlsx_body(rows: list[tuple], first_header: str) -> list[dict]:
    at = next(i for i, r in enumerate(rows) if r[0] == first_header)
    return [dict(zip(rows[at], r)) for r in rows[at + 1:]]


def t_sheet(lang: str) -> str:
    from queries.texts import t
    return t("report.sheet.report", lang)


SYNTHETIC = {"da": "SYNTETISKE DEMODATA", "en": "SYNTHETIC DEMO DATA"}


@pytest.fixture(scope="module")
def demo_rounds(store_path, tmp_path_factory) -> Path:
    """A demo store (synthetic citizens, computed figures) with a BIU round (it has computed,
    synthetic figures) and a SUD round (none of its figures are computed) frozen after the demo."""
    from queries import demo
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copy(store_path, path)
    demo.demo(path, citizens=1500, seed=7, as_of=dt.date(2026, 11, 1), actor="test")
    with store.writing(path) as con:
        for committee in ("BIU", "SUD"):
            rounds.create_round(con, committee, "2026-11-01", "November", "test")
    return path


@pytest.mark.parametrize("lang", ["da", "en"])
def test_exports_of_a_round_with_synthetic_figures_say_so_on_the_first_page(demo_rounds, lang):
    with store.reading(demo_rounds) as con:
        assert store.is_synthetic(con)
        rep = report.build(con, "BIU-2026-11-01", lang)
    assert rep.synthetic
    mark = SYNTHETIC[lang]
    paragraphs, _ = _docx_text(rep)
    assert mark in paragraphs[0]                                   # Word: the first paragraph
    assert mark in _pdf_pages(rep)[0][:300]                        # PDF: top of the first page
    first_sheet, rows = next(iter(_xlsx_rows(rep).items()))
    assert first_sheet == t_sheet(lang)
    assert any(mark in (r[0] or "") for r in rows[:3])             # Excel: under the title of sheet 1
    assert mark in report.to_html(rep)                             # the print view
    other = SYNTHETIC["en" if lang == "da" else "da"]
    assert other not in paragraphs[0] and other not in _pdf_pages(rep)[0]


def test_only_rounds_with_synthetic_figures_are_labelled(demo_rounds, report_2013):
    """Keyed on the snapshot's measurements, not the store flag: in the demo store the 2013 round
    and the SUD round hold no computed figures; a frozen synthetic round stays labelled even if the
    store's flag is later cleared."""
    with store.reading(demo_rounds) as con:
        clean = [report.build(con, rid, "da") for rid in ("BIU-2013-08-08", "SUD-2026-11-01")]
    for rep in clean + [report_2013]:
        assert not rep.synthetic and rep.synthetic_note == ""
        assert not any(SYNTHETIC["da"] in p for p in _docx_text(rep)[0])
        assert SYNTHETIC["da"] not in _pdf_pages(rep)[0]
        assert not any(SYNTHETIC["da"] in str(c) for r in _xlsx_rows(rep)["Rapport"] for c in r)
    copy = demo_rounds.parent / "flag_cleared.duckdb"
    shutil.copy(demo_rounds, copy)
    with store.writing(copy) as con:
        store.set_meta(con, "synthetic", "false")
    with store.reading(copy) as con:
        assert report.build(con, "BIU-2026-11-01", "da").synthetic


@pytest.mark.parametrize("lang, count, per_week", [("da", "antal", "møder om ugen"), ("en", "count", "meetings a week")])
def test_excel_unit_column_names_every_unit(store_path, lang, count, per_week):
    with store.reading(store_path) as con:
        rep = report.build(con, "BIU-2013-08-08", lang)
    rows = _xlsx_rows(rep)[t_sheet(lang)]
    unit, target = ("Enhed", "Mål") if lang == "da" else ("Unit", "Target")
    body = _xlsx_body(rows, "Tema" if lang == "da" else "Theme")
    forloeb = next(r for r in body if (r[target] or "").startswith("Styrkerummet: afholdte forløb"))
    assert forloeb[unit] == count
    units = {f.short_text: f.unit for _, _, f in rep.all_figures()}
    weekly = [r for r in body if units.get(r[target]) == "meetings_per_week"]
    assert weekly and all(r[unit] == per_week for r in weekly)
    assert not any("status.unit" in str(c) for r in rows for c in r if c)
    # where the report shows a unit with a figure, it is translated too
    shown = [f.target for _, _, f in rep.all_figures() if f.unit == "meetings_per_week" and f.target]
    assert shown and all(x.endswith(per_week) for x in shown)


def test_an_empty_text_is_empty_not_its_key():
    from queries.texts import t
    assert t("status.unit.count", "da") == "" and t("status.unit.count", "en") == ""
    assert formats.unit_name("count", "en") == "count" and formats.unit_name("meetings_per_week", "da") == "møder om ugen"
    assert formats.unit_name("furlongs", "da") == "furlongs" and formats.unit_name(None) == ""


@pytest.mark.parametrize("lang, label", [("da", "Ingen vurdering"), ("en", "No verdict")])
def test_the_legend_does_not_repeat_its_label(store_path, lang, label):
    with store.reading(store_path) as con:
        rep = report.build(con, "BIU-2013-08-08", lang)
    for _, _, lab, text in rep.legend:
        assert not text.lower().startswith(lab.lower()), (lab, text)
    twice = f"{label}: {label}"
    paragraphs, _ = _docx_text(rep)
    assert any(p.startswith(f"⚪ {label}: ") for p in paragraphs)
    assert not any(twice in p for p in paragraphs)
    assert not any(twice in p for p in _pdf_pages(rep))
    legend_sheet = list(_xlsx_rows(rep).values())[2]
    row = next(r for r in legend_sheet if r[0] == "⚪")
    assert row[1] == label and not row[2].startswith(label)
    assert twice not in report.to_html(rep)


def test_the_english_report_uses_the_apps_dates(store_path):
    with store.reading(store_path) as con:
        rep = report.build(con, "BIU-2013-08-08", "en")
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    assert rep.date_text == "08-08-2013"
    fig = next(f for _, _, f in rep.all_figures() if f.target_id == HENVIST)
    assert fig.measured == "28-06-2013"
    assert re.search(r"\(\d{2}-\d{2}-\d{4} \d{2}:\d{2}\)", rep.intro)          # frozen at, as a timestamp
    paragraphs, cells = _docx_text(rep)
    assert "08-08-2013" in paragraphs and "28-06-2013" in cells
    assert not any(iso.search(p) for p in paragraphs + cells)
    assert "08-08-2013" in _pdf_pages(rep)[0] and not any(iso.search(p) for p in _pdf_pages(rep))
    sheet = _xlsx_rows(rep)["Report"]
    source = "Target as worded in the source"
    henvist = next(r for r in _xlsx_body(sheet, "Theme") if r[source] and "henvist 74" in r[source])
    assert henvist["Measured as of"] == "28-06-2013"
    assert "Meeting date: 08-08-2013" in [r[0] for r in sheet]
    dates = [r[c] for r in _xlsx_body(sheet, "Theme") for c in ("Measured as of", "Next follow-up") if r[c]]
    assert dates and all(re.fullmatch(r"\d{2}-\d{2}-\d{4}", d) for d in dates)


def test_round_errors_name_the_field_in_the_users_language(work_store):
    with store.writing(work_store) as con, pytest.raises(InputError) as info:
        rounds.create_round(con, "BIU", "2026-12-01", "  ", "test")
    da, en = info.value.message("da"), info.value.message("en")
    assert "Runde – Titel: feltet mangler" in da and "title" not in da and "kolonne" not in da
    assert "Round – Title: the field is missing" in en and "runde" not in en
    assert info.value.problems[0].as_row("en")["column"] == "Title"
    # a file's own column names stay verbatim
    from queries.problems import Problem
    assert Problem("maalinger.csv", 3, "value", "err.required").where("da") == "maalinger.csv, række 3, kolonne value"


def test_a_number_is_followed_by_its_unit_in_words():
    assert formats.unit_suffix("meetings_per_week", "da") == " møder om ugen"
    assert formats.unit_suffix("meetings_per_week", "en") == " meetings a week"
    assert formats.unit_suffix("count", "en") == "" and formats.unit_suffix(None) == ""
    assert formats.value(3, "count", "en") == "3" and formats.value(25, "meetings_per_week", "en") == "25 meetings a week"


def test_a_round_shows_an_effect_target_as_the_overview_does(work_store):
    """The IPS effect target has only the research project's arms (62,4 % vs 46,6 %, 2019): the
    round's snapshot shows their difference, 15,8 percentage points — the overview's headline — not
    the treatment arm's share (v_judged_measurement is the one definition)."""
    from queries import overview

    tid = "bi2-ips-effekt-18m"
    with store.writing(work_store) as con:
        round_id = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
    with store.reading(work_store) as con:
        row = rounds.snapshot(con, round_id).filter(pl.col("target_id") == tid)
        headline = overview.headline_series(con, dt.date(2026, 12, 1)).filter(pl.col("target_id") == tid)
    assert row["arm"].item() == "effect" and row["value"].item() == pytest.approx(15.8)
    assert headline["value"].to_list()[-1] == pytest.approx(row["value"].item())


def test_an_english_report_quotes_the_rule_in_english(work_store):
    """A snapshot keeps the rule text in both languages (schema 012); the English report shows the
    English one, the Danish report the Danish one."""
    with store.writing(work_store) as con:
        round_id = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
    with store.reading(work_store) as con:
        texts = {lang: {f.target_id: f.rule_text for _, _, f in report.build(con, round_id, lang).all_figures()}
                 for lang in ("da", "en")}
    tid = "bi2-ips-effekt-18m"
    assert "target vs control" in texts["en"][tid] and "mål mod kontrolgruppen" in texts["da"][tid]
    assert not any("mål mod" in x or "opnået" in x for x in texts["en"].values())


def _fleksjob_round(path, value: float, source: str) -> dict[str, dict]:
    """A round of BIU after an effect row (n = 50) for the flex-job target: lang → target → figure."""
    with store.writing(path) as con:
        con.execute("""insert into measurements (target_id, as_of, arm, value, denominator, source, origin,
                       entered_by, entered_at) values ('bc2016-fleksjob', date '2026-06-30', 'effect', ?, 50,
                       ?, ?, 'test', now())""", [value, source, "beregnet" if source == "beregnet" else "form"])
        upkeep.after_write(con)
        round_id = rounds.create_round(con, "BIU", "2026-12-01", "December", "test")
    with store.reading(path) as con:
        return {lang: {f.target_id: f for _, _, f in report.build(con, round_id, lang).all_figures()}
                for lang in ("da", "en")}


def test_a_small_effect_in_persons_is_shown_as_on_the_overview(work_store):
    """An effect of 1,4 persons more than control (n = 50) is a difference, not a count of 1,4 people:
    the report shows it, as the overview does; a count of persons that small would read '<5'."""
    fig = _fleksjob_round(work_store, 1.4, "test")["da"]["bc2016-fleksjob"]
    assert fig.actual == "1,4 personer", fig.actual
    assert not fig.suppressed


def test_an_english_report_names_computed_figures_in_english(work_store):
    figs = _fleksjob_round(work_store, 6, "beregnet")
    assert (figs["da"]["bc2016-fleksjob"].source, figs["en"]["bc2016-fleksjob"].source) == ("beregnet", "computed")


def test_excel_shows_figures_and_intervals_with_one_decimal_and_keeps_them_whole(work_store):
    """The Rapport sheet's actual and interval cells are numbers (full precision, for analysts)
    shown with one decimal, not '-0.023702915'."""
    import openpyxl

    figs = _fleksjob_round(work_store, 6.04321, "test")
    with store.reading(work_store) as con:
        rep = report.build(con, "BIU-2026-12-01", "da")
    ws = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(rep)))["Rapport"]
    cell = next(r[6] for r in ws.iter_rows() if r[3].value and "fleksjob" in str(r[3].value))
    assert cell.value == pytest.approx(6.04321) and cell.number_format == "0.0"
    assert figs["da"]["bc2016-fleksjob"].actual == "6 personer"


# --- walkthrough 7: Markdown, the target's name, every target listed, synthetic labels -------------

KOMBINERET = "status2013-kombinerede-tilbud-bif"   # its text: "… projektet *Lighed i sundhed*. …"
UNGE = "status2013-sundhed-ledige-unge"             # its text: a "- " bullet list, then "*Sundhedsguides*"


def _item(rep, initiative_id):
    return next(i for s in rep.sections for i in s.items if i.initiative_id == initiative_id)


def test_markdown_in_texts_is_rendered_not_shown_in_every_export(report_2013):
    """Texts quoted from the source documents carry Markdown (st.markdown shows it on the page):
    Word has italic runs and bullet paragraphs, the PDF and print view no asterisks, the print view
    <em> and <ul>."""
    from docx import Document
    assert "*Lighed i sundhed*" in _item(report_2013, KOMBINERET).text          # the model keeps Markdown
    assert "\n- Unge ledige" in _item(report_2013, UNGE).text
    doc = Document(io.BytesIO(report.to_docx(report_2013)))
    paragraphs = doc.paragraphs
    assert not [p.text for p in paragraphs if "*" in p.text]
    italic = [r.text for p in paragraphs for r in p.runs if r.italic]
    assert "Lighed i sundhed" in italic and "Sundhedsguides" in italic
    bullets = [p for p in paragraphs if p.text.startswith(("Unge ledige har spist", "Der har været motionsvejledning",
                                                            "Der er opstartet to hashgrupper"))]
    assert len(bullets) == 3 and all(p.style.name == "List Bullet" for p in bullets)   # three paragraphs, not one
    assert not any(p.text.lstrip().startswith("- ") or "\n- " in p.text for p in paragraphs)
    pdf = "\n".join(_pdf_pages(report_2013))
    assert "*" not in pdf and "Lighed i sundhed" in pdf and "• Unge ledige har spist" in pdf
    html = report.to_html(report_2013)
    assert "<em>Lighed i sundhed</em>" in html and "<em>Sundhedsguides</em>" in html
    assert "<li>Unge ledige har spist" in html and "*Sundhedsguides*" not in html and "- Unge ledige" not in html


def test_excel_target_column_is_the_target_name_word_shows(report_2013):
    """Two targets quoted from one sentence ("Der er afholdt 3 forløb for ca. 30 borgere.") are
    told apart by their names, as in Word and on the page; the sentence has a column of its own."""
    body = _xlsx_body(_xlsx_rows(report_2013)["Rapport"], "Tema")
    names = [f.short_text for _, _, f in report_2013.all_figures()]
    assert [r["Mål"] for r in body] == names
    sentence = [r for r in body if r["Målet som formuleret i kilden"] == "Der er afholdt 3 forløb for ca. 30 borgere."]
    assert [r["Mål"] for r in sentence] == ["Styrkerummet: afholdte forløb", "Styrkerummet: borgere i forløb (ca.)"]
    _, cells = _docx_text(report_2013)
    assert "Styrkerummet: afholdte forløb" in cells and "Styrkerummet: borgere i forløb (ca.)" in cells
    # a target worded in Markdown in its source is plain text in the cell
    assert not any("*" in str(c) for r in body for c in r.values() if c)


def _docx_target_rows(rep) -> int:
    from docx import Document
    return sum(len(t.rows) - 1 for t in Document(io.BytesIO(report.to_docx(rep))).tables)


def test_the_intro_counts_the_targets_every_export_lists(demo_rounds):
    """'for 36 indsatser og 107 mål' and then 107 target rows — implementation targets (judged on
    the initiative's implementation state) included, with their state and reason, as Overblik lists
    them; and the smileys add up to Overblik's for the round's targets on the meeting date."""
    from collections import Counter
    from queries import overview
    with store.reading(demo_rounds) as con:
        rep = report.build(con, "BIU-2026-11-01", "da")
        snap = rounds.snapshot(con, "BIU-2026-11-01")
        ov = overview.overview(con, dt.date(2026, 11, 1))
    n_targets = int(re.search(r"og (\d+) mål", rep.intro).group(1))
    implementation = snap.filter(snap["kind"] == "implementation")
    assert n_targets == snap.height and implementation.height > 0
    figures = [f for _, _, f in rep.all_figures()]
    assert len(figures) == n_targets
    assert _docx_target_rows(rep) == n_targets                                       # Word
    assert len(_xlsx_body(_xlsx_rows(rep)["Rapport"], "Tema")) == n_targets          # Excel
    assert report.to_html(rep).count("<tr><td>") == n_targets                        # the print view
    pdf = " ".join(_pdf_pages(rep))
    assert pdf.count("Målværdi:") == n_targets                                       # PDF: one line each
    mine = ov.filter(ov["target_id"].is_in(snap["target_id"].to_list()))
    assert Counter(f.state for f in figures) == Counter(mine["state"].to_list())
    assert Counter(f.state for f in figures)["green"] > Counter(
        f.state for f in figures if f.kind != "implementation")["green"]          # the 😊 left out before
    # an implementation target shows the implementation state and its reason
    impl = next(r for r in implementation.to_dicts() if r["implementation_state"] == "running")
    row = next(r for r in _xlsx_body(_xlsx_rows(rep)["Rapport"], "Tema") if r["Mål"] == impl["short_text"]
               and r["Indsats"] == impl["initiative_name"])
    assert (row["Faktisk"], row["Målets status"], row["Begrundelse"]) == (
        "I gang", "😊 På plan", "indsatsen er i gang (planmæssig fremdrift)")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_synthetic_report_says_so_on_every_page_and_sheet(demo_rounds, lang):
    """A page printed on its own still says the figures are synthetic: Word's page header, every
    PDF page, the top of every sheet (and its printed header). The note speaks to a committee, not
    of a CLI command."""
    from docx import Document
    import openpyxl
    with store.reading(demo_rounds) as con:
        rep = report.build(con, "BIU-2026-11-01", lang)
    mark = SYNTHETIC[lang]
    assert "maalbord" not in rep.synthetic_note and "demo)" not in rep.synthetic_note
    doc = Document(io.BytesIO(report.to_docx(rep)))
    assert all(mark in "".join(p.text for p in s.header.paragraphs) for s in doc.sections)
    pages = _pdf_pages(rep)
    assert len(pages) > 2 and all(mark in p[:120] for p in pages)
    wb = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(rep)))
    assert len(wb.worksheets) == 4  # the accounts sheet (issue 20) says it too
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        assert any(mark in str(r[0]) for r in rows[:2]), ws.title
        assert mark in ws.oddHeader.center.text
    with store.reading(demo_rounds) as con:
        clean = report.build(con, "BIU-2013-08-08", lang)
    doc = Document(io.BytesIO(report.to_docx(clean)))
    assert not any(p.text for s in doc.sections for p in s.header.paragraphs)
    assert not any(mark in p for p in _pdf_pages(clean))
    wb = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(clean)))
    assert not any(mark in str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r)
    assert not any(ws.oddHeader.center.text for ws in wb.worksheets)


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf").exists(),
                    reason="no colour emoji font for ❔")
def test_the_pdf_draws_the_unsure_smiley_as_everywhere_else(report_2013):
    """❔ 'Kan ikke vurderes endnu' is ❔ in the PDF too (DejaVu lacks it: Noto Color Emoji draws
    it), not ◆; and no note about shapes is needed then."""
    first = _pdf_pages(report_2013)[0]
    assert "❔ Kan ikke vurderes endnu" in first and "◆" not in " ".join(_pdf_pages(report_2013))
    for e in ("😊", "😐", "😞", "⚪"):
        assert e in first
    assert "figur" not in first


def test_the_english_heading_names_the_committee_with_its_article(store_path):
    with store.reading(store_path) as con:
        rep = report.build(con, "BIU-2013-08-08", "en")
    assert rep.heading == "To the Employment and Integration Committee"
    assert rep.heading in _docx_text(rep)[0] and rep.heading in _pdf_pages(rep)[0]
