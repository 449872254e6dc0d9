"""Shared test fixtures: paths to the project's sample corpus and the optional shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """`../shared` beside the clone; tests that need it skip when it is absent."""
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def seed(shared_dir: Path):
    """`seed("001")`: the path of the shared seed document with that number."""

    def find(prefix: str) -> Path:
        return next((shared_dir / "corpus" / "seeds").glob(f"{prefix}_*"))

    return find
