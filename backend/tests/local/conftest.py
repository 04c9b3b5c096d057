"""The real embedded model: assembled once per machine into the default cache, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from twelve_factor.core.models.local import LocalModel
from twelve_factor.core.models.local_weights import ensure_gguf


@pytest.fixture(scope="session")
def gguf() -> Path:
    return ensure_gguf()


@pytest.fixture(scope="session")
def local_model(gguf: Path) -> LocalModel:
    model = LocalModel(gguf)
    model.load()
    return model
