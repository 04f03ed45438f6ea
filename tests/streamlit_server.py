"""`streamlit run dashboard/server.py` (as `maalbord serve` starts it) on a free loopback port and
Debian's chromium, for the real-browser tests.

Playwright drives /usr/bin/chromium (installed by `make test`); downloads work with
`page.expect_download` (tests/test_browser_sql.py). Under CI a missing chromium is a failure, not a skip."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (run `make test`, which installs it)")
    pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, args: tuple[str, ...] = (), port: int | None = None, **env):
    """The app on a free port (or `port`) with MAALBORD_DB=db and extra `streamlit run` options
    `args` (e.g. --secrets.files); yields its URL and stops it afterwards."""
    port = port or free_port()
    environment = os.environ | {"MAALBORD_DB": str(db), "PYTHONPATH": str(ROOT), **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "server.py"),
         "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *args],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def chromium_page(width: int = 1440, height: int = 1000):
    """A Danish-locale page of Debian's chromium (headless), closed afterwards."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": width, "height": height}, locale="da-DK")
        finally:
            browser.close()


def wait_until_idle(page, timeout: int = 30_000) -> None:
    """Wait until the app's script run has finished (the stApp element's data-test-script-state is
    notRunning). Typing into a widget while a run is still rendering can be lost when the run ends."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout)
