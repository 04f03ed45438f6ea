"""Installable, not only runnable from a checkout: pyproject.toml lists every package and ships the
SQL, the catalogue and the source documents; the wheel, installed into a fresh virtual environment
and run from another folder, gives a working `maalbord init / demo / refresh / status / report` and
an app that streamlit serves."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# what the wheel is built from: the package folders, the catalogue and the source documents
SOURCES = ("queries", "dashboard", "data/catalogue", "data/seeds", "pyproject.toml", "README.md")


def _tree_files() -> set[str]:
    """Every file of the packages as the wheel must hold it (data/ becomes queries/data/)."""
    files = set()
    for top in ("queries", "dashboard", "data/catalogue", "data/seeds"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                rel = path.relative_to(ROOT).as_posix()
                files.add("queries/" + rel if rel.startswith("data/") else rel)
    return files


def test_every_package_is_listed():
    """A folder of Python modules missing from pyproject.toml is missing from the wheel (as
    dashboard.screens once was): every one is listed, and nothing listed is not a folder."""
    folders = {p.parent.relative_to(ROOT).as_posix().replace("/", ".")
               for top in ("queries", "dashboard") for p in (ROOT / top).rglob("*.py")
               if "__pycache__" not in p.parts}
    mapped = SETUPTOOLS.get("package-dir", {})
    assert set(SETUPTOOLS["packages"]) - set(mapped) == folders
    assert mapped == {"queries.data": "data"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], cwd: Path, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, f"{cmd}: {res.returncode}\n{res.stdout[-2000:]}\n{res.stderr[-3000:]}"
    return res


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a copy of the sources and installed (with its dependencies, by pip)
    into a fresh virtual environment without the system's or this environment's site-packages.
    Returns (bin folder, a work folder outside the checkout, the environment to run in)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    for name in SOURCES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                        if (ROOT / name).is_dir() else {}))
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAALBORD_DB", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    _run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(tmp / "dist"), "-q"], tmp, env)
    wheel = next((tmp / "dist").glob("maalbord-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp, env)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp, env, timeout=900)
    work = tmp / "work"
    work.mkdir()
    return wheel, venv / "bin", work, env


@pytest.mark.slow
def test_the_wheel_holds_every_file_and_no_store(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _tree_files() <= names, sorted(_tree_files() - names)
    assert not [n for n in names if n.endswith((".duckdb", ".wal"))]


@pytest.mark.slow
def test_the_installed_package_runs_outside_the_checkout(installed):
    _, bin_, work, env = installed
    python, maalbord = str(bin_ / "python"), str(bin_ / "maalbord")
    where = _run([python, "-c", "import queries, dashboard; print(queries.__file__); print(dashboard.__file__)"],
                 work, env).stdout.split()
    assert all(w.startswith(str(bin_.parent)) for w in where), where  # the wheel's copy, not the checkout

    init = _run([maalbord, "init"], work, env).stdout
    assert "maalbord.duckdb" in init and "targets: 107" in init  # the catalogue shipped in the package
    assert (work / "maalbord.duckdb").is_file()                  # the store in the current folder
    _run([maalbord, "demo", "--citizens", "300", "--seed", "1"], work, env)
    refresh = _run([maalbord, "--lang", "en", "refresh"], work, env).stdout
    assert "Computed" in refresh
    status = _run([maalbord, "status"], work, env).stdout
    assert "bi07-veteraner-job-6m" in status
    _run([maalbord, "report", "--committee", "BIU", "--format", "pdf", "--out", "report.pdf"], work, env)
    from pypdf import PdfReader
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO((work / "report.pdf").read_bytes())).pages)
    assert "Beskæftigelses- og Integrationsudvalget" in text

    # the installed app's pages run (AppTest in the installed environment, on the store above)
    app = _run([python, "-c",
                "from queries.commands.serve import app_path; from streamlit.testing.v1 import AppTest; "
                "from streamlit import config; config.set_option('server.address', '127.0.0.1'); "  # as maalbord serve
                "at = AppTest.from_file(str(app_path()), default_timeout=120).run(); "
                "assert not at.exception, at.exception; print(app_path()); print(at.title[0].value)"],
               work, {**env, "MAALBORD_DB": str(work / "maalbord.duckdb")}).stdout.splitlines()
    assert app[0].startswith(str(bin_.parent)) and app[1] == "Overblik over mål"


@pytest.mark.slow
def test_maalbord_serve_starts_the_installed_app(installed):
    _, bin_, work, env = installed
    port = _free_port()
    server = subprocess.Popen([str(bin_ / "maalbord"), "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, health = time.monotonic() + 90, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    health = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert health == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and "<div id=\"root\">" in r.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
