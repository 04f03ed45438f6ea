"""The SQL page in a real browser: Ctrl+Enter in the editor runs the query (something AppTest
cannot show), and a refused statement shows a message, not a stack trace."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(store_path):
    if not CHROMIUM:
        pytest.skip("chromium is not installed")
    pytest.importorskip("playwright")
    port = free_port()
    env = {**os.environ, "MAALBORD_DB": str(store_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ctrl_enter_runs_and_errors_are_messages(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
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
