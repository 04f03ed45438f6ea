"""A real OpenID provider on loopback for the sign-in tests: npm's oidc-provider on Debian's Node
(tests/oidc/provider.mjs; `make test` installs both), and the secrets.toml that points Målbord at it."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.streamlit_server import free_port

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "maalbord", "maalbord-test-client-secret"


def require_node() -> None:
    missing = shutil.which("node") is None or not (OIDC_DIR / "node_modules" / "oidc-provider").exists()
    if missing:
        if os.environ.get("CI"):
            pytest.fail("node or npm's oidc-provider is missing: `make test` installs them (make oidc)")
        pytest.skip("node / oidc-provider not installed (run `make oidc`)")


@contextmanager
def provider(redirect_uri: str):
    """The provider on a free port; yields its issuer URL."""
    require_node()
    port = free_port()
    proc = subprocess.Popen(["node", str(OIDC_DIR / "provider.mjs"), str(port), redirect_uri], cwd=OIDC_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("ready"):
            pytest.fail(f"oidc-provider did not start: {line!r}")
        yield line.split()[1]
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def secrets_toml(path: Path, issuer: str, app_port: int, cookie_secret: str | None = None, **override) -> str:
    """Write a secrets.toml with [auth] for the provider; returns the cookie secret."""
    cookie_secret = cookie_secret or secrets.token_urlsafe(32)
    settings = {"redirect_uri": f"http://127.0.0.1:{app_port}/oauth2callback", "cookie_secret": cookie_secret,
                "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "server_metadata_url": f"{issuer}/.well-known/openid-configuration"} | override
    lines = ["[auth]"] + [f'{k} = "{v}"' for k, v in settings.items() if v is not None]
    lines += ["", "[auth.client_kwargs]", 'prompt = "login"']  # the provider asks every time: one account per test
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cookie_secret
