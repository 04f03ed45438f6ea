"""Real browser: `streamlit run` on a free port, Debian's chromium driven by Playwright. Opens every
management page, clicks a smiley filter and a table row, fails on any exception shown on a page,
and saves screenshots — to a temporary folder, so `make test` leaves the tree clean; `make screenshots`
sets MAALBORD_SCREENSHOTS=docs/screenshots to renew the ones the README shows (overview.png)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.streamlit_server import ROOT, chromium_page, require_chromium, serve

SHOTS = Path(os.environ.get("MAALBORD_SCREENSHOTS") or tempfile.mkdtemp(prefix="maalbord-screenshots-"))
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The catalogue plus `maalbord demo` (20,000 synthetic citizens), so the screenshots show
    computed actuals, smileys and the synthetic-data banner."""
    path = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    for args in (["init"], ["demo", "--citizens", "20000", "--as-of", "2026-11-22"]):
        subprocess.run([sys.executable, "-m", "queries.cli", "--db", str(path), *args], cwd=ROOT, check=True,
                       capture_output=True)
    return path


@pytest.fixture(scope="module")
def server(demo_store):
    require_chromium()
    with serve(demo_store, MAALBORD_TODAY="2026-11-22") as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    with chromium_page() as tab:
        yield tab


def _settle(page, text: str | None) -> None:
    """Wait for a known text, then until streamlit's 'Running' status widget has gone."""
    if text:
        page.get_by_text(text, exact=False).first.wait_for(timeout=20_000)
    page.wait_for_function(
        """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
                   return !w || !/Running|Kører/.test(w.innerText); }""", timeout=20_000)
    page.wait_for_timeout(300)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    assert "Traceback" not in page.content()


def test_every_page_renders_and_the_overview_is_interactive(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/")  # Overblik is the default page
    _settle(page, "Overblik over mål")
    # the banner (waited for, as the title is: under load a rerun can redraw the page after the title showed)
    page.get_by_text("Demodata — syntetiske borgere").first.wait_for(timeout=20_000)
    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=False)

    # a smiley filter: click "På plan" and expect fewer rows than all
    shown_before = page.get_by_text("mål vist").first.inner_text()
    page.locator('[data-testid="stButtonGroup"] button', has_text="På plan").first.click()
    _settle(page, "mål vist")
    page.wait_for_function(
        "(before) => { const e = [...document.querySelectorAll('p')].find(p => p.innerText.includes('mål vist'));"
        " return e && e.innerText !== before; }", arg=shown_before, timeout=10_000)

    # a row: click the first row's selection checkbox in the glide grid → the Indsats page opens
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 18)
    page.wait_for_url("**/indsats**", timeout=15_000)
    _settle(page, "Fra kildedokumentet")
    page.screenshot(path=str(SHOTS / "initiative.png"), full_page=True)

    # back to Overblik through the sidebar: it stays there (the old selection does not re-open a row)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Overblik").first.click()
    _settle(page, "Overblik over mål")
    page.wait_for_timeout(1000)
    assert "/indsats" not in page.url

    for path, text, shot in (("/opfoelgning", "Opfølgningskalender", "followup.png"),
                             ("/oekonomi", "Tilbagebetalingstid", "economy.png")):
        page.goto(server + path)
        _settle(page, text)
        page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=15_000)
        page.wait_for_timeout(800)  # let the visible tables draw before the screenshot
        page.screenshot(path=str(SHOTS / shot), full_page=True)

    # the other sections' pages open without an exception too
    for path in ("/udvalgsrapport", "/sql", "/datapleje", "/forside"):
        page.goto(server + path)
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=20_000)
        _settle(page, None)


def test_the_business_case_page_shows_its_progression_scores(page, server):
    """The sub-goals' progression section draws in a real browser: one chart per sub-goal (7 in the
    catalogue), the compact table and the synthetic-data caption; no exception."""
    page.goto(server + "/indsats?id=bc2016-ressourceforloeb-forsoeg")
    _settle(page, "Progression (delmål)")
    heading = page.get_by_text("Progression (delmål)").first
    heading.scroll_into_view_if_needed()
    assert page.get_by_text("Scorerne er syntetiske", exact=False).count() > 0
    section = page.locator('[data-testid="stVerticalBlock"]', has=heading).last
    charts = page.locator('[data-testid="stVegaLiteChart"]', has_text="Kvartal efter start")
    charts.first.wait_for(timeout=15_000)
    assert charts.count() == 7, charts.count()
    assert section.locator('[data-testid="stDataFrame"]').count() >= 1
    page.screenshot(path=str(SHOTS / "progression.png"), full_page=False)
