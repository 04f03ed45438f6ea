"""The SQL page in a real browser: Ctrl+Enter in the editor runs the query, also on a freshly
opened page (something AppTest cannot show), a refused statement shows a message, not a stack
trace, and the download of a capped result, fetched whole, holds every row (the file is made on
click by Streamlit's deferred download)."""

from __future__ import annotations


import pytest

from tests.streamlit_server import ARGS, CHROMIUM, require_chromium, serve, wait_until_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(store_path):
    require_chromium()
    with serve(store_path, MAALBORD_SQL_MAX_ROWS="100") as url:
        yield url


def test_ctrl_enter_runs_and_errors_are_messages(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server}/sql")
        editor = page.locator("textarea").first
        editor.wait_for(timeout=30000)
        wait_until_idle(page)  # the first run has rendered: what is typed now is not lost when it ends
        editor.fill("select committee, count(*) as n from v_budget group by 1")
        editor.press("Control+Enter")
        page.get_by_text("rækker ·").first.wait_for(timeout=30000)
        wait_until_idle(page)
        assert editor.input_value() == "select committee, count(*) as n from v_budget group by 1"
        editor.fill("drop table targets")
        editor.press("Control+Enter")
        page.get_by_text("af typen DROP er ikke tilladt").first.wait_for(timeout=30000)
        assert page.locator("[data-testid=stException]").count() == 0
        browser.close()


def test_ctrl_enter_runs_on_a_freshly_opened_page(server):
    """Ctrl+Enter before Kør was ever clicked, on new sessions arriving by URL and from another page.
    A form's own Enter-to-submit presses its first *registered* submit button — the order the
    buttons happened to mount in the browser, not the script's order — which was often the schema
    browser's first insert button: nothing ran and " v_budget" was appended to the query. That
    depended on timing, so the test opens the page several times (the old page failed most of them)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for attempt, arrive in enumerate(["sidebar", "url"] * 3):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})  # a new session
            if arrive == "sidebar":
                page.goto(f"{server}/")
                link = page.locator('[data-testid="stSidebarNav"] a', has_text="SQL").first
                link.wait_for(timeout=30000)
                wait_until_idle(page)
                link.click()
            else:
                page.goto(f"{server}/sql")
            editor = page.locator("textarea").first
            editor.wait_for(timeout=30000)
            wait_until_idle(page)
            sql = f"select {attempt} as svar"
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.type(sql)
            page.keyboard.press("Control+Enter")
            shown = page.locator("[data-testid=stCode]", has_text=sql)
            try:
                shown.first.wait_for(timeout=15000)
            except Exception:
                raise AssertionError(f"{arrive} (attempt {attempt}): Ctrl+Enter ran nothing; "
                                     f"the editor reads {editor.input_value()!r}") from None
            page.get_by_text("1 række ·").first.wait_for(timeout=30000)
            wait_until_idle(page)
            assert editor.input_value() == sql, (arrive, attempt)
            assert page.locator("[data-testid=stException]").count() == 0
            page.close()
        browser.close()


def test_download_of_a_capped_result_holds_every_row(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(f"{server}/sql")
        editor = page.locator("textarea").first
        editor.wait_for(timeout=30000)
        wait_until_idle(page)
        editor.fill("select range as n from range(2500) order by n")
        page.get_by_role("button", name="Kør").click()  # its name also holds the shortcut, "Ctrl + Enter"
        page.get_by_text("Viser de første 100 af").first.wait_for(timeout=30000)
        assert page.get_by_role("button", name="Hent CSV").count() == 0
        page.get_by_role("button", name="Hent hele resultatet til download").click()
        page.get_by_text("Hele resultatet er hentet").first.wait_for(timeout=30000)
        with page.expect_download(timeout=30000) as info:
            page.get_by_role("button", name="Hent CSV").click()
        path = tmp_path / "forespoergsel.csv"
        info.value.save_as(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "n" and [int(v) for v in lines[1:]] == list(range(2500))
        assert page.locator("[data-testid=stException]").count() == 0
        browser.close()

