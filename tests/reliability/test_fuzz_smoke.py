"""The coverage-guided fuzzer (benchmarks/fuzz_pipeline.py) runs a bounded session cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (Linux dev extra)")

FUZZER = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz_pipeline.py"


@pytest.mark.slow
def test_a_bounded_fuzzing_session_finds_nothing(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, str(FUZZER), "-runs=500", "-seed=1"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 500 runs" in done.stderr and not list(tmp_path.glob("crash-*"))
