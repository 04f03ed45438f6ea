"""Sign-in with a real OpenID provider (npm's oidc-provider on loopback, tests/oidc/) in Debian's
chromium: each role's pages in the navigation, a forbidden page's URL, SQL with and without the
microdata grant, an import by the data steward in the audit log with the signed-in user, sign-out,
and a tampered or expired session cookie. One provider and one app server for the module."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pytest

from queries import store
from tests.oidc_provider import provider, require_node, secrets_toml
from tests.streamlit_server import ARGS, CHROMIUM, free_port, require_chromium, serve, wait_until_idle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("auth")]

ROOT = Path(__file__).resolve().parent.parent
MANAGEMENT = ["Overblik", "Indsats", "Opfølgning", "Økonomi", "Forside"]
ALL = [*MANAGEMENT, "Udvalgsrapport", "SQL", "Data", "Administration"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """(url, store path, cookie secret): the app with [auth] pointing at the provider, on a store
    of the catalogue plus a few synthetic citizens."""
    require_chromium()
    require_node()
    folder = tmp_path_factory.mktemp("auth")
    db = folder / "maalbord.duckdb"
    from queries import demo
    demo.demo(db, citizens=300, seed=3, actor="test")
    port = free_port()
    with provider(f"http://127.0.0.1:{port}/oauth2callback") as issuer:
        secret = secrets_toml(folder / "secrets.toml", issuer, port)
        with serve(db, args=("--secrets.files", str(folder / "secrets.toml")), port=port,
                   MAALBORD_ACCESS=str(ROOT / "data" / "access.yaml")) as url:
            yield url, db, secret


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def sign_in(browser, url: str, account: str, button: str = "Log ind", signed_in: str = "Logget ind som"):
    """A new browser context signed in as `account` through the provider's login form."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    if button != "Log ind":  # the English sign-in page
        page.get_by_text("English", exact=True).click(timeout=30000)
    page.get_by_role("button", name=button).click(timeout=30000)
    page.locator("input[name=login]").fill(account, timeout=30000)
    page.locator("input[name=password]").fill("test")
    page.locator("button[type=submit]").click()
    page.get_by_text(signed_in).first.wait_for(timeout=30000)
    wait_until_idle(page)
    return context, page


