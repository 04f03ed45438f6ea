"""One session store built from data/ (the catalogue), shared by the table tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from queries import store
from queries import upkeep

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _apptest_on_loopback():
    """AppTest runs the app in this process, where no server listens: tell it the address a real
    `maalbord serve` uses, 127.0.0.1, so local mode (dashboard/auth.py) shows the pages. (Without it
    the address is unset — every interface — and the app refuses to show data without sign-in.)"""
    from streamlit import config
    config.set_option("server.address", "127.0.0.1")
    yield
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    """The catalogue loaded into a fresh store (no synthetic data)."""
    path = tmp_path_factory.mktemp("store") / "maalbord.duckdb"
    upkeep.init(path, actor="test")
    return path


@pytest.fixture()
def app_store(store_path, tmp_path, monkeypatch) -> Path:
    """A writable copy of the session store that the app (AppTest) reads: $MAALBORD_DB points at it,
    $MAALBORD_USER is unset (the page's own user field names the writer)."""
    target = tmp_path / "store.duckdb"
    shutil.copy(store_path, target)
    monkeypatch.setenv("MAALBORD_DB", str(target))
    monkeypatch.delenv("MAALBORD_USER", raising=False)
    return target


@pytest.fixture()
def con(store_path):
    with store.reading(store_path) as connection:
        yield connection


@pytest.fixture()
def catalogue_copy(tmp_path) -> Path:
    """A writable copy of data/catalogue, for tests that break it."""
    target = tmp_path / "catalogue"
    shutil.copytree(ROOT / "data" / "catalogue", target)
    return target


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted — to compare two stores."""
    with duckdb.connect(str(path), read_only=True) as c:
        tables = [r[0] for r in c.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' order by 1").fetchall()]
        return {t: sorted(c.execute(f"select * from {t}").fetchall(), key=repr) for t in tables}
