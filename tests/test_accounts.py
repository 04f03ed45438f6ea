"""The account behind each status (issue 20, RBA 'turn the curve'): stored per round and target,
versioned append-only, frozen with the round, shown in every format of the committee report and
under 'Siden sidste møde' when it changed."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from queries import accounts, report, rounds, store
from queries.problems import InputError
from tests.conftest import dump

STORY = "Færre borgere *end ventet* kom i gang, fordi tilbuddet blev lukket i foråret."
PLAN = "- genåbne tilbuddet i to bydele\n- **ugentlig** opfølgning i jobcentret"


@pytest.fixture(scope="module")
def rounds_store(store_path, tmp_path_factory) -> dict:
    """Two BIU rounds: the first frozen with an account for a 😞 target, the second open."""
    path = tmp_path_factory.mktemp("accounts") / "store.duckdb"
    shutil.copy(store_path, path)
    with store.writing(path) as con:
        first = rounds.create_round(con, "BIU", "2026-11-01", "November", "test", freeze_now=False)
        red = accounts_red_target(con, first)
        accounts.record(con, first, red, {"story": "Første udkast"}, "kontorchef, BIF")
        accounts.record(con, first, red, {"story": STORY, "partners": "Sundhedsforvaltningen",
                                          "action_plan": PLAN, "next_step": "Nyt tilbud på plads"},
                        "kontorchef, BIF", next_step_date="31-01-2027")
        rounds.freeze_round(con, first, "test")
        second = rounds.create_round(con, "BIU", "2026-12-01", "December", "test", freeze_now=False)
    return {"path": path, "first": first, "second": second, "red": red}


def accounts_red_target(con, round_id: str) -> str:
    """A target whose smiley in the (open) round is 😞."""
    rnd = con.execute("select meeting_date from rounds where round_id = ?", [round_id]).fetchone()[0]
    from queries.status_table import status_at
    df = status_at(con, rnd)
    reds = df.filter(df["final"] == "red")["target_id"].to_list()
    assert reds, "the catalogue has no 😞 target in a new round"
    return sorted(reds)[0]


def with_open_round(store_path: Path, path: Path) -> dict:
    """A copy of the session store at `path` with an open BIU round (meeting 01-11-2026) and a
    target that is 😞 in it: {path, round, red}."""
    shutil.copy(store_path, path)
    with store.writing(path) as con:
        rid = rounds.create_round(con, "BIU", "2026-11-01", "November", "test", freeze_now=False)
        red = accounts_red_target(con, rid)
    return {"path": path, "round": rid, "red": red}


def test_versions_supersede_and_are_kept(rounds_store):
    with store.reading(rounds_store["path"]) as con:
        cur = accounts.current(con, rounds_store["first"], rounds_store["red"])
        hist = accounts.history(con, rounds_store["first"], rounds_store["red"])
        log = con.execute("select actor, detail from audit_log where action = 'account' order by logged_at, detail"
                          ).fetchall()
    assert (cur.version, cur.story, cur.next_step_date) == (2, STORY, dt.date(2027, 1, 31))
    assert hist["story"].to_list() == ["Første udkast", STORY]          # the old version is kept
    assert hist["supersedes"].to_list() == [None, hist["account_id"][0]]
    details = [json.loads(d) for _, d in log]
    assert [d["version"] for d in details] == [1, 2] and {a for a, _ in log} == {"kontorchef, BIF"}
    assert details[1]["supersedes"] == details[0]["account_id"]


def test_a_frozen_round_refuses_a_new_version_and_keeps_the_store(rounds_store, tmp_path):
    path = tmp_path / "s.duckdb"
    shutil.copy(rounds_store["path"], path)
    before = dump(path)
    with pytest.raises(InputError) as info:
        accounts.write(path, rounds_store["first"], rounds_store["red"], {"story": "for sent"}, "kontorchef, BIF")
    assert info.value.problems[0].code == "account.err.frozen"
    assert "runden er låst" in info.value.message("da") and "the round is frozen" in info.value.message("en")
    assert info.value.message("da").startswith("Redegørelsen har 1 fejl")
    assert dump(path) == before


def test_bad_input_names_every_field(rounds_store, tmp_path):
    path = tmp_path / "s.duckdb"
    shutil.copy(rounds_store["path"], path)
    before = dump(path)
    with pytest.raises(InputError) as info:
        accounts.write(path, rounds_store["second"], "no-such-target", {"story": " "}, "", next_step_date="32-13-2026")
    assert [(p.column, p.code) for p in info.value.problems] == [
        ("target", "err.unknown_target"), ("story", "account.err.empty"), ("next_step_date", "err.date"),
        ("author", "err.required")]
    assert "- Redegørelse – Mål (værdi: no-such-target): ukendt mål-id" in info.value.message("da")
    assert "- Account – Date of the next step (value: 32-13-2026)" in info.value.message("en")
    assert dump(path) == before


def test_the_report_shows_the_version_current_at_freeze(rounds_store):
    with store.reading(rounds_store["path"]) as con:
        rep = report.build(con, rounds_store["first"], "da")
    shown = [(i, a) for _, i, a in rep.all_accounts()]
    assert len(shown) == 1
    item, acc = shown[0]
    assert acc.target_id == rounds_store["red"] and acc.emoji == "😞" and acc.version == 2
    assert [title for title, _ in acc.parts] == ["Historien bag kurven", "Samarbejdspartnere",
                                                 "Hvad virker / hvad vi vil gøre", "Næste skridt"]
    assert acc.next_by == "Næste skridt senest 31-01-2027"
    assert rounds_store["red"] in [f.target_id for f in item.figures]  # under the target's own initiative


def test_the_account_in_every_format(rounds_store):
    from docx import Document
    import openpyxl
    from pypdf import PdfReader

    with store.reading(rounds_store["path"]) as con:
        rep = report.build(con, rounds_store["first"], "da")
    html = report.to_html(rep)
    assert "Færre borgere <em>end ventet</em> kom i gang" in html and "<strong>ugentlig</strong>" in html
    assert "<li>genåbne tilbuddet i to bydele</li>" in html

    doc = Document(io.BytesIO(report.to_docx(rep)))
    paras = [p.text for p in doc.paragraphs]
    assert STORY.replace("*", "") in paras and "Historien bag kurven" in paras
    assert "genåbne tilbuddet i to bydele" in paras and "Næste skridt senest 31-01-2027" in paras
    italic = [r.text for p in doc.paragraphs for r in p.runs if r.italic]
    assert "end ventet" in italic

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(report.to_pdf(rep))).pages)
    assert "Færre borgere end ventet kom i gang" in text and "Sundhedsforvaltningen" in text

    wb = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(rep)))
    rows = list(wb["Redegørelser"].iter_rows(values_only=True))
    at = next(k for k, r in enumerate(rows) if r[0] == "Tema")
    body = [dict(zip(rows[at], r)) for r in rows[at + 1:]]
    assert len(body) == 1
    assert body[0]["Historien bag kurven"] == STORY.replace("*", "")
    assert body[0]["Hvad virker / hvad vi vil gøre"] == "• genåbne tilbuddet i to bydele\n• ugentlig opfølgning i jobcentret"
    assert body[0]["Dato for næste skridt"] == "31-01-2027" and body[0]["Version"] == 2


def test_since_the_last_meeting_lists_a_changed_account(rounds_store, tmp_path):
    path = tmp_path / "s.duckdb"
    shutil.copy(rounds_store["path"], path)
    second, red = rounds_store["second"], rounds_store["red"]
    with store.writing(path) as con:
        accounts.record(con, second, red, {"story": "Tilbuddet er genåbnet."}, "kontorchef, BIF")
        rounds.freeze_round(con, second, "test")
        third = rounds.create_round(con, "BIU", "2026-12-15", "December, 2. møde", "test", freeze_now=False)
        accounts.record(con, third, red, {"story": "Tilbuddet er genåbnet."}, "kontorchef, BIF")  # unchanged
        rounds.freeze_round(con, third, "test")
    with store.reading(path) as con:
        ch = rounds.changes_since_previous(con, second)
        assert ch.accounts.to_dicts() == [{"target_id": red, "initiative_id": ch.accounts["initiative_id"][0],
                                           "change": "changed"}]
        assert rounds.changes_since_previous(con, third).accounts.is_empty()  # the same text again is no news
        rep = report.build(con, second, "da")
        en = report.build(con, second, "en")
    assert [(c.change, c.change_label) for c in rep.account_changes] == [("changed", "redegørelsen er ændret")]
    assert en.account_changes[0].change_label == "the account changed"
    html = report.to_html(rep)
    assert "Redegørelser, der er nye eller ændret siden sidste møde:" in html and "redegørelsen er ændret" in html
    from docx import Document
    paras = [p.text for p in Document(io.BytesIO(report.to_docx(rep))).paragraphs]
    assert any(p.endswith(": redegørelsen er ændret") for p in paras)


def test_the_form_asks_for_an_account_only_for_yellow_and_red(rounds_store):
    with store.reading(rounds_store["path"]) as con:
        assert accounts.state_in_round(con, rounds_store["first"], rounds_store["red"]) == "red"   # frozen
        assert accounts.state_in_round(con, rounds_store["second"], rounds_store["red"]) == "red"  # open
    assert accounts.asks_for_account("red") and accounts.asks_for_account("yellow")
    assert not any(accounts.asks_for_account(s) for s in ("green", "none", "unsure", None))


def test_cli_account_set_from_a_file(rounds_store, tmp_path):
    import subprocess
    import sys
    path = tmp_path / "s.duckdb"
    shutil.copy(rounds_store["path"], path)
    md = tmp_path / "account.md"
    md.write_text("Historien fra en fil.", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    env = {"MAALBORD_DB": str(path), "MAALBORD_USER": "steward-cli", "PATH": "/usr/bin:/bin"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "queries.cli", "account", "set", *args], cwd=root, env=env,
                              capture_output=True, text=True)
    res = cli("--round", rounds_store["second"], "--target", rounds_store["red"], "--file", str(md),
              "--next-step-date", "01-02-2027")
    assert res.returncode == 0, res.stderr
    assert "version 1" in res.stdout
    with store.reading(path) as con:
        cur = accounts.current(con, rounds_store["second"], rounds_store["red"])
        assert (cur.story, cur.author, cur.next_step_date) == ("Historien fra en fil.", "steward-cli", dt.date(2027, 2, 1))
    frozen = cli("--round", rounds_store["first"], "--target", rounds_store["red"], "--file", str(md))
    assert frozen.returncode == 2 and "runden er låst" in frozen.stderr and "Traceback" not in frozen.stderr


def test_a_row_written_past_the_freeze_is_not_shown(rounds_store, tmp_path):
    """Even a version that reached the table after the freeze (not through `record`, which refuses)
    is not what the committee was shown: the report keeps the version current at freeze time."""
    path = tmp_path / "s.duckdb"
    shutil.copy(rounds_store["path"], path)
    first, red = rounds_store["first"], rounds_store["red"]
    with store.writing(path) as con:
        frozen_at = con.execute("select frozen_at from round_freezes where round_id = ?", [first]).fetchone()[0]
        cur = accounts.current(con, first, red)
        con.execute("insert into accounts (round_id, target_id, initiative_id, story, author, entered_at, supersedes) "
                    "values (?, ?, ?, 'efter mødet', 'x', ?, ?)",
                    [first, red, cur.initiative_id, frozen_at + dt.timedelta(days=1), cur.account_id])
    with store.reading(path) as con:
        assert accounts.current(con, first, red).story == "efter mødet"
        assert accounts.at_freeze(con, first)[red].story == STORY
        rep = report.build(con, first, "da")
    assert [a.texts["story"] for _, _, a in rep.all_accounts()] == [STORY]


def test_an_account_for_a_target_outside_the_rounds_committee_is_refused(rounds_store, tmp_path):
    path = tmp_path / "s.duckdb"
    shutil.copy(rounds_store["path"], path)
    with store.writing(path) as con:
        sou = rounds.create_round(con, "SOU", "2026-11-01", "November", "test", freeze_now=False)
        assert rounds_store["red"] not in rounds.round_targets(con, sou)
    before = dump(path)
    with pytest.raises(InputError) as exc:
        accounts.write(path, sou, rounds_store["red"], {"story": "forkert udvalg"}, "kontorchef, BIF")
    [problem] = exc.value.problems
    assert (problem.column, problem.code) == ("target", "account.err.not_in_round")
    assert f"ikke med i runden {sou}" in problem.message()
    assert dump(path) == before