def nav(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for(timeout=30000)
    return [re.sub(r"^\W+", "", t).strip() for t in links.all_inner_texts()]


def assert_nav(page, expected: list[str]) -> None:
    if len(expected) == 1:  # Streamlit shows no menu for an app of one page: that page opens
        page.get_by_role("heading", name=expected[0]).first.wait_for(timeout=30000)
        assert page.locator('[data-testid="stSidebarNav"] a').count() == 0
        return
    shown = nav(page)
    assert [p for p in ALL if any(s.endswith(p) for s in shown)] == expected, shown


def assert_denied(page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}")
    page.get_by_text("Ingen adgang", exact=True).first.wait_for(timeout=30000)
    wait_until_idle(page)
    assert page.locator("textarea").count() == 0  # (the SQL page's editor: its script did not run)
    assert page.locator("[data-testid=stException]").count() == 0


def run_sql(page, url: str, sql: str) -> None:
    page.goto(f"{url}/sql")
    editor = page.locator("textarea").first
    editor.wait_for(timeout=30000)
    wait_until_idle(page)
    editor.fill(sql)
    editor.press("Control+Enter")
    page.locator("[data-testid=stCode]", has_text=sql).first.wait_for(timeout=30000)
    wait_until_idle(page)


def test_pages_and_forbidden_urls_per_role(app, browser):
    url, _, _ = app
    expected = {
        "ledelse": MANAGEMENT,
        "udvalg": ["Udvalgsrapport"],
        "analytiker": [*MANAGEMENT, "SQL"],
        "dataansvarlig": [*MANAGEMENT, "Udvalgsrapport", "SQL", "Data"],
        "admin": ALL,
    }
    forbidden = {"ledelse": "sql", "udvalg": "overblik", "analytiker": "datapleje", "dataansvarlig": "administration",
                 "admin": None}
    for account, pages in expected.items():
        context, page = sign_in(browser, url, account)
        try:
            assert_nav(page, pages)
            if forbidden[account]:
                assert_denied(page, url, forbidden[account])
            if account == "udvalg":
                assert_denied(page, url, "sql")
                page.goto(f"{url}/udvalgsrapport")
                page.get_by_text("Udvalg: BIU").first.wait_for(timeout=30000)
                wait_until_idle(page)
                box = page.locator("[data-testid=stSelectbox]").first
                box.click(timeout=30000)
                options = page.locator("[role=option]").all_inner_texts()
                assert options and all(o.startswith("BIU") for o in options), options  # own committee only
                page.keyboard.press("Escape")
                assert page.get_by_text("Opret runde").count() == 0 and page.get_by_text("Frys").count() == 0
        finally:
            context.close()


def at_provider(browser, url: str):
    """A new browser context on the provider's login form, reached from the app's sign-in page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Log ind").click(timeout=30000)
    return context, page


def test_a_user_without_a_role_gets_no_page(app, browser):
    url, _, _ = app
    context, page = at_provider(browser, url)
    page.locator("input[name=login]").fill("ingen", timeout=30000)
    page.locator("input[name=password]").fill("test")
    page.locator("button[type=submit]").click()
    page.get_by_text("Ingen adgang til Målbord").first.wait_for(timeout=30000)
    assert page.locator('[data-testid="stSidebarNav"] a').count() == 0
    context.close()


def test_sql_without_and_with_the_microdata_grant(app, browser):
    url, _, _ = app
    context, page = sign_in(browser, url, "analytiker")
    try:
        run_sql(page, url, "select * from citizens")
        page.get_by_text("kræver rollen analytiker-mikrodata").first.wait_for(timeout=30000)
        run_sql(page, url, "select table_name from duckdb_tables() where table_name in "
                           "('citizens', 'enrolments', 'spells', 'events', 'progression', 'citizen_keys')")
        page.get_by_text("0 rækker ·").first.wait_for(timeout=30000)  # none of them exists in the copy
        run_sql(page, url, "select count(*) as n from v_targets")
        page.get_by_text("1 række ·").first.wait_for(timeout=30000)
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()
    context, page = sign_in(browser, url, "mikrodata")
    try:
        run_sql(page, url, "select * from citizens")
        page.get_by_text("300 rækker ·").first.wait_for(timeout=30000)
    finally:
        context.close()


def test_steward_import_logs_the_signed_in_user_and_sign_out(app, browser, tmp_path):
    url, db, _ = app
    csv = tmp_path / "maalinger.csv"
    csv.write_text("mål_id;dato;værdi;kilde;note\nsnit-faelles-borgere-pr-aar;31-12-2025;5.500;QA;login-test\n",
                   encoding="utf-8")
    context, page = sign_in(browser, url, "dataansvarlig")
    try:
        page.goto(f"{url}/datapleje")
        page.locator("input[type=file]").first.set_input_files(str(csv), timeout=30000)
        page.get_by_role("button", name="Importér 1 række").click(timeout=30000)
        page.get_by_text("Importerede rækker").first.wait_for(timeout=30000)
        wait_until_idle(page)
        field = page.locator("input[aria-label='Bruger (til loggen)']")
        assert field.input_value() == "Test Dataansvarlig <dataansvarlig>" and field.is_disabled()
        with duckdb.connect(str(db), read_only=True) as con:
            actors = con.execute("select actor from audit_log where action = 'import_measurements'").fetchall()
            entered = con.execute("select entered_by from measurements where note = 'login-test'").fetchall()
        assert actors == [("Test Dataansvarlig <dataansvarlig>",)]
        assert entered == [("Test Dataansvarlig <dataansvarlig>",)]
        page.locator("[role=gridcell]", has_text="Test Dataansvarlig <dataansvarlig>").first.wait_for(
            state="attached", timeout=30000)  # in the audit log table (the grid's accessible cells)

        page.get_by_role("button", name="Log ud").click()
        confirm = page.get_by_role("button", name=re.compile("sign me out", re.I))
        confirm.click(timeout=30000)  # the provider's own sign-out page (RP-initiated logout)
        page.get_by_role("button", name="Log ind").wait_for(timeout=30000)
        page.goto(f"{url}/datapleje")
        page.get_by_role("button", name="Log ind").wait_for(timeout=30000)
        assert page.get_by_text("Importér målinger").count() == 0
    finally:
        context.close()


def test_a_tampered_or_expired_session_cookie_is_not_accepted(app, browser):
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value, decode_signed_value

    url, _, secret = app
    context, page = sign_in(browser, url, "ledelse")
    cookies = {c["name"]: c for c in context.cookies()}
    user = cookies["_streamlit_user"]
    claims = json.loads(decode_signed_value(secret, "_streamlit_user", user["value"]))
    assert claims["groups"] == ["maalbord-ledelse"]
    context.close()

    def visit(value: str):
        ctx = browser.new_context()
        ctx.add_cookies([{**{k: user[k] for k in ("name", "domain", "path")}, "value": value}])
        pg = ctx.new_page()
        pg.goto(f"{url}/sql")
        return ctx, pg

    # tampered: the groups changed to admin, signed with another secret → not signed in
    forged = create_signed_value("not-the-cookie-secret-" + "x" * 20, "_streamlit_user",
                                 json.dumps(claims | {"groups": ["maalbord-admin"]})).decode()
    ctx, pg = visit(forged)
    pg.get_by_role("button", name="Log ind").wait_for(timeout=30000)
    assert pg.locator("textarea").count() == 0
    ctx.close()
    # expired: correctly signed, but the sign-in is older than session_hours (10) → sign in again
    old = create_signed_value(secret, "_streamlit_user",
                              json.dumps(claims | {"iat": int(time.time()) - 11 * 3600})).decode()
    ctx, pg = visit(old)
    pg.get_by_text("Din session er udløbet").first.wait_for(timeout=30000)
    assert pg.locator("textarea").count() == 0 and pg.locator('[data-testid="stSidebarNav"] a').count() == 0
    ctx.close()


def test_a_refused_sign_in_comes_back_to_the_sign_in_page_that_explains_it(app, browser):
    url, _, _ = app
    context, page = at_provider(browser, url)
    page.get_by_text("[ Cancel ]").click(timeout=30000)  # the provider answers error=access_denied
    page.get_by_text("blev login afvist eller afbrudt").first.wait_for(timeout=30000)
    wait_until_idle(page)
    assert page.get_by_role("button", name="Log ind").count() == 1
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator('[data-testid="stSidebarNav"] a').count() == 0
    context.close()


def test_sign_in_in_english_and_the_admin_page(app, browser):
    url, _, _ = app
    context, page = sign_in(browser, url, "management", button="Sign in", signed_in="Signed in as")
    try:  # (the English page, then a user whose ID token says locale en-GB: the app opens in English)
        shown = nav(page)
        assert any(s.endswith("Overview") for s in shown) and not any(s.endswith("Overblik") for s in shown)
        page.goto(f"{url}/administration")
        page.get_by_text("No access", exact=True).first.wait_for(timeout=30000)
    finally:
        context.close()
    context, page = sign_in(browser, url, "admin")
    try:
        page.goto(f"{url}/administration")
        page.get_by_text("Adgangsfil", exact=True).first.wait_for(timeout=30000)
        page.get_by_role("button", name="Lav backup nu").click(timeout=30000)
        page.get_by_role("button", name=re.compile("Hent maalbord-backup-")).wait_for(timeout=30000)
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()


def test_the_sign_in_page_says_when_the_provider_is_down(browser, tmp_path):
    require_chromium()
    db = tmp_path / "maalbord.duckdb"
    store.init(db)
    port, closed = free_port(), free_port()  # nothing listens on `closed`
    secrets_toml(tmp_path / "secrets.toml", f"http://127.0.0.1:{closed}", port)
    with serve(db, args=("--secrets.files", str(tmp_path / "secrets.toml")), port=port,
               MAALBORD_ACCESS=str(ROOT / "data" / "access.yaml")) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        page.get_by_text("Login er ikke muligt lige nu").first.wait_for(timeout=30000)
        wait_until_idle(page)
        assert page.get_by_text(f"127.0.0.1:{closed}").count() >= 1  # the setting's URL is named
        assert page.get_by_role("button", name="Log ind").count() == 0
        assert page.locator("[data-testid=stException]").count() == 0
        context.close()


def test_the_calendar_address_needs_no_sign_in_and_only_a_steward_manages_it(app, browser):
    """The secret address answers a calendar client (no session, no cookie) while every page wants
    sign-in; on the Opfølgning page management sees it but cannot replace or close it, a data
    steward can."""
    import urllib.request

    from icalendar import Calendar

    from queries import feeds
    url, db, _ = app
    token = feeds.create(db, None, actor="test")
    with urllib.request.urlopen(feeds.url(token, url), timeout=20) as resp:
        assert resp.headers["Content-Type"].startswith("text/calendar")
        assert Calendar.from_ical(resp.read()).walk("VEVENT")
    for account, manages in (("ledelse", False), ("dataansvarlig", True)):
        context, page = sign_in(browser, url, account)
        try:
            page.goto(f"{url}/opfoelgning")
            page.get_by_text(f"/kalender/{token}.ics").first.wait_for(timeout=30000)
            wait_until_idle(page)
            replace = page.get_by_role("button", name="Ny adresse (den gamle holder op med at virke)")
            assert replace.count() == (1 if manages else 0), account
        finally:
            context.close()
