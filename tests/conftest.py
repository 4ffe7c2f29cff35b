"""Shared fixtures: a real index of seeds/ built once per test session, the Flask app on it,
Flask's test client and a click runner for the `newsarchive` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.web import create_app

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_ARTICLE_ID = "text/newsweek-kremlin-nato-troops-finland.txt"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ indexed with the real spaCy model into a session-wide temporary index."""
    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    result = CliRunner().invoke(cli, ["index", str(SEEDS), "--index", str(index_dir), "-q"])
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Commands run in this process: the query limits they set are restored afterwards."""
    from newsarchive.search import matching

    for name in ("QUERY_SECONDS", "QUERY_WALL_SECONDS"):
        monkeypatch.setattr(matching, name, getattr(matching, name))
    return CliRunner()


@pytest.fixture()
def app(seed_index: Path):
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def archive_copy(tmp_path: Path) -> Path:
    """A writable copy of seeds/ for tests that add, change or delete files."""
    target = tmp_path / "archive"
    shutil.copytree(SEEDS, target)
    return target
