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


def seed_path(shared: Path, prefix: str) -> Path:
    return next((shared / "corpus" / "seeds").glob(f"{prefix}_*"))
