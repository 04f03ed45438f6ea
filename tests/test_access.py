"""Roles and the access file (queries/access.py): the shipped data/access.yaml maps each test
case's claims to the roles, pages and grants in tests/cases/access/grants.yaml; every bad file in
bad_files.yaml gives its message with line and setting. Plus the [auth] settings check and the
loopback rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from queries import access

CASES = Path(__file__).resolve().parent / "cases" / "access"
GRANTS = yaml.safe_load((CASES / "grants.yaml").read_text(encoding="utf-8"))
BAD = yaml.safe_load((CASES / "bad_files.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped():
    return access.load(access.DEFAULT_FILE)


@pytest.mark.parametrize("case", GRANTS, ids=[c["name"] for c in GRANTS])
def test_claims_map_to_roles_pages_and_grants(shipped, case):
    grant = shipped.grant(case["claims"])
    assert sorted(grant.roles) == sorted(case["roles"])
    assert sorted(grant.pages) == sorted(case["pages"])
    assert grant.any == bool(case["pages"])
    if "grants" in case:
        assert sorted(grant.grants) == sorted(case["grants"])
    if "committees" in case:
        assert sorted(grant.committees) == sorted(case["committees"])
    for what, expected in case.get("sees", {}).items():
        committee, state = what.split()
        assert grant.sees_round(committee, state == "frozen") is expected, what


@pytest.mark.parametrize("case", BAD, ids=[c["name"] for c in BAD])
def test_bad_access_files_name_line_and_setting(case):
    with pytest.raises(access.AccessFileError) as info:
        access.parse(case["file"], "data/access.yaml")
    err = info.value
    assert err.code == case["code"]
    assert err.params["line"] == case["line"]
    for lang in ("da", "en"):
        text = err.message(lang)
        assert "data/access.yaml" in text and str(case["line"]) in text
        for part in case["says"]:
            assert part in text, (lang, text)


def test_a_missing_access_file_is_named(tmp_path):
    with pytest.raises(access.AccessFileError, match="missing_file"):
        access.load(tmp_path / "nope.yaml")


def test_the_shipped_file_gives_every_role(shipped):
    assert {r for rule in shipped.rules for r in rule.roles} == set(access.ROLES)


def test_local_mode_may_do_everything():
    local = access.Grant.local()
    assert set(local.pages) == set(access.ALL_PAGES) and local.may("microdata") and local.may("write")


GOOD_AUTH = {"redirect_uri": "https://maalbord.example/oauth2callback", "cookie_secret": "x" * 40,
             "client_id": "maalbord", "client_secret": "s3cret",
             "server_metadata_url": "https://login.example/.well-known/openid-configuration"}


@pytest.mark.parametrize("drop", access.REQUIRED_AUTH)
def test_each_missing_auth_setting_is_named(drop):
    section = {k: v for k, v in GOOD_AUTH.items() if k != drop}
    assert access.auth_problems(section) == [("auth.err.missing", {"setting": drop})]


def test_complete_auth_settings_pass_also_in_a_named_provider_section():
    assert access.auth_problems(GOOD_AUTH) == []
    named = {k: GOOD_AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    named["entra"] = {k: GOOD_AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    assert access.auth_problems(named) == []
    assert access.auth_problems(GOOD_AUTH | {"cookie_secret": "short"}) == [("auth.err.secret_short", {})]


@pytest.mark.parametrize("address, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                               ("127.0.1.1", True), ("", False), ("0.0.0.0", False),
                                               ("10.0.0.5", False), ("maalbord.kk.dk", False), (None, False)])
def test_loopback_addresses(address, loopback):
    assert access.is_loopback(address) is loopback
