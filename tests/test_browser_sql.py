"""The SQL page in a real browser: Ctrl+Enter in the editor runs the query (something AppTest
cannot show), and a refused statement shows a message, not a stack trace."""

from __future__ import annotations


import pytest

from tests.streamlit_server import ARGS, CHROMIUM, require_chromium, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(store_path):
    require_chromium()
    with serve(store_path) as url:
        yield url


def test_ctrl_enter_runs_and_errors_are_messages(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server}/sql")
        editor = page.locator("textarea").first
        editor.wait_for(timeout=30000)
        editor.fill("select committee, count(*) as n from v_budget group by 1")
        editor.press("Control+Enter")
        page.get_by_text("rækker ·").first.wait_for(timeout=30000)
        editor.fill("drop table targets")
        editor.press("Control+Enter")
        page.get_by_text("af typen DROP er ikke tilladt").first.wait_for(timeout=30000)
        assert page.locator("[data-testid=stException]").count() == 0
        browser.close()
