"""The client is tested against a server on SQLite; the API suite covers both databases."""

from pathlib import Path

import pytest


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'runs.db'}"
